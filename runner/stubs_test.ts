import assert from "node:assert/strict";
import { UsageError, UserError } from "../app/cli.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import {
  generateKata,
  isKataSource,
  listKatas,
  stubsCommand,
  stubSource,
} from "./stubs.ts";

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

/** Runs `fn` on a throwaway project under `.cache/` holding solutions/09_demo/demo.ts. */
async function withDemo(fn: (root: URL) => Promise<void>): Promise<void> {
  requirePermissions(
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  await Deno.mkdir(".cache", { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ".cache", prefix: "stubs_" });
  const root = new URL(`${dir}/`, `file://${Deno.cwd()}/`);
  const quiet = console.log;
  console.log = () => {};
  try {
    await Deno.mkdir(new URL("solutions/09_demo/", root), { recursive: true });
    await Deno.writeTextFile(
      new URL("solutions/09_demo/demo.ts", root),
      SOLUTION,
    );
    await fn(root);
  } finally {
    console.log = quiet;
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "stubs: writing keeps a backup of the learner's file; --check reports differences",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      await assert.rejects(
        stubsCommand([], root),
        UsageError,
        "a bare command resets nothing",
      );
      await stubsCommand(["--all"], root);
      const stub = await Deno.readTextFile(out);
      assert.equal(stub, stubSource(SOLUTION, "09_demo", "demo.ts"));
      await stubsCommand(["--check"], root);

      await Deno.writeTextFile(out, "my work in progress");
      await assert.rejects(stubsCommand(["--check"], root), UserError);
      assert.equal(
        await Deno.readTextFile(out),
        "my work in progress",
        "--check wrote",
      );

      await stubsCommand(["09_demo"], root);
      assert.equal(await Deno.readTextFile(out), stub);
      const backups = [];
      for await (const e of Deno.readDir(new URL("backups/", root))) {
        backups.push(e.name);
      }
      assert.equal(backups.length, 1);
      const kept = new URL(
        `backups/${backups[0]}/katas/09_demo/demo.ts`,
        root,
      );
      assert.equal(await Deno.readTextFile(kept), "my work in progress");

      await Deno.writeTextFile(new URL("katas/09_demo/stray.ts", root), "");
      await assert.rejects(stubsCommand(["--check"], root), /stray\.ts/);

      await assert.rejects(stubsCommand(["99_nope"], root), UsageError);
      await assert.rejects(stubsCommand(["--nope"], root), UsageError);
    }),
});

Deno.test({
  name:
    "stubs: a learner file that is not valid UTF-8 is backed up byte for byte",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      const now = new Date("2026-01-02T03:04:05.678Z");
      const mine = new Uint8Array([0x6d, 0x79, 0xff, 0xfe, 0x0a, 0xc3, 0x28]);
      await Deno.mkdir(new URL("./", out), { recursive: true });
      await Deno.writeFile(out, mine);
      await assert.rejects(stubsCommand(["--check"], root), UserError);
      await stubsCommand(["09_demo"], root, now);
      const kept = await Deno.readFile(
        new URL("backups/2026-01-02T03-04-05-678Z/katas/09_demo/demo.ts", root),
      );
      assert.deepEqual(kept, mine);
      await stubsCommand(["--check"], root);
    }),
});

Deno.test({
  name:
    "stubs: two resets in the same millisecond keep both backups, the first untouched",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      const now = new Date("2026-01-02T03:04:05.678Z");
      await Deno.mkdir(new URL("./", out), { recursive: true });
      await Deno.writeTextFile(out, "first try");
      await stubsCommand(["09_demo"], root, now);
      await Deno.writeTextFile(out, "second try");
      await stubsCommand(["09_demo"], root, now);
      await Deno.writeTextFile(out, "third try");
      await stubsCommand(["09_demo"], root, now);
      const stamp = "2026-01-02T03-04-05-678Z";
      const folders = [];
      for await (const e of Deno.readDir(new URL("backups/", root))) {
        folders.push(e.name);
      }
      assert.deepEqual(folders.sort(), [stamp, `${stamp}-2`, `${stamp}-3`]);
      const kept = (folder: string) =>
        Deno.readTextFile(
          new URL(`backups/${folder}/katas/09_demo/demo.ts`, root),
        );
      assert.equal(await kept(stamp), "first try");
      assert.equal(await kept(`${stamp}-2`), "second try");
      assert.equal(await kept(`${stamp}-3`), "third try");
    }),
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
