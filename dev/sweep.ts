/**
 * `deno task sweep`: every kata's suite on its solution with fresh random seeds, to find a
 * check that fails a correct solution on some seed before a learner meets it. Each failure
 * is printed with its seed and the command that replays it in a process of its own
 * (`deno test solutions/NN_topic -- --seed=S`); then a table per kata: seeds run, failures.
 *
 * It is fast because every run happens in this one process: the katas come from the registry
 * (`tests/meta/katas.ts`), instantiated on `solutions/` as the honesty audit does, and each
 * run's seed reaches the checks the way `deno test … -- --seed=S` gives it to them, through
 * the run context (`withContext`), which every property reads. Each run instantiates its kata
 * afresh. The prerequisite gate that `deno test` runs first is left out: with the same seed,
 * its cases are the first of each earlier kata's own run, which the sweep makes anyway.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError } from "../app/cli.ts";
import { asFailure, withContext } from "../tests/harness/harness.ts";
import { solutionFiles } from "../tests/meta/audit.ts";
import { type Importer, KATAS } from "../tests/meta/katas.ts";

export type { Importer };

/** How many fresh seeds each kata gets when `--seeds` is not given. */
export const DEFAULT_SEEDS = 3;

/** What `deno task sweep` is asked to do. */
export interface SweepOptions {
  /** The seeds each kata runs with: `--seed-list`, or `--seeds` fresh ones. */
  readonly seeds: readonly number[];
  /** Whether the seeds were drawn here (`false`: given by `--seed-list`). */
  readonly fresh: boolean;
  /** The katas to sweep, by folder name, in the course's order. */
  readonly katas: readonly string[];
}

/** A kata as the sweep needs it (a `Kata` of the registry is one): its name, its checks. */
export interface SweptKata {
  /** The folder name, `"06_rmsnorm"`. */
  readonly kata: string;
  /** The suite's checks, on modules loaded by `load`. */
  instantiate(
    load: Importer,
  ): Promise<{ readonly checks: readonly SweptCheck[] }>;
}

/** A check as the sweep runs it: its full name, and `run`, which throws when it fails. */
export interface SweptCheck {
  /** `"06 rmsnorm: …"` */
  readonly name: string;
  /** Throws when the check fails. */
  readonly run: () => void | Promise<void>;
}

/** One failing check of one run. */
export interface SweepFailure {
  /** The kata's folder name, `"06_rmsnorm"`. */
  readonly kata: string;
  /** The seed of the run. */
  readonly seed: number;
  /** The check's full name, `"06 rmsnorm: …"`. */
  readonly check: string;
  /** The failure as `deno test` prints it (problem, input, diagnosis, replay). */
  readonly message: string;
}

/** One kata's figures. */
export interface KataTally {
  /** The kata's folder name. */
  readonly kata: string;
  /** How many seeds it ran with. */
  readonly seeds: number;
  /** How many runs failed (a run with several failing checks counts once). */
  readonly failures: number;
  /** Its runs' wall time, in milliseconds. */
  readonly ms: number;
}

const HELP =
  `Usage: deno task sweep [--seeds N] [--kata NN ...] [--seed-list A,B,C]

Runs every kata's suite on its solution (solutions/) with N fresh random seeds (default
${DEFAULT_SEEDS}), all in one process, and prints each failing check with its seed and the
command that replays it (deno test solutions/NN_topic -- --seed=S), then a table per kata:
seeds run, failures. Exits 1 when a check fails.

  --seeds N            how many fresh seeds each kata runs with
  --kata NN            only this kata (06, 6 or 06_rmsnorm); repeat it, or give 06,07
  --seed-list A,B,C    these seeds instead of fresh ones, to replay a sweep`;

/**
 * `deno task sweep`'s arguments, checked; `"help"` for --help. Throws a
 * {@linkcode UsageError} for a bad flag. `katas` are the folder names to choose from.
 *
 * @example
 * ```ts
 * parseSweepArgs(["--kata", "06", "--seed-list", "1,2"], ["05_softmax", "06_rmsnorm"]);
 * // { seeds: [1, 2], fresh: false, katas: ["06_rmsnorm"] }
 * ```
 */
