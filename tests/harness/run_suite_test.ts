import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { requirePermissions } from "./permissions.ts";

// A learner's kata 07 with a planted mistake (a head's query sliced one component too long),
// run by `deno test` as a learner runs it: what the failures print is what they read.

const ROOT = new URL("../../", import.meta.url);
const CACHE = new URL(".cache/", ROOT);
const SOLUTION = new URL("solutions/07_attention/", ROOT);
const MISTAKE = [
  "const qH = q.slice(hs, hs + headDim);",
  "const qH = q.slice(hs, hs + headDim + 1);",
] as const;

/**
 * `text` with its relative imports, static and dynamic (but `./attention.ts`), made absolute
 * from `base`.
 */
function absolute(text: string, base: URL): string {
  return text.replace(
    /(from\s*|import\(\s*)(["'])(\.\.?\/[^"']+)\2/g,
    (whole, from: string, q: string, spec: string) =>
      spec === "./attention.ts"
        ? whole
        : `${from}${q}${new URL(spec, base).href}${q}`,
  );
}

/** What `deno test` printed for the planted kata, and where the planted files were. */
interface Planted {
  readonly output: string;
  /** The planted kata's folder, from the project root: `.cache/planted-…/07_attention`. */
  readonly folder: string;
  /** The line of attention.ts that calls `dot` with the slice. */
  readonly dotLine: number;
}

async function runPlanted(): Promise<Planted> {
  requirePermissions(
    { name: "read", path: SOLUTION },
    { name: "write", path: CACHE },
    { name: "run", command: "deno" },
  );
  await Deno.mkdir(CACHE, { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: fileURLToPath(CACHE),
    prefix: "planted-",
  });
  try {
    const kata = `${dir}/07_attention`;
    await Deno.mkdir(kata);
    const solution = await Deno.readTextFile(new URL("attention.ts", SOLUTION));
    assert.ok(solution.includes(MISTAKE[0]), "the solution's slice moved");
    const planted = absolute(solution.replace(...MISTAKE), SOLUTION);
    await Deno.writeTextFile(`${kata}/attention.ts`, planted);
    const test = await Deno.readTextFile(
      new URL("attention_test.ts", SOLUTION),
    );
    await Deno.writeTextFile(
      `${kata}/attention_test.ts`,
      absolute(test, SOLUTION),
    );
    const { stdout, stderr } = await new Deno.Command("deno", {
      args: [
        "test",
        "--no-check",
        "--allow-read=.cache,solutions,tests,lib,course",
        `${kata}/attention_test.ts`,
        "--",
        "--seed=42",
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdin: "null",
      signal: AbortSignal.timeout(120_000),
    }).output();
    const text = new TextDecoder();
    return {
      output: text.decode(stdout) + text.decode(stderr),
      folder: kata.slice(fileURLToPath(ROOT).length),
      dotLine: planted.split("\n").findIndex((l) => l.includes("dot(qH")) + 1,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

let planted: Promise<Planted> | undefined;
const run = () => planted ??= runPlanted();

Deno.test("runSuite: a failure under deno test shows no stack frame inside Deno", async () => {
  const { output } = await run();
  assert.match(output, /^error: CheckFailure: TypeError: /m, output);
  assert.doesNotMatch(output, /ext:core|ext:cli|01_core\.js/, output);
});

Deno.test("runSuite: a failure's input prints as plain JSON-like text", async () => {
  const { output } = await run();
  // The first check draws one record: it prints as itself, not as fast-check's [{…}].
  const input = output.split("\n").find((l) => l.startsWith("    input: "));
  assert.match(input ?? "", /^ {4}input: \{"nHead": 2, "xs": \[\[/, output);
  assert.doesNotMatch(output, /__proto__/, output);
});

Deno.test("runSuite: an error thrown inside an earlier kata names the line of the current kata that called it", async () => {
  const { output, folder, dotLine } = await run();
  const at = `    at ${folder}/attention.ts:${dotLine}:`;
  const lines = output.split("\n");
  const i = lines.findIndex((l) => l.startsWith(at));
  assert.ok(i > 0, `expected a line starting "${at}" in:\n${output}`);
  assert.match(lines[i], /, where your kata 07 calls dot \(kata 04\)$/);
  assert.match(
    lines[i + 1],
    /^ {4}which threw at solutions\/04_linear\/linear\.ts:\d+:\d+: kata 04 passes its checks, so look first at what your line gives it$/,
  );
});
