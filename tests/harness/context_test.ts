import assert from "node:assert/strict";
import {
  contextFromArgs,
  inGate,
  runContext,
  seedArgument,
  withContext,
} from "./context.ts";

Deno.test("harness: --seed after -- is a whole number; anything else is reported, not thrown", () => {
  assert.equal(seedArgument([]), undefined);
  assert.equal(seedArgument(["--seed=42"]), 42);
  assert.equal(seedArgument(["--seed", "-7"]), -7);
  assert.deepEqual(seedArgument(["--seed=abc"]), { bad: "abc" });
  assert.deepEqual(seedArgument(["--seed"]), { bad: "" });
  assert.deepEqual(seedArgument(["--seed=1e3"]), { bad: "1e3" });
});

Deno.test("harness: a context from the arguments has their seed and a replay line for it", () => {
  assert.deepEqual(contextFromArgs(["--seed=42"]), {
    seed: 42,
    replay: "add `-- --seed=42` to your deno test command",
    gate: false,
  });
  const { seed } = contextFromArgs([]);
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
  assert.ok(Number.isInteger(contextFromArgs(["--seed=x"]).seed));
});

Deno.test("harness: withContext changes the context for what it runs, and puts it back", async () => {
  const before = runContext();
  assert.equal(runContext(), before, "one context per process");
  const seen = await withContext({ gate: true, replay: "r" }, async () => {
    await Promise.resolve();
    return { ...runContext(), inGate: inGate() };
  });
  assert.deepEqual(seen, { ...before, gate: true, replay: "r", inGate: true });
  assert.equal(runContext(), before);
  await assert.rejects(
    withContext({ gate: true }, () => {
      throw new Error("no");
    }),
    /no/,
  );
  assert.equal(runContext(), before);
});
