/**
 * A mutant is a solution with one typical learner mistake planted in it, as text edits of
 * the solution file. The honesty meta-test (`tests/meta/honesty_test.ts`, through
 * `tests/meta/audit.ts`) proves that the kata's suite catches each one, and that the first failure
 * a learner sees carries the diagnosis the mutant expects.
 *
 * @module
 */
import type { Diagnosis } from "../harness/harness.ts";

/** One planted mistake. */
export interface Mutant {
  /** The mistake, in the learner's words. */
  readonly name: string;
  /** The solution file it changes, relative to `solutions/`: `"02_value/value.ts"`. */
  readonly file: string;
  /** `[find, replace]` pairs; each `find` must occur exactly once in the file. */
  readonly edits: readonly (readonly [string, string])[];
  /** The diagnosis the first failing check must show: the suite names this mistake. */
  readonly expect: Diagnosis;
}
