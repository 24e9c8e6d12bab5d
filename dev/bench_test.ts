/**
 * Tests of `deno task bench`'s pieces that need no timing: the median, and its bad flags
 * (one line, exit code 2). Its figures themselves are never asserted: speed targets live in
 * the benchmark's output, not in timed tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { median, TARGETS } from "./bench.ts";

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

Deno.test("bench: a bad flag gets one line and exit code 2", async () => {
  requirePermissions({ name: "run", command: "deno" });
  for (
    const [args, message] of [
      [["--runs", "0"], "--runs must be a whole number from 1"],
      [["--engines", "turbo"], `--engines takes fast and scalar, got "turbo"`],
      [["--nope"], "Unknown option '--nope'"],
    ] as const
  ) {
    const out = await new Deno.Command("deno", {
      args: ["task", "-q", "bench", ...args],
      cwd: new URL("../", import.meta.url),
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr).trim();
    assert.equal(out.code, 2, `${args.join(" ")}: ${stderr}`);
    assert.equal(stderr.split("\n").length, 1, stderr);
    assert.ok(stderr.includes(message), stderr);
  }
});