export function parseSweepArgs(
  args: readonly string[],
  katas: readonly string[],
): SweepOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        seeds: { type: "string" },
        kata: { type: "string", multiple: true },
        "seed-list": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split("\n")[0]} — see --help`,
    );
  }
  if (values.help) return "help";
  if (values.seeds !== undefined && values["seed-list"] !== undefined) {
    throw new UsageError(
      "give --seeds (fresh seeds) or --seed-list (given ones), not both — see --help",
    );
  }
  const chosen = chosenKatas(values.kata ?? [], katas);
  if (values["seed-list"] !== undefined) {
    return {
      seeds: seedList(values["seed-list"]),
      fresh: false,
      katas: chosen,
    };
  }
  const n = Number(values.seeds ?? DEFAULT_SEEDS);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(
      `--seeds takes a whole number from 1, got ${values.seeds} — see --help`,
    );
  }
  return { seeds: freshSeeds(n), fresh: true, katas: chosen };
}

/** The katas `--kata` names (all of them when it is not given), in the course's order. */
function chosenKatas(
  given: readonly string[],
  katas: readonly string[],
): string[] {
  if (given.length === 0) return [...katas];
  const wanted = new Set<string>();
  for (const name of given.flatMap((g) => g.split(","))) {
    const kata = katas.find((k) =>
      k === name ||
      (/^\d+$/.test(name) && Number(k.split("_")[0]) === Number(name))
    );
    if (kata === undefined) {
      throw new UsageError(
        `--kata ${
          JSON.stringify(name)
        } is no kata: give its number (06) or folder (06_rmsnorm), from ${
          katas[0]
        } to ${katas.at(-1)}`,
      );
    }
    wanted.add(kata);
  }
  return katas.filter((k) => wanted.has(k));
}

/** The seeds of `--seed-list A,B,C`, each a whole number as `deno test -- --seed=S` takes it. */
function seedList(text: string): number[] {
  return text.split(",").map((s) => {
    if (!/^-?\d{1,15}$/.test(s.trim())) {
      throw new UsageError(
        `--seed-list takes whole numbers separated by commas, got ${
          JSON.stringify(s)
        } — see --help`,
      );
    }
    return Number(s);
  });
}

/** `n` different random seeds, drawn as a `deno test` run without `--seed` draws its own. */
export function freshSeeds(n: number): number[] {
  const seeds = new Set<number>();
  while (seeds.size < n) seeds.add(Math.floor(Math.random() * 2 ** 31));
  return [...seeds];
}

/** The command that replays the run of `kata` with `seed` in a process of its own. */
export function replayCommand(kata: string, seed: number): string {
  return `deno test solutions/${kata} -- --seed=${seed}`;
}

/**
 * Runs every check of `kata` (its modules loaded by `load`) once with `seed`, the run context
 * set as `deno test solutions/NN -- --seed=S` sets it, and returns the checks that failed.
 * The context is the process's: await one run before starting the next.
 *
 * @example
 * ```ts ignore
 * const load = solutionFiles(new URL("../solutions/", import.meta.url)).tree();
 * await runOnce(KATAS[5], load, 1903390755); // [] once kata 06 is right on that seed
 * ```
 */
export async function runOnce(
  kata: SweptKata,
  load: Importer,
  seed: number,
): Promise<SweepFailure[]> {
  const replay = replayCommand(kata.kata, seed);
  return await withContext({ seed, replay, gate: false }, async () => {
    const failures: SweepFailure[] = [];
    const { checks } = await kata.instantiate(load);
    for (const check of checks) {
      try {
        await check.run();
      } catch (error) {
        const { message } = asFailure(error);
        failures.push({ kata: kata.kata, seed, check: check.name, message });
      }
    }
    return failures;
  });
}

/**
 * Runs each of `katas` with each of `seeds`, kata by kata, calling `onFailure` for each
 * failing check as it comes; returns each kata's figures.
 *
 * @example
 * ```ts ignore
 * const tallies = await sweep(KATAS, load, [1, 2, 3], (f) => console.log(failureText(f)));
 * ```
 */
export async function sweep(
  katas: readonly SweptKata[],
  load: Importer,
  seeds: readonly number[],
  onFailure: (failure: SweepFailure) => void,
): Promise<KataTally[]> {
  const tallies: KataTally[] = [];
  for (const kata of katas) {
    const started = performance.now();
    let failures = 0;
    for (const seed of seeds) {
      const failed = await runOnce(kata, load, seed);
      failed.forEach(onFailure);
      if (failed.length > 0) failures++;
    }
    const ms = performance.now() - started;
    tallies.push({ kata: kata.kata, seeds: seeds.length, failures, ms });
  }
  return tallies;
}

/**
 * A failure as the sweep prints it: the kata, the seed and the check, then the failure as
 * `deno test` prints it, ending with the command that replays it.
 *
 * @example
 * ```ts
 * failureText({ kata: "06_rmsnorm", seed: 7, check: "06 rmsnorm: x", message: "wrong" });
 * // "FAILED 06_rmsnorm, seed 7: 06 rmsnorm: x\n    wrong\n    replay: deno test solutions/06_rmsnorm -- --seed=7"
 * ```
 */
export function failureText(f: SweepFailure): string {
  const replay = replayCommand(f.kata, f.seed);
  const lines = [
    `FAILED ${f.kata}, seed ${f.seed}: ${f.check}`,
    `    ${f.message}`,
  ];
  if (!f.message.includes(replay)) lines.push(`    replay: ${replay}`);
  return lines.join("\n");
}

/**
 * The figures as a Markdown table, one row per kata and a total.
 *
 * @example
 * ```ts
 * summaryTable([{ kata: "06_rmsnorm", seeds: 3, failures: 0, ms: 40 }]);
 * ```
 */
export function summaryTable(tallies: readonly KataTally[]): string {
  const total = {
    kata: "all",
    seeds: tallies.reduce((n, t) => n + t.seeds, 0),
    failures: tallies.reduce((n, t) => n + t.failures, 0),
    ms: tallies.reduce((n, t) => n + t.ms, 0),
  };
  const cells = [...tallies, total].map((t) => [
    t.kata,
    String(t.seeds),
    String(t.failures),
    (t.ms / 1000).toFixed(1),
  ]);
  const head = ["kata", "seeds run", "failures", "seconds"];
  const widths = head.map((h, i) =>
    Math.max(h.length, ...cells.map((row) => row[i].length))
  );
  const row = (r: readonly string[]) =>
    `| ${
      r.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))
        .join(" | ")
    } |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [row(head), rule, ...cells.map(row)].join("\n");
}

