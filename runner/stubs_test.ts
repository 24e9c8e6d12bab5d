import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { generateKata, isKataSource, listKatas, stubSource } from "./stubs.ts";

const ROOT = new URL("../", import.meta.url);

const SOLUTION = `/** Doubles. */
export function double(x: number): number {
  //#region answer: double
  const y = x * 2; // the answer
  return y;
  //#endregion
}

export class C {
  /** A method whose name makes the throw line longer than eighty characters. */
  m(): number {
    //#region answer: C.aMethodWithAVeryLongNameIndeed
    return 1;
    //#endregion
  }
}
`;

Deno.test("stubs: each answer region becomes a not-implemented throw; the rest is kept", () => {
  const stub = stubSource(SOLUTION, "09_demo", "demo.ts");
  assert.match(stub, /^\/\/ Kata 09 · demo: your file\./);
  assert.doesNotMatch(stub, /deno-lint-ignore/);
  assert.match(
    stub,
    /\/\*\* Doubles\. \*\/\nexport function double\(x: number\): number \{\n/,
  );
  assert.match(
    stub,
    / {2}void x;\n {2}throw new Error\("not implemented: double, see README\.md"\);\n\}/,
  );
  assert.doesNotMatch(stub, /the answer|#region|#endregion|return 1/);
  // Too long for one line: broken the way deno fmt breaks it.
  assert.match(
    stub,
    / {4}throw new Error\(\n {6}"not implemented: C\.aMethodWithAVeryLongNameIndeed, see README\.md",\n {4}\);\n/,
  );
});

Deno.test("stubs: a region left open, opened twice or closed twice is an error with its line", () => {
  const open = "a\n  //#region answer: f\n  return 1;\n";
  assert.throws(
    () => stubSource(open, "09_demo", "x.ts"),
    /x\.ts:2: .* never closed/,
  );
  const nested =
    "//#region answer: f\n//#region answer: g\n//#endregion\n//#endregion\n";
  assert.throws(
    () => stubSource(nested, "09_demo", "x.ts"),
    /x\.ts:2: .* inside the region of line 1/,
  );
  assert.throws(
    () => stubSource("//#endregion\n", "09_demo", "x.ts"),
    /x\.ts:1: .* never opened/,
  );
});

Deno.test("stubs: a CRLF checkout gives the same stub, line endings aside", () => {
  const crlf = stubSource(
    SOLUTION.replaceAll("\n", "\r\n"),
    "09_demo",
    "demo.ts",
  );
  const lf = stubSource(SOLUTION, "09_demo", "demo.ts");
  assert.doesNotMatch(crlf, /the answer/);
  assert.equal(crlf.replaceAll("\r", ""), lf);
});

Deno.test("stubs: only non-test TypeScript files are learner sources", () => {
  assert.ok(isKataSource("value.ts"));
  assert.ok(!isKataSource("value_test.ts"));
  assert.ok(!isKataSource("value_bench.ts"));
  assert.ok(!isKataSource("README.md"));
});

Deno.test({
  name:
    "stubs: every solution source has answers, and its stub keeps none of them",
  fn: async () => {
    requirePermissions({ name: "read", path: new URL("solutions/", ROOT) });
    const katas = await listKatas(ROOT);
    assert.ok(katas.length >= 3, `found ${katas}`);
    for (const kata of katas) {
      for (const [path, text] of await generateKata(ROOT, kata)) {
        if (!isKataSource(path)) continue;
        const solution = await Deno.readTextFile(
          new URL(path.replace(/^katas/, "solutions"), ROOT),
        );
        assert.match(
          solution,
          /\/\/#region answer: /,
          `${path} has no answer region`,
        );
        assert.doesNotMatch(
          text,
          /#region|#endregion/,
          `${path}: an unbalanced region`,
        );
        assert.match(text, /not implemented: /);
      }
    }
  },
});

Deno.test("stubs: a file with a generator (function*) lets the stub's body yield nothing", () => {
  const solution = "export function* f(): Generator<number> {\n" +
    "  //#region answer: f\n  yield 1;\n  //#endregion\n}\n";
  const stub = stubSource(solution, "11_train", "f.ts");
  // ban-unused-ignore too: once the learner's generator yields, the ignore is unused.
  assert.match(stub, /deno-lint-ignore-file require-yield ban-unused-ignore\n/);
  assert.doesNotMatch(
    stubSource("function g(): number {\n  return 1;\n}\n", "11_train", "g.ts"),
    /require-yield/,
  );
});

Deno.test("stubs: a module-level let that only the answers change is not linted as a constant", () => {
  const solution = "let count = 0;\nexport function f(): number {\n" +
    "  //#region answer: f\n  return ++count;\n  //#endregion\n}\n";
  const stub = stubSource(solution, "03_backward", "f.ts");
  assert.match(stub, /deno-lint-ignore-file prefer-const ban-unused-ignore\n/);
  assert.doesNotMatch(
    stubSource(
      "function g(): number {\n  return 1;\n}\n",
      "03_backward",
      "g.ts",
    ),
    /prefer-const/,
  );
});

Deno.test("stubs: a throw is preceded by a void of the names only its answer used, and no others", () => {
  const solution = `import { dot, linear } from "./linear.ts";
import type { Value } from "./value.ts";
import * as lib from "./lib.ts";
let count = 0;
const helper = (n: number) => n + 1;
/** Uses every name. */
export function f(
  x: readonly Value[],
  w: readonly (readonly Value[])[],
  scale = 2,
): (readonly Value[])[] {
  const rows = w.length; // kept: uses w
  //#region answer: f
  count++;
  return [linear(x, w).map((v) => v.mul(scale * rows)), lib.ones(helper(1))];
  //#endregion
}
export class C {
  /** A method, its region in an if. */
  m(a: number, b: number): number {
    if (a > 0) {
      //#region answer: C.m
      return dot([a], [b]).data;
      //#endregion
    }
    return 0;
  }
}
export const g = (y: number): number => {
  //#region answer: g
  return y;
  //#endregion
};
`;
  const stub = stubSource(solution, "09_demo", "demo.ts");
  const voids = stub.split("\n").filter((l) => /^\s*void /.test(l))
    .map((l) => l.trim());
  assert.deepEqual(voids, [
    "void [x, scale, linear, lib, count, helper];",
    "void [b, dot];",
    "void y;",
  ]);
  assert.match(stub, /the\n\/\/ `void` line above it/);
  assert.doesNotMatch(stub, /void \[x, w/); // w is still used by the stub
});

/** The stub's header (its leading `// ` lines) on `solution` without its region markers. */
function solved(stub: string, solution: string): string {
  const header = stub.split("\n").filter((_, i, lines) =>
    lines.slice(0, i + 1).every((l) => l.startsWith("// "))
  );
  const body = solution.split("\n").filter((l) =>
    !/^\s*\/\/#(region answer:|endregion)/.test(l)
  );
  return [...header, ...body].join("\n");
}

/** `deno lint` (the project's rules) on the files, written under .cache/: what it found. */
async function lint(files: ReadonlyMap<string, string>): Promise<string> {
  const cache = new URL(".cache/", ROOT);
  await Deno.mkdir(cache, { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: fileURLToPath(cache),
    prefix: "stubs-lint-",
  });
  try {
    for (const [path, text] of files) {
      await Deno.mkdir(`${dir}/${path}/..`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    const lint = () =>
      new Deno.Command("deno", {
        args: ["lint", "--compact", dir],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdin: "null",
      }).output();
    let result = await lint();
    // deno lint with a plugin now and then crashes (SIGSEGV) after linting: run it again.
    if (result.signal === "SIGSEGV") result = await lint();
    const { code, stdout, stderr } = result;
    const text = new TextDecoder();
    const out = text.decode(stdout) + text.decode(stderr);
    return code === 0 ? "" : out.replaceAll(`file://${dir}/`, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "stubs: deno lint passes on every stub, and on it solved (the stub's header kept); the learner's own unused names are still flagged",
  fn: async () => {
    requirePermissions(
      { name: "read", path: new URL("solutions/", ROOT) },
      { name: "write", path: new URL(".cache/", ROOT) },
      { name: "run", command: "deno" },
    );
    const stubs = new Map<string, string>();
    const done = new Map<string, string>();
    for (const kata of await listKatas(ROOT)) {
      for (const [path, text] of await generateKata(ROOT, kata)) {
        if (!isKataSource(path)) continue;
        const solution = await Deno.readTextFile(
          new URL(path.replace(/^katas/, "solutions"), ROOT),
        );
        stubs.set(path, text);
        done.set(path, solved(text, solution));
      }
    }
    assert.equal(await lint(stubs), "", "deno lint on the stubs");
    assert.equal(await lint(done), "", "deno lint on the solved stubs");
    const path = "katas/04_linear/linear.ts";
    const careless = done.get(path)!.replace(
      "  const n = a.length;",
      "  const n = a.length;\n  const unused = 1;",
    );
    assert.match(
      await lint(new Map([[path, careless]])),
      /`unused` is never used \(no-unused-vars\)/,
    );
  },
});
