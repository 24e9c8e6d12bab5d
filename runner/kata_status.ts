/**
 * Where each kata stands, derived from the files and from running the suites (a result is
 * reused only while nothing it depends on changed: `runner/cache.ts`): a kata whose files are
 * still the generated stubs is not started; the others run under `deno test … -- --report`
 * (`runner/run_suites.ts`), and the lines that prints (see
 * `ReportEvent` in `course/report.ts`) say which pass and, for the others, the first failing
 * check.
 *
 * @module
 */
import type { ReportEvent } from "../course/report.ts";
export type { ReportEvent };
import { COURSE } from "../course/manifest.ts";
import { generateKata, isKataSource, readOrNull } from "./stubs.ts";

/** Where a kata stands. */
export type Status =
  /** Its suite passes; `reference` when its files are the reference solution's. */
  | { readonly kind: "done"; readonly reference: boolean }
  /** Its files are still the generated stubs. */
  | { readonly kind: "stub" }
  /** Its own check `check` fails (the first that does). */
  | {
    readonly kind: "failing";
    readonly check: string;
    readonly problem: string;
    readonly diagnosis?: string;
  }
  /** An earlier kata it builds on, `needs`, does not pass (`why`, the first line). */
  | { readonly kind: "waiting"; readonly needs: string; readonly why: string }
  /** Its files do not type-check or load: `message` is the start of what Deno says. */
  | { readonly kind: "broken"; readonly message: string }
  /** Files it came with (`files`: its tests, a given module) are missing or not as they came. */
  | { readonly kind: "testChanged"; readonly files: readonly string[] }
  /** Its modules (`module`, its own) did not finish loading within the limit: stopped. */
  | {
    readonly kind: "loading";
    readonly module: string;
    readonly seconds: number;
  }
  /** Check `check` ran for longer than the limit and was stopped. */
  | {
    readonly kind: "stuck";
    readonly check: string;
    readonly seconds: number;
  };

/** Every kata's status, in order, and the first one not done (`undefined`: all done). */
export interface Progress {
  /** Every kata, in order. */
  readonly katas: readonly string[];
  /** Each kata's status. */
  readonly statuses: ReadonlyMap<string, Status>;
  /** The kata to work on now; `undefined` when every kata passes. */
  readonly current?: string;
  /** What each kata's folder holds. */
  readonly files: ReadonlyMap<string, KataFiles>;
  /** The seed each kata's status came from (a cached one keeps its own); else the command's. */
  readonly seeds?: ReadonlyMap<string, number>;
}

/** What a kata's suite runs before its own checks, as a stopped check names it. */
export const GATE = "the checks of the earlier katas it builds on";

/** What a kata is doing while its test file imports its modules, as a stopped load names it. */
export const LOADING = "loading its modules";

/** How long one check may run before the runner stops it, unless told otherwise. */
export const TIME_LIMIT_SECONDS = 30;

/** What the learner's folder of a kata holds, compared with what the generator makes. */
export interface KataFiles {
  /** The sources the learner writes, as paths from the project root. */
  readonly sources: readonly string[];
  /** Whether every source is still exactly the generated stub. */
  readonly stub: boolean;
  /** Whether every source is exactly the reference solution (as `start` writes it). */
  readonly reference: boolean;
  /** The test files that are missing or not as generated. */
  readonly changedTests: readonly string[];
}

/** Reads the learner's files of `kata` once and compares them with its stubs and reference. */
export async function inspect(root: URL, kata: string): Promise<KataFiles> {
  const stubs = await generateKata(root, kata);
  const reference = await generateKata(root, kata, true);
  const current = new Map<string, string | null>();
  for (const path of stubs.keys()) {
    const bytes = await readOrNull(new URL(path, root));
    current.set(path, bytes && new TextDecoder().decode(bytes));
  }
  const paths = [...stubs.keys()];
  const sources = paths.filter(isKataSource);
  return {
    sources,
    stub: sources.every((p) => current.get(p) === stubs.get(p)),
    reference: sources.every((p) => current.get(p) === reference.get(p)),
    changedTests: paths.filter((p) =>
      !isKataSource(p) && current.get(p) !== stubs.get(p)
    ),
  };
}

/** The test files of `kata`, as `deno test` takes them. */
export async function testFiles(root: URL, kata: string): Promise<string[]> {
  const files = [...(await generateKata(root, kata)).keys()];
  return files.filter((path) => path.endsWith("_test.ts"));
}

/**
 * The katas `kata`'s suite loads modules from, its own first, as the course's manifest lists
 * them: `["03_backward", "02_value"]`.
 */
export function uses(kata: string): string[] {
  return [kata, ...(COURSE.find((e) => e.kata === kata)?.uses ?? [])];
}

/**
 * The statuses that report lines give: a kata that began and ended is done, failing (its
 * first failing check) or waiting on an earlier kata; one that did not end is left out.
 */
export function statusesOf(
  events: readonly ReportEvent[],
): Map<string, Status> {
  const out = new Map<string, Status>();
  const first = new Map<string, Status>();
  for (const e of events) {
    if (e.event === "fail" && !first.has(e.kata)) {
      const { check, problem, diagnosis } = e;
      first.set(e.kata, { kind: "failing", check, problem, diagnosis });
    } else if (e.event === "prerequisite" && !first.has(e.kata)) {
      first.set(e.kata, { kind: "waiting", needs: e.needs, why: e.why });
    } else if (e.event === "end") {
      out.set(e.kata, first.get(e.kata) ?? { kind: "done", reference: false });
    }
  }
  return out;
}
