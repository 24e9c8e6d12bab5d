/**
 * Generates the learner's stubs (`katas/`) from the reference solutions (`solutions/`).
 *
 * A solution marks each answer with a region:
 * ```ts
 * add(other: Value | number): Value {
 *   //#region answer: Value.add
 *   const o = Value.of(other);
 *   return new Value(this.data + o.data, [this, o], [1, 1]);
 *   //#endregion
 * }
 * ```
 * and the stub keeps everything else (signatures, JSDoc, imports) with the region replaced by
 * `throw new Error("not implemented: Value.add, see README.md")`.
 * Test files are copied as they are; a kata's lesson (`README.md`) lives in `katas/` only.
 *
 * Usage (`deno task stubs`):
 * - `deno task stubs --check`: exit 1 when a committed stub differs from what this makes;
 * - `deno task stubs [KATA…]`: write the stubs of the named katas (all when none are named),
 *   keeping a backup of any file that would be replaced.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "../lib/cli.ts";

const REGION =
  /^([ \t]*)\/\/#region answer: (.+)\n[\s\S]*?^[ \t]*\/\/#endregion\n/gm;

function header(kata: string, file: string): string {
  const title = kata.replace("_", " · ");
  return `// Kata ${title}: your file. Replace each "not implemented" throw with your\n` +
    `// code; the lesson is README.md beside this file. Made from\n` +
    `// solutions/${kata}/${file} by \`deno task stubs\`.\n` +
    `// deno-lint-ignore-file no-unused-vars\n`;
}

/**
 * The stub of one solution file: every answer region replaced by a `throw`.
 *
 * @example
 * ```ts
 * const solution = "function f(): number {\n  //#region answer: f\n  return 1;\n  //#endregion\n}\n";
 * stubSource(solution, "01_tokenizer", "f.ts");
 * // "// Kata 01 · tokenizer: …\nfunction f(): number {\n  throw new Error(\"not implemented: f, see README.md\");\n}\n"
 * ```
 */
export function stubSource(source: string, kata: string, file: string): string {
  const stub = source.replace(REGION, (_, indent: string, what: string) => {
    const message = JSON.stringify(
      `not implemented: ${what.trim()}, see README.md`,
    );
    const line = `${indent}throw new Error(${message});\n`;
    // Break the line the way \`deno fmt\` would, so the stubs stay formatted.
    return line.length <= 81
      ? line
      : `${indent}throw new Error(\n${indent}  ${message},\n${indent});\n`;
  });
  return header(kata, file) + stub;
}

/** Whether `file` is one the learner writes (not a test, bench or lesson). */
export function isKataSource(file: string): boolean {
  return file.endsWith(".ts") && !/_(test|bench)\.ts$/.test(file);
}

/** The katas that have a folder in `solutions/`, in order (`["01_tokenizer", …]`). */
export async function listKatas(root: URL): Promise<string[]> {
  const katas: string[] = [];
  for await (const entry of Deno.readDir(new URL("solutions/", root))) {
    if (entry.isDirectory && /^\d\d_/.test(entry.name)) katas.push(entry.name);
  }
  return katas.sort();
}

/**
 * Every file `katas/<kata>/` should hold, generated from `solutions/<kata>/`: path relative
 * to the project root → contents.
 */
export async function generateKata(
  root: URL,
  kata: string,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dir = new URL(`solutions/${kata}/`, root);
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(new URL(entry.name, dir));
    files.set(
      `katas/${kata}/${entry.name}`,
      isKataSource(entry.name) ? stubSource(text, kata, entry.name) : text,
    );
  }
  return files;
}

async function readOrNull(url: URL): Promise<string | null> {
  try {
    return await Deno.readTextFile(url);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * The `deno task stubs` command on the project at `root`: writes (or with `--check`, compares)
 * `katas/` from `solutions/`. A file about to be replaced is first copied to
 * `backups/<time>/katas/…`, so a learner's work is never lost.
 *
 * @example
 * ```ts ignore
 * await stubsCommand(["02_value"], new URL("./", import.meta.url));
 * ```
 */
export async function stubsCommand(args: string[], root: URL): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { check: { type: "boolean" }, help: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(
      `${(e as Error).message}; usage: deno task stubs [--check] [KATA…]`,
    );
  }
  if (parsed.values.help) {
    console.log(
      "usage: deno task stubs [--check] [KATA…]  (e.g. deno task stubs 02_value)",
    );
    return;
  }
  const all = await listKatas(root);
  const wanted = parsed.positionals.length ? parsed.positionals : all;
  for (const kata of wanted) {
    if (!all.includes(kata)) {
      throw new UsageError(
        `no kata named ${kata}; the katas are ${all.join(", ")}`,
      );
    }
  }
  const stale: string[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  for (const kata of wanted) {
    for (const [path, text] of await generateKata(root, kata)) {
      const url = new URL(path, root);
      const current = await readOrNull(url);
      if (current === text) continue;
      if (parsed.values.check) {
        stale.push(path);
        continue;
      }
      if (current !== null) {
        const backup = new URL(`backups/${stamp}/${path}`, root);
        await Deno.mkdir(new URL("./", backup), { recursive: true });
        await Deno.writeTextFile(backup, current);
        console.log(`kept your ${path} as backups/${stamp}/${path}`);
      }
      await Deno.mkdir(new URL("./", url), { recursive: true });
      await Deno.writeTextFile(url, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale.length) {
    throw new UserError(
      `katas/ differs from the stubs generated from solutions/ (${
        stale.join(", ")
      }): ` +
        `run \`deno task stubs\` and commit the result`,
    );
  }
  if (parsed.values.check) {
    console.log(`katas/ matches solutions/ (${wanted.length} katas)`);
  }
}

if (import.meta.main) {
  runMain(() => stubsCommand(Deno.args, new URL("../", import.meta.url)));
}
