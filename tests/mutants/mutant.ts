/**
 * A mutant is a solution with one typical learner mistake planted in it, as text edits of
 * the solution file. The honesty meta-test (`tests/meta/honesty_test.ts`, through
 * `tests/meta/audit.ts`) proves that the kata's suite catches each one, and that the first failure
 * a learner sees carries the diagnosis the mutant expects.
 *
 * A decoy is planted the same way, but it is a plausible mistake that no diagnosis of the
 * suite describes: the audit proves that the suite catches it and that no failure it causes
 * says "this looks like …", so that a diagnosis stays silent for a mistake it does not name.
 *
 * @module
 */
import type { Diagnosis } from "../harness/harness.ts";

/** One planted mistake: edits of one solution file. */
export interface Planted {
  /** The mistake, in the learner's words. */
  readonly name: string;
  /** The solution file it changes, relative to `solutions/`: `"02_value/value.ts"`. */
  readonly file: string;
  /** `[find, replace]` pairs; each `find` must occur exactly once in the file. */
  readonly edits: readonly (readonly [string, string])[];
}

/** One planted mistake that the suite names. */
export interface Mutant extends Planted {
  /** The diagnosis the first failing check must show: the suite names this mistake. */
  readonly expect: Diagnosis;
}

/**
 * One planted mistake that no diagnosis of the suite describes (a decoy): every check may
 * fail on it, one must, and none may show a diagnosis.
 */
export type Decoy = Planted;
