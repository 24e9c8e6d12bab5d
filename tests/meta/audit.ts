/**
 * The honesty audit of one kata: a suite is honest only if it can fail. {@link audit} proves
 * - the suite passes on the reference solution;
 * - every check fails on the stub (made here by the stub generator, not read from `katas/`,
 *   which holds the learner's work) with a "not implemented" message;
 * - every planted mutant (`tests/mutants/`) is caught, and the first failure a learner sees
 *   carries the diagnosis the mutant expects (by identity, not by matching text);
 * - every check catches at least one mutant, so a check that asserts nothing is rejected;
 * - every diagnosis of the suite is shown first by at least one mutant, so none is untested;
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
import type { Mutant } from "../mutants/mutant.ts";

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

/** The mutant's file with its edits applied, or the problem when an edit does not apply. */
async function mutate(
  files: Files,
  m: Mutant,
): Promise<Map<string, string> | string> {
  let text = await files.read(m.file);
  for (const [find, replace] of m.edits) {
    const n = text.split(find).length - 1;
    if (n !== 1) {
      return `its text to replace occurs ${n} times in solutions/${m.file}; update the mutant to the solution`;
    }
    text = text.replace(find, () => replace);
  }
  return new Map([[m.file, text]]);
}

const firstLine = (e: Error) => e.message.split("\n")[0];

/** Runs every step of the honesty audit on kata `k`. */
export async function audit(k: Kata, files: Files): Promise<Audit> {
  const steps: Step[] = [];
  const step = (name: string, problems: string[]) =>
    steps.push({ name, problems });

  // The reference solution passes.
  const { checks, prerequisites } = await k.instantiate(files.tree());
  {
    const problems: string[] = [];
    try {
      await prerequisites();
      for (const [name, e] of await outcomes(checks)) {
        if (e) problems.push(`"${name}" fails: ${e.message}`);
      }
    } catch (e) {
      problems.push(`the prerequisites fail: ${(e as Error).message}`);
    }
    step("the suite passes on the reference solution", problems);
  }

  // Every check fails on the stub, with "not implemented". (Here and for the mutants, the
  // earlier katas are the reference solutions, whose prerequisite check passed above.)
  {
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
    step(
      "every check fails on the stub, saying it is not implemented",
      problems,
    );
  }

  // Every mutant is caught, and the first failure names it.
  const caught = new Map<string, string[]>();
  const firstFailure = new Map<string, string | undefined>();
  const shownFirst = new Set<string>();
  for (const m of k.mutants) {
    const problems: string[] = [];
    const replaced = await mutate(files, m);
    if (typeof replaced === "string") {
      problems.push(replaced);
    } else {
      const { checks } = await k.instantiate(files.tree(replaced));
      const results = await outcomes(checks);
      const failed = [...results].filter(([, e]) => e !== undefined) as [
        string,
        Error,
      ][];
      for (const [name, e] of failed) {
        if (/not implemented/.test(e.message)) {
          problems.push(
            `"${name}" fails with "not implemented": a mutant is a wrong answer, not a stub`,
          );
        }
        caught.set(name, [...(caught.get(name) ?? []), m.name]);
      }
      const [name, first] = failed[0] ?? [];
      firstFailure.set(m.name, name);
      if (!first) {
        problems.push(`no check fails on it`);
      } else {
        const seen = first instanceof CheckFailure
          ? first.diagnosis
          : undefined;
        if (seen?.id === m.expect.id) shownFirst.add(m.expect.id);
        else {
          problems.push(
            `the first failing check, "${name}", shows ` +
              (seen ? `the diagnosis "${seen.id}"` : "no diagnosis") +
              ` where "${m.expect.id}" was expected:\n${first.message}`,
          );
        }
      }
    }
    step(`catches the mistake: ${m.name}`, problems);
  }

  // Every check catches a real mistake; every diagnosis is shown by one.
  step(
    "every check catches at least one planted mistake",
    checks.filter((c) => !caught.has(c.name)).map((c) =>
      `"${c.name}" fails on no mutant: it may assert nothing; plant the mistake it is for`
    ),
  );
  step(
    "every diagnosis is the first one shown for some planted mistake",
    k.diagnoses.filter((d) => !shownFirst.has(d.id)).map((d) =>
      `"${d.id}" ("${d.text}") is shown first for no mutant: plant the mistake, or drop the diagnosis`
    ),
  );

  // A stubbed earlier kata is named.
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
    step(`says to finish kata ${before} first when it is a stub`, problems);
  }
  return { checks: checks.map((c) => c.name), steps, caught, firstFailure };
}

/**
 * The audit as a Markdown table: one row per check, with how many mutants it catches and
 * their names, the one each mutant shows first in bold.
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
    return `| ${check.replace(/^\d\d \w+: /, "")} | ${names.length} | ${
      names.join("; ")
    } |`;
  });
  return [
    `### ${k.kata}: ${k.mutants.length} mutants, ${checks.length} checks`,
    "",
    "| check | caught | mutants (bold: this check is the first to fail) |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}
