/** A token bucket: `ratePerSecond` sustained, bursts up to twice that. */
export class TokenBucket {
  readonly #capacity: number;
  readonly #ratePerMs: number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, now: () => number = Date.now) {
    this.#capacity = ratePerSecond * 2;
    this.#ratePerMs = ratePerSecond / 1000;
    this.#tokens = this.#capacity;
    this.#now = now;
    this.#last = now();
  }

  readonly #now: () => number;

  tryTake(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#ratePerMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
