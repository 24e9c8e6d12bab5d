/**
 * `deno task bench`: the whole-process figures of `deno task run` for each engine (1000 steps
 * and 20 samples: the medians of several runs of the wall time and of the peak memory of the
 * largest process, and that peak's highest value),
 * each engine's ratio to the one before, the targets of issue 10, whether the engines print
 * the same output, how long each kata's suite takes on its solution, and how much each
 * performance mistake the lessons warn against (`dev/mistakes.ts`) slows a scalar training.
 * Speed targets and the figures the lessons point to live here, never in timed tests.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { DOWNLOADED } from "../app/run_options.ts";
import { listKatas } from "../runner/stubs.ts";
import {
  editedFiles,
  MISTAKES,
  parseTrainSeconds,
  SOLUTIONS,
  type TimingRequest,
} from "./mistakes.ts";

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

/** The scalar training steps each performance mistake is timed on. */
export const MISTAKE_STEPS = 200;

/** The median of `xs` (not empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A timed run of a deno command: its wall time, peak memory and output. */
export interface Timed {
  /** The wall time, in seconds. */
  readonly seconds: number;
  /** Peak resident memory of the largest process, in MB, when GNU time is there to say. */
  readonly megabytes?: number;
  /** What it printed on stdout. */
  readonly stdout: string;
}

const TIME = "/usr/bin/time";

/** Whether GNU time is there to measure a process tree's peak memory. */
export async function hasGnuTime(): Promise<boolean> {
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

/**
 * Runs `args` (a deno command line), timing the whole process tree, with the peak memory of
 * its largest process when `gnuTime`. A failed run is a {@linkcode UserError}.
 */
export async function timed(args: string[], gnuTime: boolean): Promise<Timed> {
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

/** An engine's `--engines` name. */
export type Engine = keyof typeof TARGETS;

/** `deno task bench`'s flags, checked. */
export interface BenchOptions {
  /** The dataset file. */
  readonly data: string;
  /** How many runs each figure is the median of. */
  readonly runs: number;
  /** The engines to time, in order. */
  readonly engines: readonly Engine[];
  /** Whether to time each kata's suite too. */
  readonly suites: boolean;
  /** Whether to time the performance mistakes too. */
  readonly mistakes: boolean;
}

const HELP =
  `Usage: deno task bench [--data FILE] [--runs N] [--engines fast,scalar] [--suites] [--mistakes]

Times \`deno task run\` (1000 steps, 20 samples) with each engine, whole process, the median
of N runs (default 5), with the median and highest peak memory of its largest process
(from ${TIME}, when present); prints each engine's ratio to the one before and checks the
engines print the same output. --data defaults to ${DOWNLOADED} (\`deno task download\`). --suites also times each
kata's suite on its solution. --mistakes also times a scalar training of ${MISTAKE_STEPS} steps
with each performance mistake the lessons warn against (the fastest of N runs, the training
alone), and prints its ratio to the solution's.`;

/**
 * `deno task bench`'s arguments, checked; `"help"` for --help. Throws a
 * {@linkcode UsageError} for a bad flag.
 *
 * @example
 * ```ts
 * parseBenchArgs(["--runs", "3"]); // { data: "data/names.txt", runs: 3, … }
 * ```
 */
export function parseBenchArgs(args: string[]): BenchOptions | "help" {
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
        mistakes: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split("\n")[0]} — see --help`,
    );
  }
  if (values.help) return "help";
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
  return {
    data: values.data ?? DOWNLOADED,
    runs,
    engines: engines as Engine[],
    suites: values.suites ?? false,
    mistakes: values.mistakes ?? false,
  };
}

/** Runs the benchmark with `deno task bench`'s arguments. */
export async function main(args: string[]): Promise<void> {
  const options = parseBenchArgs(args);
  if (options === "help") {
    console.log(HELP);
    return;
  }
  const { data, runs } = options;
  try {
    await Deno.stat(data);
  } catch {
    throw new UserError(
      `no dataset at ${data} — run \`deno task download\` for makemore's names.txt, or pass --data FILE`,
    );
  }
  let allMet = await engines(options);
  if (options.suites) allMet = await suites(runs) && allMet;
  if (options.mistakes) await mistakes(runs, data);
  if (!allMet) Deno.exitCode = 1;
}

/** One engine's figures: the median wall time, and the peak memory's median and highest. */
export interface EngineFigures {
  /** The median wall time, in seconds. */
  readonly seconds: number;
  /** The median peak memory, in MB, when measured. */
  readonly megabytes?: number;
  /** The highest peak memory, in MB, when measured. */
  readonly highest?: number;
}

/** Times `deno task run` with each engine; true when every target is met and they agree. */
async function engines(options: BenchOptions): Promise<boolean> {
  const { data, runs } = options;
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
  for (const engine of options.engines) {
    const results: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(
        await timed(
          ["task", "-q", "run", "--data", data, "--engine", engine],
          gnuTime,
        ),
      );
    }
    const figures = engineFigures(results);
    const { line, met } = engineRow(engine, figures, previous);
    console.log(line);
    allMet &&= met;
    previous = figures.seconds;
    outputs.push(results[0].stdout);
  }
  if (outputs.length > 1) allMet = sameOutput(outputs) && allMet;
  return allMet;
}

