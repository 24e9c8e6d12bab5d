/**
 * `deno task bench:runner`: how long a repeated `deno task kata` takes, with nothing changed,
 * against one warm `deno test katas/11_train` (issue 21: a ratio of at most 1). Both run on a
 * scratch copy of the project in `.cache/` after `deno task kata start 12`, once to warm up,
 * then `--runs` times each (3 unless told); the medians and their ratio are printed. The
 * figures are never asserted in tests.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { median } from "./bench.ts";
import { scratchProject } from "../tests/harness/scratch.ts";

/** Issue 21's target: a repeated `deno task kata` over a warm `deno test katas/11_train`. */
export const RUNNER_RATIO = 1;

const ROOT = new URL("../", import.meta.url);

/**
 * The line that compares the medians (seconds): the ratio, and whether it meets the target.
 *
 * @example
 * ```ts
 * runnerRow(0.5, 1).line; // "deno task kata (nothing changed) 0.500 s, deno test katas/11_train 1.000 s: ratio 0.50 (≤ 1: met)"
 * ```
 */
export function runnerRow(
  kataSeconds: number,
  testSeconds: number,
): { line: string; met: boolean } {
  const ratio = kataSeconds / testSeconds;
  const met = ratio <= RUNNER_RATIO;
  return {
    line: `deno task kata (nothing changed) ${
      kataSeconds.toFixed(3)
    } s, deno test katas/11_train ${testSeconds.toFixed(3)} s: ratio ${
      ratio.toFixed(2)
    } (≤ ${RUNNER_RATIO}: ${met ? "met" : "not met"})`,
    met,
  };
}

/** The number of timed runs `--runs N` asks for (3 by default), or `"help"`. */
export function parseRunnerArgs(args: string[]): number | "help" {
  const { values } = parseArgs({
    args,
    options: { runs: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return "help";
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new UsageError(`--runs ${values.runs} is not a whole number above 0`);
  }
  return runs;
}

/** Runs `deno …args` in `cwd`: its seconds; throws when it fails. */
async function seconds(cwd: URL, args: string[]): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command("deno", {
    args,
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const took = (performance.now() - started) / 1000;
  if (!out.success) {
    throw new UserError(
      `\`deno ${args.join(" ")}\` failed: ${
        new TextDecoder().decode(out.stderr).trim().split("\n").pop()
      }`,
    );
  }
  return took;
}

/** The median of `runs` timings of `deno …args` in `cwd`, after one run to warm up. */
async function warmMedian(
  cwd: URL,
  args: string[],
  runs: number,
): Promise<number> {
  await seconds(cwd, args);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await seconds(cwd, args));
  return median(times);
}

/** Times the runner against one suite on a scratch copy, and prints the ratio. */
export async function main(args: string[]): Promise<void> {
  const runs = parseRunnerArgs(args);
  if (runs === "help") {
    console.log(
      "Usage: deno task bench:runner [--runs N]\n\nTimes a repeated deno task kata (nothing changed) against a warm deno test katas/11_train, on a scratch copy after deno task kata start 12: the medians of N runs (3) and their ratio.",
    );
    return;
  }
  const scratch = await scratchProject(ROOT, "bench_runner_");
  try {
    await seconds(scratch, ["task", "-q", "kata", "start", "12"]);
    const kata = await warmMedian(scratch, ["task", "-q", "kata"], runs);
    const test = await warmMedian(
      scratch,
      ["test", "--no-prompt", "katas/11_train/"],
      runs,
    );
    console.log(`median of ${runs} warm runs each, on a scratch copy:`);
    console.log(runnerRow(kata, test).line);
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

if (import.meta.main) {
  await runMain(() => main(Deno.args));
}
