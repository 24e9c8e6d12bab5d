/**
 * `deno task bench`: the whole-process figures of `deno task run` for each engine (1000 steps
 * and 20 samples: the medians of several runs of the wall time and of the peak memory of the
 * largest process, and that peak's highest value),
 * each engine's ratio to the one before, the targets of issue 10, whether the engines print
 * the same output, and how long each kata's suite takes on its solution. Speed targets live
 * here, never in timed tests.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { DOWNLOADED } from "../app/run_options.ts";
import { listKatas } from "../runner/stubs.ts";

/** One engine's targets: wall time (seconds) and peak memory (MB). */
export interface Target {
  /** The most seconds a whole run may take. */
  readonly seconds: number;
  /** The most megabytes its largest process may hold. */
  readonly megabytes: number;
}

/** Issue 10's targets, slowest engine first (each is compared with the one before). */
export const TARGETS: Readonly<Record<"scalar" | "fast", Target>> = {
  scalar: { seconds: 2.5, megabytes: 150 },
  fast: { seconds: 0.25, megabytes: 80 },
};

/** Issue 10's target for a kata's suite on its solution, Deno's own start left out. */
export const SUITE_SECONDS = 1;

/** The median of `xs` (not empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

interface Timed {
  readonly seconds: number;
  /** Peak resident memory of the largest process, in MB, when GNU time is there to say. */
  readonly megabytes?: number;
  readonly stdout: string;
}

const TIME = "/usr/bin/time";

async function hasGnuTime(): Promise<boolean> {
  try {
    const { code } = await new Deno.Command(TIME, {
      args: ["-f", "%M", "true"],
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  } catch {
    return false;
  }
}

/** Runs `args` (a deno command line), timing the whole process tree. */
async function timed(args: string[], gnuTime: boolean): Promise<Timed> {
  const [command, ...rest] = gnuTime
    ? [TIME, "-f", "@peak-kb %M", "deno", ...args]
    : ["deno", ...args];
  const started = performance.now();
  const out = await new Deno.Command(command, {
    args: rest,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new UserError(
      `\`deno ${args.join(" ")}\` failed: ${
        stderr.trim().split("\n").at(-1)
      } — run it by hand to see why`,
    );
  }
  const kb = /@peak-kb (\d+)/.exec(stderr)?.[1];
  return {
    seconds,
    megabytes: kb === undefined ? undefined : Number(kb) / 1024,
    stdout: new TextDecoder().decode(out.stdout),
  };
}

const fmtSeconds = (s: number) =>
  s < 10 ? `${s.toFixed(3)} s` : `${s.toFixed(1)} s`;
const mark = (ok: boolean) => ok ? "met" : "MISSED";

/** Runs the benchmark with `deno task bench`'s arguments. */
export async function main(args: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        data: { type: "string" },
        runs: { type: "string" },
        engines: { type: "string" },
        suites: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split("\n")[0]} — see --help`,
    );
  }
  if (values.help) {
    console.log(
      `Usage: deno task bench [--data FILE] [--runs N] [--engines fast,scalar] [--suites]

Times \`deno task run\` (1000 steps, 20 samples) with each engine, whole process, the median
of N runs (default 5), with the median and highest peak memory of its largest process
(from ${TIME}, when present); prints each engine's ratio to the one before and checks the
engines print the same output. --data defaults to ${DOWNLOADED} (\`deno task download\`). --suites also times each
kata's suite on its solution.`,
    );
    return;
  }
  const runs = Number(values.runs ?? 5);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new UsageError(
      `--runs must be a whole number from 1, got ${values.runs} — see --help`,
    );
  }
  const engines = (values.engines ?? "scalar,fast").split(",");
  const unknown = engines.find((e) => !(e in TARGETS));
  if (unknown !== undefined) {
    throw new UsageError(
      `--engines takes fast and scalar, got ${
        JSON.stringify(unknown)
      } — see --help`,
    );
  }
  const data = values.data ?? DOWNLOADED;
  try {
    await Deno.stat(data);
  } catch {
    throw new UserError(
      `no dataset at ${data} — run \`deno task download\` for makemore's names.txt, or pass --data FILE`,
    );
  }
  const gnuTime = await hasGnuTime();
  console.log(
    `deno task run --data ${data}: 1000 steps + 20 samples, whole process, median of ${runs} run${
      runs > 1 ? "s" : ""
    }`,
  );
  if (!gnuTime) {
    console.log(`(no ${TIME} here: peak memory is not measured)`);
  }
  console.log(
    "engine   wall time    peak memory (highest)   vs previous      target (issue 10)",
  );
  const outputs: string[] = [];
  let previous: number | undefined;
  let allMet = true;
  for (const engine of engines as ("scalar" | "fast")[]) {
    const results: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(
        await timed(
          ["task", "-q", "run", "--data", data, "--engine", engine],
          gnuTime,
        ),
      );
    }
    const seconds = median(results.map((r) => r.seconds));
    const mbs = results.flatMap((r) =>
      r.megabytes === undefined ? [] : [r.megabytes]
    );
    // The median, as for the time: under load, V8 now and then lets the heap grow further
    // before it collects (the highest is printed beside it).
    const megabytes = mbs.length ? median(mbs) : undefined;
    const target = TARGETS[engine];
    const met = seconds <= target.seconds &&
      (megabytes === undefined || megabytes <= target.megabytes);
    allMet &&= met;
    const ratio = previous === undefined
      ? "—"
      : `${(previous / seconds).toFixed(1)}× faster`;
    console.log(
      [
        engine.padEnd(8),
        fmtSeconds(seconds).padEnd(12),
        (megabytes === undefined
          ? "—"
          : `${megabytes.toFixed(0)} MB (${Math.max(...mbs).toFixed(0)})`)
          .padEnd(23),
        ratio.padEnd(16),
        `≤ ${target.seconds} s, ≤ ${target.megabytes} MB: ${mark(met)}`,
      ].join(" "),
    );
    previous = seconds;
    outputs.push(results[0].stdout);
  }
  if (outputs.length > 1) {
    const same = outputs.every((o) => o === outputs[0]);
    console.log(
      same
        ? `output: the same from every engine (${
          outputs[0].split("\n").filter((l) => l.startsWith("step")).length
        } losses, ${
          outputs[0].split("\n").filter((l) => l.startsWith("sample")).length
        } names)`
        : "output: the engines DIFFER",
    );
    allMet &&= same;
  }
  if (values.suites) allMet = await suites(runs) && allMet;
  if (!allMet) Deno.exitCode = 1;
}

/** Times each kata's suite on its solution (`deno test solutions/NN`), Deno's start apart. */
async function suites(runs: number): Promise<boolean> {
  const katas = await listKatas(new URL("../", import.meta.url));
  const starts: number[] = [];
  for (let i = 0; i < runs; i++) {
    starts.push((await timed(["eval", "0"], false)).seconds);
  }
  const start = median(starts);
  console.log(
    `kata suites on their solutions (deno test solutions/NN), median of ${runs}, less Deno's start (${
      fmtSeconds(start)
    }):`,
  );
  let met = true;
  for (const kata of katas) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      times.push(
        (await timed(["test", "-q", `solutions/${kata}`], false)).seconds,
      );
    }
    const seconds = median(times) - start;
    met &&= seconds <= SUITE_SECONDS;
    console.log(
      `  ${kata.padEnd(16)} ${
        fmtSeconds(seconds).padEnd(9)
      } ≤ ${SUITE_SECONDS} s: ${mark(seconds <= SUITE_SECONDS)}`,
    );
  }
  return met;
}

if (import.meta.main) {
  await runMain(() => main(Deno.args));
}
