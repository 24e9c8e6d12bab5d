/**
 * Comparing numbers: tolerances, closeness, and {@link assertClose}, which fails with the
 * first value that differs, says how far off it is ({@link howFar}: rounding, or more), and
 * names the known mistake whose value came instead.
 *
 * @module
 */
import type { Diagnosis } from "./diagnosis.ts";
import { CheckFailure } from "./failure.ts";
import { fmt } from "./format.ts";

/** Relative and absolute tolerance: `|a - b| <= atol + rtol * max(|a|, |b|)`. */
export interface Tolerance {
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance, for values near zero. */
  readonly atol: number;
}

/** For values that should match plain arithmetic up to rounding. */
export const EXACTISH: Tolerance = { rtol: 1e-12, atol: 1e-12 };
/** For values that must equal a plain-number computation done in the same order, bit for bit. */
export const BITS: Tolerance = { rtol: 0, atol: 0 };
/**
 * Relative only, for naming a mistake in a bit-for-bit check: a value within it of the
 * expected one differs by rounding alone (the same math, in another order).
 */
export const ROUNDING: Tolerance = { rtol: 1e-12, atol: 0 };
/**
 * For a gradient against its central-difference estimate (h = 1e-5, float64). The absolute
 * part covers gradients near 0, where the estimate's own error (h²/6 times the third
 * derivative) is all that is left.
 */
export const GRADIENT: Tolerance = { rtol: 1e-6, atol: 1e-6 };

/** Whether `a` and `b` agree within `tol` (NaN agrees only with NaN). */
export function isClose(
  a: number,
  b: number,
  tol: Tolerance = EXACTISH,
): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <=
    tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** A known mistake and the value it would produce, for {@link assertClose}. */
export type Mistake = readonly [Diagnosis, number | readonly number[]];

/**
 * Throws a {@link CheckFailure} unless `actual` is close to `expected`, elementwise.
 * The message names `what`, the first index that differs and both values. `mistakes` lists
 * known mistakes with the value each would produce: the first one that `actual` matches is
 * the failure's diagnosis, matched within `mistakeTol` (by default `tol`; a bit-for-bit check
 * names mistakes within {@link ROUNDING}, as their values are computed in another order). A
 * mistake whose value is the expected one is skipped: it cannot explain the difference. When
 * no mistake matches and `actual` is within `mistakeTol` of `expected`, the diagnosis is
 * `order`: the same math, in another order.
 *
 * @example
 * ```ts
 * assertClose(2 * 3, 6, "2 * 3");
 * assertClose([1, 2], [1, 2.0000000000001], "the grads");
 * ```
 */
export function assertClose(
  actual: number | readonly number[],
  expected: number | readonly number[],
  what: string,
  {
    tol = EXACTISH,
    mistakes = [],
    mistakeTol = tol,
    order,
  }: {
    tol?: Tolerance;
    mistakes?: readonly Mistake[];
    mistakeTol?: Tolerance;
    order?: Diagnosis;
  } = {},
): void {
  const diff = firstDifference(actual, expected, tol);
  if (diff === undefined) return;
  // A mistake that would give the expected value too cannot be what went wrong here.
  const telling = mistakes.filter(([, wrong]) =>
    firstDifference(wrong, expected, mistakeTol) !== undefined
  );
  const rounding = firstDifference(actual, expected, mistakeTol) === undefined;
  throw new CheckFailure(
    `${what}: ${diff}`,
    whichMistake(actual, telling, mistakeTol) ?? (rounding ? order : undefined),
  );
}

/**
 * The first of `mistakes` whose value `actual` matches within `tol`: the diagnosis for a
 * failure whose message a check words itself.
 */
export function whichMistake(
  actual: number | readonly number[],
  mistakes: readonly Mistake[],
  tol: Tolerance = EXACTISH,
): Diagnosis | undefined {
  return mistakes.find(([, wrong]) =>
    firstDifference(actual, wrong, tol) === undefined
  )?.[0];
}

function firstDifference(
  actual: number | readonly number[],
  expected: number | readonly number[],
  tol: Tolerance,
): string | undefined {
  if (typeof expected === "number" || typeof actual === "number") {
    if (typeof actual === "number" && typeof expected === "number") {
      return isClose(actual, expected, tol)
        ? undefined
        : `expected ${expected}, got ${actual}${howFar(actual, expected)}`;
    }
    return `expected ${fmt(expected)}, got ${fmt(actual)}`;
  }
  if (actual.length !== expected.length) {
    return `expected ${expected.length} values ${
      fmt(expected)
    }, got ${actual.length}: ${fmt(actual)}`;
  }
  const i = actual.findIndex((a, k) => !isClose(a, expected[k], tol));
  return i < 0
    ? undefined
    : `at index ${i} expected ${expected[i]}, got ${actual[i]}${
      howFar(actual[i], expected[i])
    }`;
}

/**
 * How far `actual` is from `expected`, for a failure message: the relative error, and whether
 * rounding alone could explain it ({@link ROUNDING}: a relative 1e-12). Empty when the two are
 * equal or one is not a finite number (NaN, Infinity), where a size says nothing.
 *
 * @example
 * ```ts
 * howFar(0.10000000002, 0.1);
 * // ", off by 2e-10 relative, more than rounding (which stays under 1e-12): the formula differs"
 * howFar(0.30000000000000004, 0.3);
 * // ", off by 1.9e-16 relative, no more than rounding: the same math done in another order …"
 * howFar(3, 2); // ", off by 50%, more than rounding (which stays under 1e-12): the formula differs"
 * howFar(-300, 2); // ", -150 times the expected value, more than rounding (…): the formula differs"
 * ```
 */
export function howFar(actual: number, expected: number): string {
  if (
    !Number.isFinite(actual) || !Number.isFinite(expected) ||
    actual === expected
  ) return "";
  const size = offBy(actual, expected);
  if (expected === 0) return `, ${size}`;
  return isClose(actual, expected, ROUNDING)
    ? `, ${size}, no more than rounding: the same math done in another order rounds differently, and this check wants every bit`
    : `, ${size}, more than rounding (which stays under 1e-12): the formula differs`;
}

/**
 * How far `actual` is from `expected`, in a few words: `off by 2e-10 relative`, `off by 1.1%`,
 * `-150 times the expected value`, or `off by 1e-17 where 0 was expected`. Both finite.
 *
 * @example
 * ```ts
 * offBy(1.011, 1); // "off by 1.1%"
 * ```
 */
export function offBy(actual: number, expected: number): string {
  const off = Math.abs(actual - expected);
  if (expected === 0) return `off by ${short(off)} where 0 was expected`;
  const rel = off / Math.abs(expected);
  return rel < 1e-3
    ? `off by ${short(rel)} relative`
    : rel < 10
    ? `off by ${short(rel * 100)}%`
    : `${short(actual / expected)} times the expected value`;
}

/** A number to two significant digits: `2.3e-10`, `1.1`, `-150`. */
function short(x: number): string {
  return Math.abs(x) < 1e-3
    ? x.toExponential(1).replace(".0e", "e")
    : String(Number(x.toPrecision(2)));
}
