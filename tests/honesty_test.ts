/**
 * The honesty meta-test: a suite is honest only if it can fail. For every kata it proves
 * - the suite passes on the reference solution;
 * - every check fails on the stub (made here from `solutions/` by the stub generator, not
 *   read from `katas/`, which holds the learner's work) with a "not implemented" message;
 * - every planted mutant (`tests/mutants/`) is caught, by a message that names the mistake;
 * - when an earlier kata it builds on is not done, the suite says which one.
 *
 * Modules are loaded from `data:` URLs whose relative imports point into `solutions/`, so
 * nothing is written to disk.
 *
 * @module
 */
import assert from "node:assert/strict";
import { stubSource } from "../tools/stubs.ts";
import { type Check, PrerequisiteFailure } from "./harness.ts";
import { type Importer, type Kata, KATAS } from "./katas.ts";
import type { Mutant } from "./mutants/mutant.ts";
import { granted } from "./permissions.ts";

const SOLUTIONS = new URL("../solutions/", import.meta.url);

/** Reads `path` (inside `solutions/`) as text. */
function solution(path: string): Promise<string> {
  return Deno.readTextFile(new URL(path, SOLUTIONS));
}

/** A module made of `text` as if it were the file `path` of `solutions/`. */
function asModule(text: string, path: string): string {
  const base = new URL(path, SOLUTIONS);
  const absolute = text.replace(
    // `from "./x"`, `import "./x"` and `import("./x")`
    /((?:from|import)\s*\(?\s*)(["'])(\.\.?\/[^"']+)\2/g,
    (_, from: string, q: string, spec: string) =>
      `${from}${q}${new URL(spec, base).href}${q}`,
  );
  return `data:application/typescript,${encodeURIComponent(absolute)}`;
}

/** Loads `solutions/`, with the files in `replaced` (path → text) swapped in. */
function tree(replaced: Map<string, string> = new Map()): Importer {
  return (path) => {
    const text = replaced.get(path);
    return import(
      text === undefined ? new URL(path, SOLUTIONS).href : asModule(text, path)
    );
  };
}

/** The message each failing check throws (an empty list: every check passed). */
async function failures(
  checks: readonly Check[],
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const check of checks) {
    try {
      await check.run();
    } catch (e) {
      failed.set(check.name, e instanceof Error ? e.message : String(e));
    }
  }
  return failed;
}

const own = (k: Kata) => k.modules.filter((m) => m.startsWith(`${k.kata}/`));

async function stubs(paths: readonly string[]): Promise<Map<string, string>> {
  const replaced = new Map<string, string>();
  for (const path of paths) {
    const [kata, file] = path.split("/");
    replaced.set(path, stubSource(await solution(path), kata, file));
  }
  return replaced;
}

async function mutate(m: Mutant): Promise<Map<string, string>> {
  let text = await solution(m.file);
  for (const [find, replace] of m.edits) {
    const count = text.split(find).length - 1;
    assert.equal(
      count,
      1,
      `mutant "${m.name}": its text to replace occurs ${count} times in solutions/${m.file}; ` +
        `update the mutant to the solution`,
    );
    text = text.replace(find, () => replace);
  }
  return new Map([[m.file, text]]);
}

const ignore = !granted({ name: "read", path: SOLUTIONS });

for (const k of KATAS) {
  Deno.test({ name: `honesty: ${k.kata}`, ignore }, async (t) => {
    await t.step("the suite passes on the reference solution", async () => {
      const { checks, prerequisites } = await k.instantiate(tree());
      await prerequisites();
      assert.deepEqual(Object.fromEntries(await failures(checks)), {});
    });

    await t.step(
      "every check fails on the stub, saying it is not implemented",
      async () => {
        const { checks, prerequisites } = await k.instantiate(
          tree(await stubs(own(k))),
        );
        await prerequisites();
        const failed = await failures(checks);
        for (const check of checks) {
          const message = failed.get(check.name);
          assert.ok(
            message !== undefined,
            `"${check.name}" passes on the stub: it cannot fail`,
          );
          assert.match(
            message,
            /not implemented/,
            `"${check.name}" fails on the stub with: ${message}`,
          );
        }
      },
    );

    for (const m of k.mutants) {
      await t.step(`catches the mistake: ${m.name}`, async () => {
        const { checks, prerequisites } = await k.instantiate(
          tree(await mutate(m)),
        );
        await prerequisites();
        const failed = [...(await failures(checks)).values()];
        assert.ok(
          failed.length > 0,
          `no check fails on the mutant "${m.name}"`,
        );
        assert.ok(
          failed.some((message) => message.includes(m.expect)),
          `the failures do not name the mistake ("${m.expect}"):\n${
            failed.join("\n")
          }`,
        );
      });
    }

    const earlier = k.modules.filter((m) => !m.startsWith(`${k.kata}/`));
    for (const path of earlier) {
      const before = path.split("/")[0];
      await t.step(
        `says to finish kata ${before} first when it is a stub`,
        async () => {
          const { prerequisites } = await k.instantiate(
            tree(await stubs([path])),
          );
          await assert.rejects(prerequisites(), (e) => {
            assert.ok(e instanceof PrerequisiteFailure, String(e));
            assert.match(e.message, new RegExp(`deno test katas/${before}`));
            return true;
          });
        },
      );
    }
  });
}
