/**
 * The test harness every kata suite is built from: this module re-exports the public API of
 * the files beside it, one concern each. How to write a suite with it: `tests/README.md`.
 *
 * A suite is a list of named checks, each a plain function that throws on failure, so the
 * same checks run in `deno test` (through {@link runSuite}) and in the honesty meta-test
 * (`tests/meta/honesty_test.ts`), which runs them directly against stubs and planted mistakes.
 *
 * - `suite.ts`: {@link Check}, {@link Suite}, and {@link suite}, which builds a suite from
 *   properties named without the kata prefix;
 * - `property.ts`: {@link property}, {@link check} and {@link forAll};
 * - `failure.ts`: {@link CheckFailure}, {@link ensure}, {@link PrerequisiteFailure};
 * - `diagnosis.ts`: {@link Diagnosis} and {@link diagnoses}, the mistakes a suite names;
 * - `compare.ts`: tolerances, {@link isClose}, {@link assertClose}, {@link whichMistake};
 * - `format.ts`: {@link list} and {@link count}, for messages;
 * - `arbitraries.ts`: the shared arbitraries ({@link real}, {@link reals},
 *   {@link modelConfigs}, {@link sequences}, …) and their describers ({@link describeModel});
 * - `gradients.ts`: {@link numericGrad}, {@link weighted}, {@link checkGradients};
 * - `guard.ts`: {@link guardReads}, which stops a loop that never advances;
 * - `context.ts`: the seed, the replay command and the gate ({@link runContext},
 *   {@link inGate}), read from the command line when first needed, never at import;
 * - `prerequisites.ts`: {@link checkPrerequisites}, the gate of the earlier katas;
 * - `run_suite.ts` and `watchdog.ts`: {@link runSuite}, the `deno test` side.
 *
 * @module
 */
export {
  anyReal,
  describeModel,
  matrix,
  type ModelConfig,
  modelConfigs,
  pair,
  positive,
  real,
  reals,
  sequences,
  weights,
} from "./arbitraries.ts";
export {
  assertClose,
  BITS,
  EXACTISH,
  GRADIENT,
  howFar,
  isClose,
  type Mistake,
  offBy,
  ROUNDING,
  type Tolerance,
  whichMistake,
} from "./compare.ts";
export {
  contextFromArgs,
  GATE_RUNS,
  inGate,
  NUM_RUNS,
  type RunContext,
  runContext,
  seedArgument,
  withContext,
} from "./context.ts";
export { diagnoses, type Diagnosis } from "./diagnosis.ts";
export {
  asFailure,
  CheckFailure,
  ensure,
  notImplemented,
  PrerequisiteFailure,
} from "./failure.ts";
export { count, list } from "./format.ts";
export {
  allZero,
  checkGradients,
  type GradientCase,
  type GradNode,
  numericGrad,
  type Scalable,
  weighted,
} from "./gradients.ts";
export { guardReads } from "./guard.ts";
export { checkPrerequisites } from "./prerequisites.ts";
export { check, forAll, property, type PropertyOptions } from "./property.ts";
export { loading, runSuite } from "./run_suite.ts";
export {
  type Check,
  type Prerequisite,
  prerequisite,
  type Suite,
  suite,
  type SuiteSpec,
} from "./suite.ts";
export { STUCK_AFTER_MS } from "./watchdog.ts";
