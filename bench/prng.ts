/**
 * A tiny seeded PRNG (mulberry32) and the draws the generator needs. Math.random is never used:
 * the same seed must give the same plant on every machine and every run.
 */

/** A deterministic random source. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** `n` distinct elements (order random); all of them when n >= length. */
  sample<T>(xs: readonly T[], n: number): T[] {
    const a = xs.slice();
    const k = Math.min(n, a.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (a.length - i));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  }
}

/** A bounded uniform sample of a stream (reservoir sampling), for plant meta at any scale. */
export class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;

  constructor(
    private readonly cap: number,
    private readonly rng: Rng,
  ) {}

  add(x: T): void {
    this.seen++;
    if (this.items.length < this.cap) this.items.push(x);
    else {
      const j = Math.floor(this.rng.next() * this.seen);
      if (j < this.cap) this.items[j] = x;
    }
  }
}
