import type { BreakoutContext } from './BreakoutContext.ts';
import { bringEveryoneBack } from './bringEveryoneBack.ts';

/**
 * Brings everyone back when a countdown ends, on the node that started it. Should that node die, the
 * facilitator's client asks again at zero: the roll-up is idempotent, so asking twice is harmless.
 */
export function scheduleReturn(ctx: BreakoutContext, returnAt: number): void {
  const { registry, log } = ctx.services;
  const timer = setTimeout(() => {
    void (async () => {
      const plenary = await registry.acquire(ctx.plenary.id);
      if (!plenary) return;
      try {
        await plenary.runExclusive(() => bringEveryoneBack({ ...ctx, plenary }, { countdownSeconds: 0 }));
      } finally {
        registry.release(plenary);
      }
    })().catch((err: unknown) => log.warn({ err, workshopId: ctx.plenary.id }, 'breakout return after countdown failed'));
  }, Math.max(0, returnAt - ctx.services.now()));
  timer.unref();
}
