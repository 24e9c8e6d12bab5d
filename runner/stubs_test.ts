import assert from "node:assert/strict";
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
  assert.match(stub, /deno-lint-ignore-file no-unused-vars/);
  assert.match(
    stub,
    /\/\*\* Doubles\. \*\/\nexport function double\(x: number\): number \{\n/,
  );
  assert.match(
    stub,
    / {2}throw new Error\("not implemented: double, see README\.md"\);\n\}/,
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
  assert.match(stub, /deno-lint-ignore-file no-unused-vars require-yield/);
  assert.doesNotMatch(
    stubSource("function g(): number {\n  return 1;\n}\n", "11_train", "g.ts"),
    /require-yield/,
  );
});

Deno.test("stubs: a module-level let that only the answers change is not linted as a constant", () => {
  const solution = "let count = 0;\nexport function f(): number {\n" +
    "  //#region answer: f\n  return ++count;\n  //#endregion\n}\n";
  const stub = stubSource(solution, "03_backward", "f.ts");
  assert.match(stub, /deno-lint-ignore-file no-unused-vars prefer-const/);
  assert.doesNotMatch(
    stubSource(
      "function g(): number {\n  return 1;\n}\n",
      "03_backward",
      "g.ts",
    ),
    /prefer-const/,
  );
});
