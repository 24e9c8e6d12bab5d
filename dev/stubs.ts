/**
 * `deno task stubs`, for maintainers: checks that `katas/` is exactly what `solutions/`
 * generates (CI runs `--check`), or rewrites it after a solution changed. The generator and the
 * writer are the kata runner's (`runner/stubs.ts`): rewriting a kata is what
 * `deno task kata reset` does, for one kata or all of them.
 *
 * Usage (a KATA is named as `deno task kata reset` names it: `5`, `05`, `05_softmax` or
 * `softmax`):
 * - `deno task stubs --check [KATA…]`: exit 1 when `katas/` differs from what the generator
 *   makes (a file missing or changed, or a `.ts` file it does not make);
 * - `deno task stubs KATA…` (or `--all`): write fresh stubs of the named katas, keeping a
 *   backup of any file of the learner's that would be replaced.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { resolveKata } from "../runner/context.ts";
import {
  generateKata,
  keptLines,
  listKatas,
  readOrNull,
  sameBytes,
  writeKatas,
} from "../runner/stubs.ts";

const USAGE = "usage: deno task stubs KATA… | --all | --check [KATA…]  " +
  "(e.g. deno task stubs 02_value)";

/**
 * The `deno task stubs` command on the project at `root`: writes (or with `--check`, compares)
 * `katas/` from `solutions/`. A file about to be replaced is first copied, byte for byte, to
 * `backups/<time>/katas/…` (never over an earlier backup), so a learner's work is never lost.
 * `now` is the time that names the backup folder.
 *
 * @example
 * ```ts ignore
 * await stubsCommand(["--check"], new URL("../", import.meta.url));
 * ```
 */
export async function stubsCommand(
  args: string[],
  root: URL,
  now: Date = new Date(),
): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        all: { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${USAGE}`);
  }
  const { all: everything, check, help } = parsed.values;
  if (help) return console.log(USAGE);
  const all = await listKatas(root);
  if (!parsed.positionals.length && !everything && !check) {
    throw new UsageError(`name the katas to reset, or --all; ${USAGE}`);
  }
  // A kata is named as deno task kata reset names it: 5, 05, 05_softmax or softmax.
  const named = [
    ...new Set(parsed.positionals.map((a) => resolveKata(a, all))),
  ];
  const wanted = named.length ? named : all;
  if (check) return await checkStubs(root, wanted);
  const replaced = await writeKatas(root, wanted, "stub", now);
  for (const line of keptLines(replaced)) console.log(line);
  for (const path of replaced.written) console.log(`wrote ${path}`);
}

/** Throws a {@link UserError} naming the files of `katas/` that are not what `katas` generate. */
async function checkStubs(root: URL, katas: readonly string[]): Promise<void> {
  const stale: string[] = [];
  const files = new Map<string, string>();
  for (const kata of katas) {
    const generated = await generateKata(root, kata);
    stale.push(...await extraSources(root, kata, generated));
    for (const [path, text] of generated) files.set(path, text);
  }
  stale.push(...await differing(root, files));
  if (stale.length) {
    throw new UserError(
      `katas/ differs from the stubs generated from solutions/ (${
        stale.join(", ")
      }): ` +
        `run \`deno task stubs --all\` and commit the result`,
    );
  }
  console.log(`katas/ matches solutions/ (${katas.length} katas)`);
}

/** TypeScript files in `katas/<kata>/` that the generator does not make. */
async function extraSources(
  root: URL,
  kata: string,
  files: Map<string, string>,
): Promise<string[]> {
  const extra: string[] = [];
  try {
    for await (const entry of Deno.readDir(new URL(`katas/${kata}/`, root))) {
      const path = `katas/${kata}/${entry.name}`;
      if (entry.name.endsWith(".ts") && !files.has(path)) extra.push(path);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return extra;
}

/** The paths of `files` whose file under `root` is missing or holds something else. */
async function differing(
  root: URL,
  files: ReadonlyMap<string, string>,
): Promise<string[]> {
  const out: string[] = [];
  for (const [path, text] of files) {
    const current = await readOrNull(new URL(path, root));
    const bytes = new TextEncoder().encode(text);
    if (current === null || !sameBytes(current, bytes)) out.push(path);
  }
  return out;
}

if (import.meta.main) {
  runMain(() => stubsCommand(Deno.args, new URL("../", import.meta.url)));
}
