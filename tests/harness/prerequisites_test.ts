import assert from "node:assert/strict";
import fc from "fast-check";
import { GATE_RUNS, inGate, NUM_RUNS } from "./context.ts";
import { PrerequisiteFailure } from "./failure.ts";
import { checkPrerequisites } from "./prerequisites.ts";
import { forAll } from "./property.ts";

Deno.test("harness: a failing prerequisite names the earlier kata to finish", async () => {
  const suite = {
    kata: "09_next",
    diagnoses: {},
    prerequisites: () => [{
      kata: "08_before",
      checks: [{
        name: "08 before: holds",
        run: () => {
          throw new Error("no");
        },
      }],
    }],
    checks: () => [],
  };
  await assert.rejects(checkPrerequisites(suite, {}), (e) => {
    assert.ok(e instanceof PrerequisiteFailure);
    assert.match(e.message, /deno test katas\/08_before/);
    // It also says which check of the earlier kata fails, and why.
    assert.match(e.message, /"08 before: holds" fails: Error: no/);
    return true;
  });
  await checkPrerequisites({ ...suite, prerequisites: () => [] }, {});
});

Deno.test("harness: a prerequisite runs as a gate, with GATE_RUNS cases a property", async () => {
  const seen: { gate: boolean; runs: number }[] = [];
  const check = {
    name: "08 before: counts",
    run: () => {
      let runs = 0;
      forAll(fc.integer(), () => {
        runs++;
      });
      seen.push({ gate: inGate(), runs });
    },
  };
  await checkPrerequisites({
    kata: "09_next",
    diagnoses: {},
    prerequisites: () => [{ kata: "08_before", checks: [check] }],
    checks: () => [],
  }, {});
  check.run();
  assert.deepEqual(seen, [
    { gate: true, runs: GATE_RUNS },
    { gate: false, runs: NUM_RUNS },
  ]);
});