function engineFigures(results: readonly Timed[]): EngineFigures {
  const mbs = results.flatMap((r) =>
    r.megabytes === undefined ? [] : [r.megabytes]
  );
  return {
    seconds: median(results.map((r) => r.seconds)),
    // The median, as for the time: under load, V8 now and then lets the heap grow further
    // before it collects (the highest is printed beside it).
    megabytes: mbs.length ? median(mbs) : undefined,
    highest: mbs.length ? Math.max(...mbs) : undefined,
  };
}

/**
 * The table's row for `engine`, with its ratio to the engine before it (`previous`, its
 * seconds), and whether it meets its target.
 *
 * @example
 * ```ts
 * engineRow("fast", { seconds: 0.2 }, 2).line;
 * // "fast     0.200 s      —                       10.0× faster     ≤ 0.25 s, ≤ 80 MB: met"
 * ```
 */
export function engineRow(
  engine: Engine,
  figures: EngineFigures,
  previous?: number,
): { line: string; met: boolean } {
  const { seconds, megabytes, highest } = figures;
  const target = TARGETS[engine];
  const met = seconds <= target.seconds &&
    (megabytes === undefined || megabytes <= target.megabytes);
  const ratio = previous === undefined
    ? "—"
    : `${(previous / seconds).toFixed(1)}× faster`;
  const line = [
    engine.padEnd(8),
    fmtSeconds(seconds).padEnd(12),
    (megabytes === undefined
      ? "—"
      : `${megabytes.toFixed(0)} MB (${(highest ?? megabytes).toFixed(0)})`)
      .padEnd(23),
    ratio.padEnd(16),
    `≤ ${target.seconds} s, ≤ ${target.megabytes} MB: ${mark(met)}`,
  ].join(" ");
  return { line, met };
}

/** Prints whether every engine printed the same output; true when they did. */
function sameOutput(outputs: readonly string[]): boolean {
  const same = outputs.every((o) => o === outputs[0]);
  const count = (prefix: string) =>
    outputs[0].split("\n").filter((l) => l.startsWith(prefix)).length;
  console.log(
    same
      ? `output: the same from every engine (${count("step")} losses, ${
        count("sample")
      } names)`
      : "output: the engines DIFFER",
  );
  return same;
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

/**
 * Times a scalar training of {@link MISTAKE_STEPS} steps on the solutions and with each
 * mistake of {@link MISTAKES}, each in a process of its own, the runs taken in turns so that
 * a change of the machine's load falls on all of them; prints the fastest run of each and its
 * ratio to the solution's.
 */
async function mistakes(runs: number, data: string): Promise<void> {
  const read = (path: string) => Deno.readTextFile(new URL(path, SOLUTIONS));
  const variants = [
    { kata: "", name: "the solution", files: new Map<string, string>() },
  ];
  for (const { kata, name, edits } of MISTAKES) {
    variants.push({ kata, name, files: await editedFiles(edits, read) });
  }
  console.log(
    `scalar training, ${MISTAKE_STEPS} steps on ${data}, with each performance mistake the lessons warn against (the training alone, a process each), fastest of ${runs} run${
      runs > 1 ? "s" : ""
    }:`,
  );
  console.log(`  ${MISTAKE_COLUMNS}`);
  const times = variants.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, { files }] of variants.entries()) {
      times[k].push(await timeVariant(files, data));
    }
  }
  // The fastest run, not the median: load only ever adds time, and a ratio of two loaded
  // runs says little.
  const solution = Math.min(...times[0]);
  variants.forEach(({ kata, name }, k) =>
    console.log(`  ${mistakeRow(kata, name, Math.min(...times[k]), solution)}`)
  );
}

const MISTAKE_COLUMNS = "training   × solution  kata  mistake";

/**
 * A row of the mistakes' table: the training's seconds, their ratio to the solution's, the
 * kata and the mistake.
 *
 * @example
 * ```ts
 * mistakeRow("04", "sum as a chain of add nodes", 0.3, 0.2);
 * // "0.300 s    1.50×       04    sum as a chain of add nodes"
 * ```
 */
export function mistakeRow(
  kata: string,
  name: string,
  seconds: number,
  solution: number,
): string {
  return [
    fmtSeconds(seconds).padEnd(10),
    `${(seconds / solution).toFixed(2)}×`.padEnd(11),
    kata.padEnd(5),
    name,
  ].join(" ");
}

/** The seconds of a scalar training on the solutions with `files` replaced. */
async function timeVariant(
  files: ReadonlyMap<string, string>,
  data: string,
): Promise<number> {
  const module = new URL("./mistakes.ts", import.meta.url);
  const readable = [SOLUTIONS, new URL("../lib/", import.meta.url)]
    .map((url) => fileURLToPath(url));
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      "--allow-env=DEBUG",
      `--allow-read=${[...readable, data].join(",")}`,
      fileURLToPath(module),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const request: TimingRequest = {
    files: [...files],
    steps: MISTAKE_STEPS,
    data,
  };
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(request)));
  await writer.close();
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr);
  const seconds = parseTrainSeconds(new TextDecoder().decode(out.stdout));
  if (!out.success || seconds === undefined) {
    throw new UserError(
      `timing a mistake failed: ${
        stderr.trim().split("\n")[0]
      } — run \`DEBUG=1 deno task bench --mistakes\` to see why`,
    );
  }
  return seconds;
}

if (import.meta.main) {
  await runMain(() => main(Deno.args));
}
