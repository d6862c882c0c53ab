import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lastResortHandlers } from '../../server/lastResort.ts';

function capturingLogger(): { log: pino.Logger; lines: Array<{ level: number; msg: string; repeatsNotLogged: number; err: { message: string } }> } {
  const lines: Array<{ level: number; msg: string; repeatsNotLogged: number; err: { message: string } }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

function sameBug(): Error {
  return new TypeError('Cannot read properties of undefined');
}

describe('last-resort error handlers', () => {
  it('log an uncaught error once per interval and count the repeats they did not log', async () => {
    const { log, lines } = capturingLogger();
    let now = 0;
    const handlers = lastResortHandlers(log, () => now, 60_000);
    for (let i = 0; i < 500; i++) handlers.onUncaughtException(sameBug(), 'uncaughtException');
    now = 61_000;
    handlers.onUncaughtException(sameBug(), 'uncaughtException');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(lines.map((l) => [l.level, l.msg, l.repeatsNotLogged])).toEqual([
      [50, 'uncaught exception: kept serving', 0],
      [50, 'uncaught exception: kept serving', 499],
    ]);
  });

  it('log different errors and rejections each on their own line', async () => {
    const { log, lines } = capturingLogger();
    const handlers = lastResortHandlers(log, () => 0, 60_000);
    handlers.onUncaughtException(sameBug());
    handlers.onUncaughtException(new RangeError('Invalid array length'));
    handlers.onUnhandledRejection('a plain string');
    handlers.onUnhandledRejection('a plain string');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(lines.map((l) => [l.msg, l.err.message])).toEqual([
      ['uncaught exception: kept serving', 'Cannot read properties of undefined'],
      ['uncaught exception: kept serving', 'Invalid array length'],
      ['unhandled rejection: kept serving', 'non-error thrown: a plain string'],
    ]);
  });
});
