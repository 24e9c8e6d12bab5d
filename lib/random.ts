/**
 * A Mersenne Twister (MT19937) that reproduces CPython's `random` module: the same seed gives
 * the same `random()`, `getrandbits()`, `shuffle()` and `choices()` as Python 3.11, bit for bit,
 * so microgpt's shuffle of the names comes out identical.
 *
 * `gauss` matches too, with one exception. CPython's `gauss` calls the C library's `log`, `cos`
 * and `sin` (glibc's, on Linux). The `log` here is `libm.ts`, a bit-for-bit copy of glibc's;
 * `cos` and `sin` are V8's `Math.cos` and `Math.sin`, which round about 1 input in 700 to the
 * neighbouring float (measured against glibc 2.36 on x86_64 with FMA). The gauss value is then
 * 1 to 3 ulp away from Python's, because multiplying by the radius and by `sigma` can widen a
 * 1-ulp gap: of a million `gauss(0, 0.08)` draws after `seed(42)`, 1,074 differ, 814 by 1 ulp,
 * 244 by 2 and 16 by 3. Of microgpt's 4,192 initial parameters exactly one differs from the
 * Python reference run: #4050 is -0.014947452577900215 instead of -0.014947452577900212 (2 ulp),
 * because `Math.cos(1.7305574920506677)` is 1 ulp away from glibc's `cos`.
 *
 * @example Same numbers as `random.seed(42); random.random()` in Python
 * ```ts
 * import { Random } from "./random.ts";
 *
 * const rng = new Random(42);
 * rng.random(); // 0.6394267984578837
 * ```
 *
 * @module
 */

import { log } from "./libm.ts";

/** Size of the MT19937 state, in 32-bit words. */
const N = 624;
/** Offset of the word mixed into each twist. */
const M = 397;
/** 2π as Python's `random.TWOPI` (`2.0 * math.pi`). */
const TWOPI = 2 * Math.PI;

/** A {@linkcode Random}'s whole state, as plain numbers (see {@linkcode Random.getState}). */
export interface RandomState {
  /** The 624 words of the Mersenne Twister. */
  readonly mt: readonly number[];
  /** How many of the words have been used since the last twist (0..624). */
  readonly index: number;
  /** The second `gauss` value kept for the next call, or null. */
  readonly gaussNext: number | null;
}

/**
 * A seeded pseudo-random generator with CPython's algorithms and op order.
 *
 * @example Seed, then draw as Python would
 * ```ts
 * import { Random } from "./random.ts";
 *
 * const rng = new Random(42);
 * const docs = ["a", "b", "c"];
 * rng.shuffle(docs); // like random.shuffle(docs)
 * const w = rng.gauss(0, 0.08); // like random.gauss(0, 0.08)
 * ```
 */
export class Random {
  #mt = new Uint32Array(N);
  #index = N;
  /** Python's `gauss_next`: the second value of the last Box–Muller pair, or null. */
  #gaussNext: number | null = null;

  /**
   * Seeds like `random.seed(seed)`; without a seed, from `crypto.getRandomValues`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42n); // same as new Random(42)
   * ```
   */
  constructor(seed?: number | bigint) {
    if (seed === undefined) {
      this.#initByArray(crypto.getRandomValues(new Uint32Array(N)));
    } else {
      this.seed(seed);
    }
  }

  /**
   * Re-seeds like Python's `random.seed(n)` for an integer `n`: the 32-bit chunks of `abs(n)`,
   * least significant first (`0` gives the key `[0]`), go through MT19937's `init_by_array`.
   * Also forgets the cached second `gauss` value, as Python does.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(1);
   * rng.seed(42);
   * rng.random(); // 0.6394267984578837
   * ```
   */
  seed(n: number | bigint): void {
    if (typeof n === "number" && !Number.isInteger(n)) {
      throw new RangeError(`seed must be an integer, got ${n}`);
    }
    let rest = BigInt(n);
    if (rest < 0n) rest = -rest;
    const key: number[] = [];
    do {
      key.push(Number(rest & 0xffffffffn));
      rest >>= 32n;
    } while (rest > 0n);
    this.#initByArray(key);
    this.#gaussNext = null;
  }

