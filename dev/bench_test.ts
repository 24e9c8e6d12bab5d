/**
 * Tests of `deno task bench`'s pieces that need no timing: the median, its flags, the rows it
 * prints, and its bad flags (one line, exit code 2). Its figures themselves are never asserted: speed targets live in
 * the benchmark's output, not in timed tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runTask } from "../tests/harness/processes.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import {
  engineRow,
  median,
  mistakeRow,
  parseBenchArgs,
  TARGETS,
} from "./bench.ts";

Deno.test("bench: the median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

Deno.test("bench: the engines are listed slowest first, with issue 10's targets", () => {
  assert.deepEqual(Object.keys(TARGETS), ["scalar", "fast"]);
  assert.deepEqual(TARGETS.fast, { seconds: 0.25, megabytes: 80 });
  assert.deepEqual(TARGETS.scalar, { seconds: 2.5, megabytes: 150 });
});

Deno.test("bench: the flags, with their defaults", () => {
  assert.deepEqual(parseBenchArgs([]), {
    data: "data/names.txt",
    runs: 5,
    engines: ["scalar", "fast"],
    suites: false,
    mistakes: false,
  });
  assert.deepEqual(
    parseBenchArgs(["--mistakes", "--engines", "fast", "--runs", "3"]),
    {
      data: "data/names.txt",
      runs: 3,
      engines: ["fast"],
      suites: false,
      mistakes: true,
    },
  );
  assert.equal(parseBenchArgs(["--runs", "0", "--help"]), "help");
});

Deno.test("bench: an engine's row, with its ratio to the one before and its target", () => {
  assert.deepEqual(
    engineRow("fast", { seconds: 0.2, megabytes: 60.4, highest: 71.6 }, 2),
    {
      line:
        "fast     0.200 s      60 MB (72)              10.0× faster     ≤ 0.25 s, ≤ 80 MB: met",
      met: true,
    },
  );
  assert.deepEqual(engineRow("scalar", { seconds: 12.34 }), {
    line:
      "scalar   12.3 s       —                       —                ≤ 2.5 s, ≤ 150 MB: MISSED",
    met: false,
  });
});

Deno.test("bench: a mistake's row, its ratio to the solution before its name", () => {
  assert.equal(
    mistakeRow("04", "sum as a chain of add nodes", 0.3, 0.2),
    "0.300 s    1.50×       04    sum as a chain of add nodes",
  );
  assert.equal(
    mistakeRow("", "the solution", 0.2, 0.2),
    "0.200 s    1.00×             the solution",
  );
});

Deno.test("bench: a bad flag gets one line and exit code 2", async () => {
  requirePermissions({ name: "run", command: "deno" });
  for (
    const [args, message] of [
      [["--runs", "0"], "--runs must be a whole number from 1"],
      [["--engines", "turbo"], `--engines takes fast and scalar, got "turbo"`],
      [["--nope"], "Unknown option '--nope'"],
    ] as const
  ) {
    const out = await runTask("bench", args);
    const stderr = out.stderr.trim();
    assert.equal(out.code, 2, `${args.join(" ")}: ${stderr}`);
    assert.equal(stderr.split("\n").length, 1, stderr);
    assert.ok(stderr.includes(message), stderr);
  }
});
