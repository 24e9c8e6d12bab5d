/**
 * Tests of `deno task bench:memory`'s pieces that need no measuring: each case is a valid
 * `deno task run` on a modest machine (so the run is measured, not refused), a scalar one
 * sees its whole block of the long documents, and each gets a row.
 *
 * @module
 */
import assert from "node:assert/strict";
import { memoryProblem } from "../app/memory.ts";
import { parseRunArgs } from "../app/run_options.ts";
import {
  caseArgs,
  liveRow,
  LONG_NAMES,
  MEMORY_CASES,
  memoryRow,
} from "./bench_memory.ts";

Deno.test("bench:memory: every case is a valid run, fits a modest machine, and the scalar ones see their whole block", async () => {
  const modest = { heap: 4 * 2 ** 30, machine: 8 * 2 ** 30 };
  const docs =
    (await Deno.readTextFile(new URL(`../${LONG_NAMES}`, import.meta.url)))
      .trim().split("\n");
  for (const c of MEMORY_CASES) {
    const [, , , ...flags] = caseArgs(c);
    const parsed = parseRunArgs(flags, false);
    assert.ok(!parsed.help);
    assert.equal(parsed.options.engine, c.engine);
    assert.equal(parsed.options.nEmbd, c.nEmbd);
    assert.equal(memoryProblem(c.engine, c, modest), undefined);
    // The fast engine's tape is a whole block whatever the document; the graph is not.
    if (c.engine === "scalar") {
      for (const doc of docs) assert.ok(doc.length + 1 >= c.blockSize);
    }
  }
  assert.match(
    memoryRow(MEMORY_CASES[0], 70),
    /^scalar +16 +1 +16 +4 +\d+ MB +70 MB +\d\.\d\d$/,
  );
  assert.match(
    liveRow(MEMORY_CASES[0], { weights: 2 ** 20, graph: 2 ** 21 }),
    /^scalar +16 +1 +16 +4 +[\d.]+ MB +1\.0 MB +[\d.]+ +[\d.]+ MB +2\.0 MB +[\d.]+$/,
  );
});