/** What the sweep says first: the katas, the seeds (listed when there are few), one process. */
function header({ seeds, fresh, katas }: SweepOptions): string {
  const which = fresh ? "fresh seeds" : "seeds from --seed-list";
  const listed = seeds.length <= 20 ? `: ${seeds.join(", ")}` : "";
  return `sweep: ${katas.length} kata${
    katas.length === 1 ? "" : "s"
  } × ${seeds.length} ${which}${listed} (each kata's suite on its solution, in one process)`;
}

/** Runs the sweep with `deno task sweep`'s arguments; a failing check sets exit code 1. */
export async function main(args: readonly string[]): Promise<void> {
  const options = parseSweepArgs(args, KATAS.map((k) => k.kata));
  if (options === "help") {
    console.log(HELP);
    return;
  }
  console.log(header(options));
  const load = solutionFiles(new URL("../solutions/", import.meta.url)).tree();
  const katas = KATAS.filter((k) => options.katas.includes(k.kata));
  const tallies = await sweep(
    katas,
    load,
    options.seeds,
    (f) => console.log(failureText(f)),
  );
  console.log(`\n${summaryTable(tallies)}`);
  const failed = tallies.reduce((n, t) => n + t.failures, 0);
  const runs = tallies.reduce((n, t) => n + t.seeds, 0);
  console.log(
    `sweep: ${failed} failing run${failed === 1 ? "" : "s"} of ${runs}`,
  );
  if (failed > 0) Deno.exitCode = 1;
}

if (import.meta.main) await runMain(() => main(Deno.args));
