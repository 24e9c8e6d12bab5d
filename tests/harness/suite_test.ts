import assert from "node:assert/strict";
import { diagnoses } from "./diagnosis.ts";
import { check } from "./property.ts";
import { prerequisite, suite } from "./suite.ts";

const D = diagnoses("99_demo", { off: "off by one" });

const demo = suite<{ twice: (x: number) => number }>({
  kata: "99_demo",
  diagnoses: D,
  properties: ({ twice }) => [
    check("twice(2) is 4", () => assert.equal(twice(2), 4)),
    check("twice(0) is 0", () => assert.equal(twice(0), 0)),
  ],
});

Deno.test('harness: suite() names each check after its kata: "99 demo: …"', async () => {
  assert.equal(demo.kata, "99_demo");
  assert.equal(demo.diagnoses, D);
  assert.equal(demo.prerequisites, undefined);
  const checks = demo.checks({ twice: (x) => 2 * x });
  assert.deepEqual(checks.map((c) => c.name), [
    "99 demo: twice(2) is 4",
    "99 demo: twice(0) is 0",
  ]);
  for (const c of checks) await c.run();
  assert.throws(() => demo.checks({ twice: (x) => x + 2 })[1].run());
});

Deno.test("harness: suite() rejects a property that repeats the kata prefix", () => {
  const twice = suite<object>({
    kata: "99_demo",
    diagnoses: D,
    properties: () => [check("99 demo: holds", () => {})],
  });
  assert.throws(() => twice.checks({}), /suite\(\) adds the prefix/);
});

Deno.test("harness: prerequisite() is an earlier suite's kata and checks on the same modules", () => {
  const pre = prerequisite(demo, { twice: (x: number) => 2 * x });
  assert.equal(pre.kata, "99_demo");
  assert.deepEqual(pre.checks.map((c) => c.name), [
    "99 demo: twice(2) is 4",
    "99 demo: twice(0) is 0",
  ]);
});