  /**
   * The generator's whole state as plain numbers (JSON-safe), like Python's
   * `random.getstate()`: {@linkcode Random.setState} with it makes a generator that draws the
   * same numbers from here on.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42);
   * const copy = new Random(0);
   * copy.setState(rng.getState());
   * copy.random() === rng.random(); // true
   * ```
   */
  getState(): RandomState {
    return {
      mt: [...this.#mt],
      index: this.#index,
      gaussNext: this.#gaussNext,
    };
  }

  /**
   * Restores a state from {@linkcode Random.getState}, like Python's `random.setstate()`.
   * Throws a RangeError when it is not one: 624 unsigned 32-bit words, an index in 0..624 and
   * a finite number or null.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const saved = new Random(42).getState();
   * const rng = new Random();
   * rng.setState(saved);
   * rng.random(); // 0.6394267984578837
   * ```
   */
  setState(state: RandomState): void {
    const { mt, index, gaussNext } = state ?? {};
    const word = (w: unknown) =>
      Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32;
    if (
      !Array.isArray(mt) || mt.length !== N || !mt.every(word) ||
      !Number.isInteger(index) || index < 0 || index > N ||
      !(gaussNext === null || Number.isFinite(gaussNext))
    ) {
      throw new RangeError(
        `not a generator state: expected ${N} 32-bit words, an index in 0..${N} and gaussNext`,
      );
    }
    this.#mt.set(mt);
    this.#index = index;
    this.#gaussNext = gaussNext;
  }

  /**
   * A float in [0, 1) with 53 random bits, exactly as Python's `random.random()`.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * new Random(0).random(); // 0.8444218515250481
   * ```
   */
  random(): number {
    // 27 bits from one word and 26 from the next make a 53-bit integer a·2^26 + b,
    // scaled by 2^-53: every float k/2^53 in [0, 1) is equally likely.
    const a = this.#nextUint32() >>> 5;
    const b = this.#nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * An integer with `k` random bits (0 ≤ result < 2^k), as Python's `random.getrandbits(k)`,
   * for 0 ≤ k ≤ 53.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * new Random(42).getrandbits(8); // 163
   * ```
   */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 53) {
      throw new RangeError(`getrandbits needs an integer k in 0..53, got ${k}`);
    }
    if (k === 0) return 0;
    if (k <= 32) return this.#nextUint32() >>> (32 - k);
    // Python fills 32-bit words from the least significant end; the last word keeps its top bits.
    const low = this.#nextUint32();
    const high = this.#nextUint32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /**
   * A normal sample with mean `mu` and standard deviation `sigma`, as Python's
   * `random.gauss(mu, sigma)`: Box–Muller makes two values per pair of uniforms; the second is
   * kept for the next call. Bit for bit Python's value, except about 1 in 1,000 that is 1 to
   * 3 ulp away, where V8's `Math.cos` or `Math.sin` rounds differently from glibc (see the
   * module documentation).
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42);
   * rng.gauss(0, 0.08); // -0.011527226366234268
   * ```
   */
  gauss(mu = 0, sigma = 1): number {
    let z = this.#gaussNext;
    this.#gaussNext = null;
    if (z === null) {
      // cos(2πx)·sqrt(-2·log(1-y)) and sin(2πx)·sqrt(-2·log(1-y)) are independent N(0, 1).
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * log(1.0 - this.random()));
      z = Math.cos(x2pi) * g2rad;
      this.#gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  /**
   * Shuffles `x` in place, as Python's `random.shuffle(x)` (Fisher–Yates from the end).
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * const xs = [0, 1, 2, 3, 4];
   * new Random(42).shuffle(xs); // xs is now [3, 1, 2, 4, 0]
   * ```
   */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.#randbelow(i + 1);
      const xi = x[i]; // a swap without the array [x[j], x[i]]: 32,033 of them in microgpt
      x[i] = x[j];
      x[j] = xi;
    }
  }

  /**
   * The index that `random.choices(range(len(weights)), weights=weights)[0]` picks: each index
   * with probability proportional to its weight. Throws a RangeError when `weights` is empty or
   * their total is not a positive finite number.
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   *
   * new Random(42).choices([1, 2, 3]); // 2
   * ```
   */
  choices(weights: readonly number[]): number {
    const n = weights.length;
    if (n === 0) throw new RangeError("choices: give at least one weight");
    // Running sums, left to right, as itertools.accumulate.
    const cum = [weights[0]];
    for (let i = 1; i < n; i++) cum.push(cum[i - 1] + weights[i]);
    const total = cum[n - 1];
    if (total <= 0) {
      throw new RangeError(
        `choices: the weights must add up to more than zero, got a total of ${total}`,
      );
    }
    if (!Number.isFinite(total)) {
      throw new RangeError(
        `choices: the weights must add up to a finite number, got a total of ${total}`,
      );
    }
    return bisectRight(cum, this.random() * total, 0, n - 1);
  }

  /** An integer in [0, n) for 0 < n < 2^32: draw bit_length(n) bits until below n. */
  #randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    // getrandbits(k) for k <= 32, without its checks: shuffle draws one per element.
    let r = this.#nextUint32() >>> (32 - k);
    while (r >= n) r = this.#nextUint32() >>> (32 - k);
    return r;
  }

  /** MT19937 `init_genrand`: fills the state from one 32-bit seed. */
  #initGenrand(s: number): void {
    const mt = this.#mt;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.#index = N;
  }

  /** MT19937 `init_by_array`: mixes a key of 32-bit words into the state (CPython's seeding). */
  #initByArray(key: ArrayLike<number>): void {
    const mt = this.#mt;
    this.#initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1];
      // The Uint32Array store keeps the sum modulo 2^32, as C's uint32 arithmetic does.
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial state
  }

  /** Regenerates all N words of the state at once (the "twist"). */
  #twist(): void {
    const mt = this.#mt;
    for (let i = 0; i < N; i++) {
      // Top bit of this word, low 31 bits of the next; multiply by the matrix A over GF(2).
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.#index = 0;
  }

  /** The next 32-bit output: a state word passed through the tempering transform. */
  #nextUint32(): number {
    if (this.#index >= N) this.#twist();
    let y = this.#mt[this.#index++];
    // Tempering: an invertible bit mix that spreads the state's bits evenly over the output.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** Python's `bisect.bisect_right(a, x, lo, hi)`: the first index in [lo, hi] with x < a[i]. */
function bisectRight(a: number[], x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
