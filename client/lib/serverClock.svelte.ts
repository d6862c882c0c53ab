const TICK_MS = 250;

/**
 * Server time as rune state: the local clock corrected by the measured offset, re-read every
 * 250 ms while running so countdowns move on their own.
 */
export class ServerClock {
  now = $state(Date.now());
  #offset = 0;
  #ticker: ReturnType<typeof setInterval> | null = null;

  /** The connection measured the offset between the server's clock and ours. */
  setOffset(offset: number): void {
    this.#offset = offset;
    this.now = Date.now() + offset;
  }

  /** A first guess from the join answer, used only until a measurement has arrived. */
  estimate(serverTime: number): void {
    if (this.#offset !== 0) return;
    this.#offset = serverTime - Date.now();
    this.now = serverTime;
  }

  start(): void {
    this.#ticker = setInterval(() => (this.now = Date.now() + this.#offset), TICK_MS);
  }

  stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
  }
}
