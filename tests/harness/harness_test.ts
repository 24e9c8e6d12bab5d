import assert from "node:assert/strict";
import * as harness from "./harness.ts";

Deno.test("harness: the entry re-exports the API the suites, mutants and meta-tests import", () => {
  const api = [
    "allZero",
    "anyReal",
    "assertClose",
    "BITS",
    "check",
    "CheckFailure",
    "checkGradients",
    "checkPrerequisites",
    "count",
    "describeModel",
    "diagnoses",
    "ensure",
    "EXACTISH",
    "forAll",
    "GATE_RUNS",
    "GRADIENT",
    "guardReads",
    "inGate",
    "isClose",
    "list",
    "matrix",
    "modelConfigs",
    "notImplemented",
    "NUM_RUNS",
    "numericGrad",
    "positive",
    "PrerequisiteFailure",
    "prerequisite",
    "property",
    "real",
    "reals",
    "ROUNDING",
    "runContext",
    "runSuite",
    "seedArgument",
    "suite",
    "weighted",
    "weights",
    "whichMistake",
    "withContext",
  ];
  const missing = api.filter((name) => !(name in harness));
  assert.deepEqual(missing, []);
});
