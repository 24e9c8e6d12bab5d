/**
 * The honesty audit of one kata: a suite is honest only if it can fail. {@link audit} proves
 * - the suite passes on the reference solution;
 * - every check fails on the stub (made here by the stub generator, not read from `katas/`,
 *   which holds the learner's work) with a "not implemented" message;
 * - every planted mutant (`tests/mutants/`) is caught, and the first failure a learner sees
 *   carries the diagnosis the mutant expects (by identity, not by matching text);
 * - every check catches at least one mutant, so a check that asserts nothing is rejected;
 * - every diagnosis of the suite is shown first by at least one mutant, so none is untested;
 * - every decoy (a planted mistake that no diagnosis describes) is caught, and no failure it
 *   causes shows a diagnosis, but for the known ones listed in `known_tripping.ts`, a queue
 *   the audit holds exactly: a listed decoy that no longer trips must leave the list;
 * - when an earlier kata it builds on is a stub, the suite says which one to finish.
 *
 * `tests/meta/honesty_test.ts` runs it on every kata; `tests/meta/audit_test.ts` shows it rejecting
 * dishonest suites. Modules load from `data:` URLs whose relative imports point into the
 * tree, so nothing is written to disk.
 *
 * @module
 */
import { stubSource } from "../../runner/stubs.ts";
import {
  type Check,
  CheckFailure,
  PrerequisiteFailure,
} from "../harness/harness.ts";
import type { Importer, Kata } from "./katas.ts";
import type { Planted } from "../mutants/mutant.ts";

/** Where the audit reads the reference solution from, and how it loads a variant of it. */
export interface Files {
  /** The text of a solution file, by its path in the tree: `"02_value/value.ts"`. */
  read(path: string): Promise<string>;
  /** Imports modules of the solution tree, with the files in `replaced` (path → text). */
  tree(replaced?: ReadonlyMap<string, string>): Importer;
}

/** The solution tree at `root` (the `solutions/` folder's URL), read from disk. */
export function solutionFiles(root: URL): Files {
  return {
    read: (path) => Deno.readTextFile(new URL(path, root)),
    tree: (replaced = new Map()) => (path) => {
      const text = replaced.get(path);
      return import(
        text === undefined
          ? new URL(path, root).href
          : asModule(text, new URL(path, root))
      );
    },
  };
}

