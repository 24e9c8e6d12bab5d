/**
 * Tests of `deno task graph`'s guards against a hostile module (`app/graph_guard.ts`): each
 * way it goes wrong is one line; a long chain is summed up, not a stack overflow; a module
 * that never ends is stopped. The runs of `deno task graph` itself are in `app/graph_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Value } from "../solutions/02_value/value.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { symlink } from "../tests/harness/symlink.ts";
import { UsageError, UserError } from "./cli.ts";
import { parseGraphArgs } from "./graph.ts";
import { drawGraph } from "./graph_draw.ts";
import {
  asLine,
  checkModuleFile,
  finishIn,
  missingImport,
  refusedLine,
  tooDeep,
} from "./graph_guard.ts";
import type { GraphValue } from "./graph_ops.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("graph guard: a module path that starts with - gets the -- that passes it; an unknown flag, --help", () => {
  assert.throws(() => parseGraphArgs(["-x.ts"]), {
    name: "UsageError",
    message:
      "-x.ts looks like a flag: put -- before a module path that starts with -, as deno task graph -- -x.ts",
  });
  assert.throws(() => parseGraphArgs(["--nope"]), {
    name: "UsageError",
    message: "unknown flag --nope: deno task graph --help lists the flags",
  });
  assert.equal(parseGraphArgs(["--", "-x.ts"]).target, "-x.ts");
});

Deno.test("graph guard: a permission Deno refuses is what the module does, without Deno's advice", () => {
  const env = new Deno.errors.NotCapable(
    'Requires env access to "HOME", run again with the --allow-env flag',
  );
  assert.equal(
    refusedLine(env, "my.ts")?.message,
    "my.ts: your module reads an environment variable (HOME): a module may only build a Value — remove that",
  );
  const read = new Deno.errors.NotCapable(
    'Requires read access to "/etc/hostname", run again with the --allow-read flag',
  );
  assert.equal(
    refusedLine(read, "my.ts")?.message,
    "my.ts: your module reads a file (/etc/hostname): a module of yours may read only itself and this project's katas/, solutions/ and lib/ — remove that",
  );
  assert.equal(refusedLine(new Error("boom"), "my.ts"), undefined);
  assert.equal(
    asLine(env, "my.ts").message,
    refusedLine(env, "my.ts")?.message,
  );
});

Deno.test("graph guard: an import of a missing file names it as written; the module itself missing does not", () => {
  const root = fileURLToPath(ROOT);
  assert.equal(
    missingImport(
      `Module not found "file://${root}katas/nothere.ts".\n    at file://${root}my12.ts:1:8`,
      `${root}my12.ts`,
    )?.message,
    `${root}my12.ts imports ./katas/nothere.ts, which does not exist`,
  );
  assert.equal(
    missingImport(
      `Module not found "file://${root}my12.ts".`,
      `${root}my12.ts`,
    ),
    undefined,
  );
  assert.equal(missingImport("boom", "my12.ts"), undefined);
});

Deno.test("graph guard: any other error of a module is one line that names it; a line stays as it is", () => {
  assert.equal(
    asLine(new TypeError("node.children is not iterable\nmore"), "my.ts")
      .message,
    "my.ts: its graph cannot be drawn: node.children is not iterable — fix the module",
  );
  const line = new UserError("my.ts exports no Value");
  assert.equal(asLine(line, "my.ts"), line);
  const usage = new UsageError("bad flag");
  assert.equal(asLine(usage, "my.ts"), usage);
});

/** A chain of `n` additions of 1 to a leaf: `n + 1` nodes, `n` deep. */
function chain(n: number): Value {
  let v = new Value(1);
  for (let i = 0; i < n; i++) v = v.add(1);
  return v;
}

Deno.test("graph guard: a chain of 2e5 additions is summed up, its depth counted without spreading 2e5 numbers", async () => {
  // 2e5: the smallest round size whose summary overflowed the stack (Math.max(...layers)).
  const { text } = await drawGraph(chain(2e5), "solutions");
  assert.match(text, /^200001 nodes and 200000 child links: too many to draw/);
  assert.match(
    text,
    /\ndepth \(the longest path from a leaf to the root\): 200000\n/,
  );
});

Deno.test("graph guard: a recursive walk that runs out of stack is 'too deep to walk', with the nodes counted by a loop", () => {
  const root = chain(2e5);
  const depth = (node: GraphValue): number =>
    node.children.length === 0 ? 0 : 1 + depth(node.children[0]);
  let overflow: unknown;
  try {
    depth(root);
  } catch (error) {
    overflow = error;
  }
  assert.ok(overflow instanceof RangeError, String(overflow));
  assert.equal(
    tooDeep(overflow, root)?.message,
    "too deep to walk: 200001 nodes, in chains too long for a recursive topoSort — " +
      "build a smaller graph, or make kata 03's topoSort a loop",
  );
  assert.equal(tooDeep(new Error("boom"), root), undefined);
});

Deno.test("graph guard: a module that never finishes is stopped at the time limit, in one line", async () => {
  requirePermissions({ name: "run", command: "deno" });
  const loop = new Deno.Command("deno", {
    args: ["eval", "while (true) {}"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await assert.rejects(finishIn(loop, "loop.ts", 0.2), {
    name: "UserError",
    message: "loop.ts did not finish in 0.2 s: does it loop forever?",
  });
  const quick = new Deno.Command("deno", {
    args: ["eval", "Deno.exit(3)"],
  }).spawn();
  assert.equal(await finishIn(quick, "quick.ts", 30), 3);
});

Deno.test("graph guard: a module that is a symbolic link is refused, a regular file passes", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: new URL(".cache", ROOT) },
    { name: "write", path: new URL(".cache", ROOT) },
  );
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: fileURLToPath(new URL(".cache/", ROOT)),
    prefix: "graph_guard_test_",
  });
  try {
    await Deno.writeTextFile(`${dir}/real.ts`, "export default 1;\n");
    await symlink("real.ts", `${dir}/link.ts`);
    await checkModuleFile(`${dir}/real.ts`);
    await checkModuleFile(`${dir}/none.ts`); // the import says there is none
    await assert.rejects(checkModuleFile(`${dir}/link.ts`), {
      name: "UserError",
      message:
        `${dir}/link.ts is a symlink (to real.ts): deno task graph runs only a regular file — give the path of the file itself`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
