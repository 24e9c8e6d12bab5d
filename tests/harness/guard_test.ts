import assert from "node:assert/strict";
import { diagnoses } from "./diagnosis.ts";
import { CheckFailure } from "./failure.ts";
import { guardReads } from "./guard.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

Deno.test("harness: guardReads fails a loop that keeps reading past its budget", () => {
  const nodes = [{ children: [1] }, { children: [2] }];
  guardReads(nodes, "children", 3, () => new CheckFailure("stuck", D.other));
  assert.deepEqual(nodes[0].children, [1]);
  assert.deepEqual(nodes[1].children, [2]);
  assert.deepEqual(nodes[0].children, [1]);
  assert.throws(
    () => nodes[1].children,
    (e) => e instanceof CheckFailure && e.diagnosis === D.other,
  );
});