/** A `data:` module of `text`, its relative imports resolved as if it were the file `url`. */
export function asModule(text: string, url: URL): string {
  const absolute = text.replace(
    // `from "./x"`, `import "./x"` and `import("./x")`
    /((?:from|import)\s*\(?\s*)(["'])(\.\.?\/[^"']+)\2/g,
    (_, from: string, q: string, spec: string) =>
      `${from}${q}${new URL(spec, url).href}${q}`,
  );
  return `data:application/typescript,${encodeURIComponent(absolute)}`;
}

/** One finding of the audit: a named step and what is wrong with it (nothing: it holds). */
export interface Step {
  /** What the step proves, as the meta-test names it. */
  readonly name: string;
  /** What does not hold, one sentence each. */
  readonly problems: readonly string[];
}

/** A decoy that shows a diagnosis: the check that failed on it, and the diagnosis it showed. */
export interface Trip {
  /** The kata's folder name, `"05_softmax"`. */
  readonly kata: string;
  /** The decoy's name. */
  readonly decoy: string;
  /** The full name of the check whose failure shows the diagnosis. */
  readonly check: string;
  /** The id of the diagnosis shown, `"05_softmax/reversed"`. */
  readonly diagnosis: string;
}

/** The audit of a kata. */
export interface Audit {
  /** The suite's checks, by name, in order. */
  readonly checks: readonly string[];
  /** Every step, in order. */
  readonly steps: readonly Step[];
  /** For each check (by name), the mutants that make it fail (by name). */
  readonly caught: ReadonlyMap<string, readonly string[]>;
  /** For each mutant, the check that fails first on it, if any. */
  readonly firstFailure: ReadonlyMap<string, string | undefined>;
  /** For each check (by name), the decoys that make it fail (by name). */
  readonly decoysCaught: ReadonlyMap<string, readonly string[]>;
  /** Every failure on a decoy that shows a diagnosis, listed or not. */
  readonly trips: readonly Trip[];
}

/** What the audit is told besides the kata and its files. */
export interface AuditOptions {
  /**
   * The decoys known to trip a diagnosis (`known_tripping.ts`), of this kata or any: each must
   * still trip, and no other may.
   */
  readonly knownTripping?: readonly Trip[];
}

/** How each check ended: its failure (in check order), or nothing when it passed. */
async function outcomes(
  checks: readonly Check[],
): Promise<Map<string, Error | undefined>> {
  const out = new Map<string, Error | undefined>();
  for (const check of checks) {
    try {
      await check.run();
      out.set(check.name, undefined);
    } catch (e) {
      out.set(check.name, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

/** The kata's own module paths (not the earlier katas' it is handed). */
function own(k: Kata): string[] {
  return k.modules.filter((m) => m.startsWith(`${k.kata}/`));
}

async function stubbed(
  files: Files,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const replaced = new Map<string, string>();
  for (const path of paths) {
    const [kata, file] = path.split("/");
    replaced.set(path, stubSource(await files.read(path), kata, file));
  }
  return replaced;
}

/** The planted file with its edits applied, or the problem when an edit does not apply. */
async function mutate(
  files: Files,
  m: Planted,
): Promise<Map<string, string> | string> {
  let text = await files.read(m.file);
  for (const [find, replace] of m.edits) {
    const n = text.split(find).length - 1;
    if (n !== 1) {
      return `its text to replace occurs ${n} times in solutions/${m.file}; update it to the solution`;
    }
    text = text.replace(find, () => replace);
  }
  return new Map([[m.file, text]]);
}

/**
 * The checks that fail on the planted mistake `m`, in check order, each with its failure; or
 * the problem when its edits do not apply.
 */
async function failuresOn(
  k: Kata,
  files: Files,
  m: Planted,
): Promise<[string, Error][] | string> {
  const replaced = await mutate(files, m);
  if (typeof replaced === "string") return replaced;
  const { checks } = await k.instantiate(files.tree(replaced));
  return [...await outcomes(checks)].filter(([, e]) => e !== undefined) as [
    string,
    Error,
  ][];
}

/** The problems of checks that fail on a planted mistake with a stub's "not implemented". */
function stubLike(failed: readonly [string, Error][], what: string): string[] {
  return failed.filter(([, e]) => /not implemented/.test(e.message)).map((
    [name],
  ) =>
    `"${name}" fails with "not implemented": ${what} is a wrong answer, not a stub`
  );
}

const firstLine = (e: Error) => e.message.split("\n")[0];

/**
 * Runs every step of the honesty audit on kata `k`; `options.knownTripping` lists the decoys
 * whose diagnoses are not fixed yet.
 */
export async function audit(
  k: Kata,
  files: Files,
  options: AuditOptions = {},
): Promise<Audit> {
  const { checks, prerequisites } = await k.instantiate(files.tree());
  // One after the other, in this order: the modules they share keep state between runs.
  const reference = await referencePasses(checks, prerequisites);
  const stub = await stubFails(k, files);
  const mutants = await auditMutants(k, files);
  const decoys = await auditDecoys(k, files, options.knownTripping ?? []);
  const steps = [
    reference,
    stub,
    ...mutants.steps,
    // Every check catches a real mistake; every diagnosis is shown by one.
    {
      name: "every check catches at least one planted mistake",
      problems: checks.filter((c) => !mutants.caught.has(c.name)).map((c) =>
        `"${c.name}" fails on no mutant: it may assert nothing; plant the mistake it is for`
      ),
    },
    {
      name: "every diagnosis is the first one shown for some planted mistake",
      problems: k.diagnoses.filter((d) => !mutants.shownFirst.has(d.id)).map(
        (d) =>
          `"${d.id}" ("${d.text}") is shown first for no mutant: plant the mistake, or drop the diagnosis`,
      ),
    },
    ...decoys.steps,
    ...await prerequisitesNamed(k, files),
  ];
  return {
    checks: checks.map((c) => c.name),
    steps,
    caught: mutants.caught,
    firstFailure: mutants.firstFailure,
    decoysCaught: decoys.caught,
    trips: decoys.trips,
  };
}

/** The step: the suite passes on the reference solution. */
async function referencePasses(
  checks: readonly Check[],
  prerequisites: () => Promise<void>,
): Promise<Step> {
  const problems: string[] = [];
  try {
    await prerequisites();
    for (const [name, e] of await outcomes(checks)) {
      if (e) problems.push(`"${name}" fails: ${e.message}`);
    }
  } catch (e) {
    problems.push(`the prerequisites fail: ${(e as Error).message}`);
  }
  return { name: "the suite passes on the reference solution", problems };
}

/**
 * The step: every check fails on the stub, with "not implemented". (Here and for the planted
 * mistakes, the earlier katas are the reference solutions, whose prerequisite check passed.)
 */
async function stubFails(k: Kata, files: Files): Promise<Step> {
  const { checks } = await k.instantiate(
    files.tree(await stubbed(files, own(k))),
  );
  const problems: string[] = [];
  for (const [name, e] of await outcomes(checks)) {
    if (!e) problems.push(`"${name}" passes on the stub: it cannot fail`);
    else if (!/not implemented/.test(e.message)) {
      problems.push(`"${name}" fails on the stub with: ${firstLine(e)}`);
    } else if (e instanceof CheckFailure && e.diagnosis) {
      problems.push(
        `"${name}" shows the diagnosis "${e.diagnosis.id}" on the stub, where nothing is written yet`,
      );
    }
  }
  return {
    name: "every check fails on the stub, saying it is not implemented",
    problems,
  };
}

/** A step per mutant: it is caught, and the first failure names it. */
async function auditMutants(k: Kata, files: Files) {
  const steps: Step[] = [];
  const caught = new Map<string, string[]>();
  const firstFailure = new Map<string, string | undefined>();
  const shownFirst = new Set<string>();
  for (const m of k.mutants) {
    const problems: string[] = [];
    const failed = await failuresOn(k, files, m);
    if (typeof failed === "string") {
      problems.push(failed);
    } else {
      problems.push(...stubLike(failed, "a mutant"));
      for (const [name] of failed) {
        caught.set(name, [...(caught.get(name) ?? []), m.name]);
      }
      const [name, first] = failed[0] ?? [];
      firstFailure.set(m.name, name);
      const seen = first instanceof CheckFailure ? first.diagnosis : undefined;
      if (!first) {
        problems.push(`no check fails on it`);
      } else if (seen?.id === m.expect.id) {
        shownFirst.add(m.expect.id);
      } else {
        problems.push(
          `the first failing check, "${name}", shows ` +
            (seen ? `the diagnosis "${seen.id}"` : "no diagnosis") +
            ` where "${m.expect.id}" was expected:\n${first.message}`,
        );
      }
    }
    steps.push({ name: `catches the mistake: ${m.name}`, problems });
  }
  return { steps, caught, firstFailure, shownFirst };
}

/**
 * The two steps of the decoys: each is caught, and no failure on one shows a diagnosis but
 * those listed in `known`, each of which must still show.
 */
async function auditDecoys(k: Kata, files: Files, known: readonly Trip[]) {
  const missed: string[] = [];
  const caught = new Map<string, string[]>();
  const trips: Trip[] = [];
  for (const d of k.decoys) {
    const failed = await failuresOn(k, files, d);
    if (typeof failed === "string") {
      missed.push(`"${d.name}": ${failed}`);
      continue;
    }
    if (failed.length === 0) missed.push(`"${d.name}": no check fails on it`);
    missed.push(...stubLike(failed, `the decoy "${d.name}"`));
    for (const [check, e] of failed) {
      caught.set(check, [...(caught.get(check) ?? []), d.name]);
      if (e instanceof CheckFailure && e.diagnosis) {
        trips.push({
          kata: k.kata,
          decoy: d.name,
          check,
          diagnosis: e.diagnosis.id,
        });
      }
    }
  }
  const same = (a: Trip) => (b: Trip) =>
    a.kata === b.kata && a.decoy === b.decoy && a.check === b.check &&
    a.diagnosis === b.diagnosis;
  const listed = known.filter((t) => t.kata === k.kata);
  const shown = (t: Trip) => {
    const text = k.diagnoses.find((x) => x.id === t.diagnosis)?.text;
    return `"${t.diagnosis}"${text ? ` ("this looks like ${text}")` : ""}`;
  };
  const tripping = [
    ...trips.filter((t) => !listed.some(same(t))).map((t) =>
      `the decoy "${t.decoy}": "${t.check}" shows ${
        shown(t)
      }, a mistake it does not make; ` +
      `show the diagnosis only when a probe confirms it`
    ),
    ...listed.filter((t) => !trips.some(same(t))).map((t) =>
      `the decoy "${t.decoy}" no longer shows "${t.diagnosis}" in "${t.check}": ` +
      `remove it from KNOWN_TRIPPING (tests/meta/known_tripping.ts)`
    ),
  ];
  return {
    steps: [
      { name: "every decoy is caught", problems: missed },
      { name: "no decoy shows a diagnosis", problems: tripping },
    ],
    caught,
    trips,
  };
}

/** A step per earlier kata: when it is a stub, the prerequisite check names it. */
async function prerequisitesNamed(k: Kata, files: Files): Promise<Step[]> {
  const steps: Step[] = [];
  for (const path of k.modules.filter((m) => !own(k).includes(m))) {
    const before = path.split("/")[0];
    const { prerequisites } = await k.instantiate(
      files.tree(await stubbed(files, [path])),
    );
    const problems: string[] = [];
    try {
      await prerequisites();
      problems.push(`the prerequisites pass with a stubbed ${path}`);
    } catch (e) {
      if (
        !(e instanceof PrerequisiteFailure) ||
        !e.message.includes(`deno test katas/${before}`)
      ) {
        problems.push(`the failure does not name kata ${before}: ${e}`);
      }
    }
    steps.push({
      name: `says to finish kata ${before} first when it is a stub`,
      problems,
    });
  }
  return steps;
}

/**
 * The audit as Markdown: a line of counts (mutants, decoys, diagnoses, checks, decoys that
 * show a diagnosis), then a table with one row per check: the mutants it catches, the one
 * each mutant shows first in bold, and the decoys it catches, with the diagnosis a decoy
 * wrongly shows there.
 *
 * @example
 * ```ts ignore
 * console.log(matrix(k, await audit(k, files)));
 * ```
 */
export function matrix(k: Kata, result: Audit): string {
  const { checks } = result;
  const rows = checks.map((check) => {
    const names = (result.caught.get(check) ?? []).map((m) =>
      result.firstFailure.get(m) === check ? `**${m}**` : m
    );
    const decoys = (result.decoysCaught.get(check) ?? []).map((d) => {
      const trip = result.trips.find((t) => t.decoy === d && t.check === check);
      return trip ? `${d} (shows ${trip.diagnosis})` : d;
    });
    return `| ${check.replace(/^\d\d \w+: /, "")} | ${names.length} | ${
      names.join("; ")
    } | ${decoys.join("; ")} |`;
  });
  const tripping = new Set(result.trips.map((t) => t.decoy)).size;
  return [
    `### ${k.kata}: ${k.mutants.length} mutants, ${k.decoys.length} decoys, ` +
    `${k.diagnoses.length} diagnoses, ${checks.length} checks; ` +
    `${tripping} decoys show a diagnosis`,
    "",
    "| check | caught | mutants (bold: this check is the first to fail) | decoys |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/**
 * The counts of every kata as one Markdown table: its mutants, decoys and diagnoses, and the
 * decoys that show a diagnosis (each with the diagnoses it shows).
 *
 * @example
 * ```ts ignore
 * console.log(summary([[k, await audit(k, files)]]));
 * ```
 */
export function summary(audits: readonly (readonly [Kata, Audit])[]): string {
  const rows = audits.map(([k, { trips }]) => {
    const tripping = [...new Set(trips.map((t) => t.decoy))];
    const shown = tripping.map((decoy) => {
      const ids = trips.filter((t) => t.decoy === decoy).map((t) =>
        t.diagnosis
      );
      return `${decoy} (${[...new Set(ids)].join(", ")})`;
    });
    const counts = [k.mutants, k.decoys, k.diagnoses, tripping].map((xs) =>
      xs.length
    );
    return `| ${k.kata} | ${counts.join(" | ")} | ${shown.join("; ")} |`;
  });
  return [
    "| kata | mutants | decoys | diagnoses | decoys that show a diagnosis | which (the diagnoses shown) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
