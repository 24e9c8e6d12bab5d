/**
 * Tests of `deno task bench:runner`'s pieces that need no timing: its row and its flags. Its
 * figures themselves are never asserted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseRunnerArgs, RUNNER_RATIO, runnerRow } from "./bench_runner.ts";

Deno.test("bench:runner: the ratio of the medians, against issue 21's target", () => {
  assert.equal(RUNNER_RATIO, 1);
  assert.deepEqual(runnerRow(0.5, 1), {
    line:
      "deno task kata (nothing changed) 0.500 s, deno test katas/11_train 1.000 s: ratio 0.50 (≤ 1: met)",
    met: true,
  });
  assert.equal(runnerRow(4.4, 1.05).met, false);
  assert.match(runnerRow(4.4, 1.1).line, /ratio 4\.00 \(≤ 1: not met\)$/);
});

Deno.test("bench:runner: --runs, 3 unless told; a bad count is a usage error", () => {
  assert.equal(parseRunnerArgs([]), 3);
  assert.equal(parseRunnerArgs(["--runs", "5"]), 5);
  assert.equal(parseRunnerArgs(["--help"]), "help");
  assert.throws(() => parseRunnerArgs(["--runs", "0"]), /--runs 0/);
});
