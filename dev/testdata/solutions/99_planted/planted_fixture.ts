// The planted suite (planted.ts) as deno test runs a kata's suite: `deno test
// dev/testdata/solutions/99_planted/planted_fixture.ts -- --seed=S`. Not a *_test.ts file, so
// only dev/sweep_test.ts runs it.
import { runSuite } from "../../../../tests/harness/harness.ts";
import { plantedSuite } from "./planted.ts";

runSuite(plantedSuite, {}, import.meta.url);
