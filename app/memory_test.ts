/**
 * Tests of the memory estimate (`app/memory.ts`): it grows with every size, microgpt's sizes
 * and the 12.6M-weight fast model fit a modest machine, and a scalar model 1024 wide gets
 * one line that says what it needs, what the machine gives and what to do. The estimate's
 * bytes are checked against measured peaks by `deno task bench:memory`, not here.
 *
 * @module
 */
import assert from "node:assert/strict";
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { UsageError } from "./cli.ts";
import { ENGINES } from "./engines.ts";
import {
  checkMemory,
  estimateMemory,
  memoryProblem,
  type ModelSizes,
  paramCount,
} from "./memory.ts";

const GIB = 2 ** 30;
/** A machine of 8 GiB whose Deno processes get V8's usual 4 GiB heap. */
const MODEST = { heap: 4 * GIB, machine: 8 * GIB };

Deno.test("memory: each engine's estimate grows with every size, and its heap part is within it", () => {
  const base: ModelSizes = { nEmbd: 32, nHead: 2, nLayer: 2, blockSize: 32 };
  for (const engine of ENGINES) {
    const before = estimateMemory(engine, base);
    assert.ok(before.heapBytes <= before.bytes, engine);
    for (const key of ["nEmbd", "nHead", "nLayer", "blockSize"] as const) {
      const after = estimateMemory(engine, { ...base, [key]: 2 * base[key] });
      assert.ok(
        after.bytes > before.bytes,
        `${engine}: doubling ${key} should need more than ${before.bytes} bytes, got ${after.bytes}`,
      );
    }
    const wider = estimateMemory(engine, { ...base, vocabSize: 200 });
    assert.ok(wider.bytes > before.bytes, `${engine}: a larger vocabulary`);
  }
});

Deno.test("memory: microgpt's sizes fit either engine and the 12.6M-weight fast model fits, on a modest machine", () => {
  for (const engine of ENGINES) {
    assert.equal(memoryProblem(engine, MICROGPT_TRAIN, MODEST), undefined);
    checkMemory(engine, MICROGPT_TRAIN, undefined, MODEST);
  }
  const big = { ...MICROGPT_TRAIN, nEmbd: 512, nLayer: 4 };
  assert.equal(Math.round(paramCount(big) / 1e5) / 10, 12.6);
  assert.equal(memoryProblem("fast", big, MODEST), undefined);
});

Deno.test("memory: a model too big for the heap or the machine gets one line with the estimate, the limit and what to do", () => {
  const wide = { ...MICROGPT_TRAIN, nEmbd: 1024 };
  assert.match(
    memoryProblem("scalar", wide, MODEST) ?? "",
    /^--engine scalar --n-embd 1024 needs about \d+\.\d GiB \(the Value graph of one step: [\d.]+K nodes, [\d.]+M links, and [\d.]+M weights\); this machine gives a Deno process about 4\.0 GiB — use --engine fast, or a smaller --n-embd\/--n-layer\/--block-size$/,
  );
  assert.equal(memoryProblem("fast", wide, MODEST), undefined);
  const deep = { ...MICROGPT_TRAIN, nEmbd: 1024, nLayer: 64 };
  assert.match(
    memoryProblem("fast", deep, MODEST) ?? "",
    /^--engine fast --n-embd 1024 --n-layer 64 needs about \d+\.\d GiB \([\d.]+G numbers in [\d.]+K Float64Arrays: .*\); this machine has about 8\.0 GiB — use a smaller --n-embd\/--n-layer\/--block-size$/,
  );
  assert.throws(
    () => checkMemory("scalar", wide, "the model in m.json", MODEST),
    (e) =>
      e instanceof UsageError &&
      e.message.startsWith("the model in m.json needs about"),
  );
});
