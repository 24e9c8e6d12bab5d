/**
 * Properties: a check that a body holds for every value of a fast-check arbitrary, run with
 * the run's seed and failing with the smallest input fast-check finds.
 *
 * @module
 */
import fc from "fast-check";
import { GATE_RUNS, NUM_RUNS, runContext } from "./context.ts";
import { asFailure, CheckFailure } from "./failure.ts";
import { literal } from "./format.ts";
import type { Check } from "./suite.ts";

/** How a {@link property} runs. */
export interface PropertyOptions {
  /** How many random cases it tries: {@link NUM_RUNS} by default, {@link GATE_RUNS} at most in a gate. */
  readonly numRuns?: number;
}

/**
 * The check `name`: `body` holds for every value of `arbitrary`. The body throws a
 * `CheckFailure` (with `ensure`, `assertClose`, …) when it does not; the failure adds the
 * smallest failing input and how to replay it. `name` leaves out the kata prefix, which
 * `suite` adds.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { ensure, property } from "./harness.ts";
 * property("adding 0 changes nothing", fc.integer(), (n) => {
 *   ensure(n + 0 === n, `${n} + 0 is ${n + 0}`);
 * });
 * ```
 */
export function property<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => void,
  options: PropertyOptions = {},
): Check {
  return { name, run: () => forAll(arbitrary, body, options.numRuns) };
}

/**
 * The check `name` that `run` makes by itself: worked examples, a fixed case, or several
 * {@link forAll}s in a row. `name` leaves out the kata prefix, which `suite` adds.
 *
 * @example
 * ```ts
 * import { check, ensure } from "./harness.ts";
 * check("0 is falsy", () => ensure(!0, "0 is truthy"));
 * ```
 */
export function check(
  name: string,
  run: () => void | Promise<void>,
): Check {
  return { name, run };
}

/**
 * Runs a fast-check property with this run's seed. On failure it throws one
 * {@link CheckFailure} whose message is the property's own message, the smallest failing
 * input fast-check found, and how to replay it. In a prerequisite gate it tries at most
 * {@link GATE_RUNS} cases.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * forAll(fc.integer(), (n) => {
 *   if (n + 0 !== n) throw new CheckFailure(`${n} + 0 should be ${n}`);
 * });
 * ```
 */
export function forAll<T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => void,
  numRuns: number = NUM_RUNS,
): void {
  const { seed, gate, replay } = runContext();
  const details = fc.check(fc.property(arb, predicate), {
    seed,
    numRuns: gate ? Math.min(numRuns, GATE_RUNS) : numRuns,
  });
  if (!details.failed) return;
  const failure = asFailure(details.errorInstance);
  // The one value drawn, as plain text: not fast-check's tuple of arguments, nor its
  // `__proto__:null` for the records it draws without a prototype.
  const [input] = details.counterexample ?? [];
  throw new CheckFailure(
    `${failure.problem}\n    input: ${literal(input)}`,
    failure.diagnosis,
    `\n    replay: ${replay}`,
  );
}
