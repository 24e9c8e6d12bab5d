import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { cachedTestKatas, RESULTS_FILE } from "./cache.ts";
import type { Status } from "./kata_status.ts";
import type { TestOptions } from "./run_suites.ts";

const ROOT = new URL("../", import.meta.url);

/** What a suite run reads, in a small project of its own: 03 uses 02. */
const FILES: Record<string, string> = {
  "katas/02_value/value.ts": "export const v = 1;\n",
  "katas/03_backward/backward.ts": "export const b = 2;\n",
  "katas/04_linear/linear.ts": "export const l = 3;\n",
  "katas/helpers.ts": "export const h = 4;\n",
  "tests/suites/value_suite.ts": "// suite\n",
  "lib/rng.ts": "// rng\n",
  "course/manifest.ts": "// manifest\n",
  "course/hints/02_value.md": "a hint\n",
  "deno.json": "{}\n",
  "deno.lock": "{}\n",
};

const KATAS = ["02_value", "03_backward"];

/** A runner that counts the katas it is asked to run, and fails `failing`. */
function counting(failing = new Set<string>(), kind: Status["kind"] = "done") {
  const ran: string[][] = [];
  const run = (_root: URL, katas: readonly string[], _o: TestOptions) => {
    ran.push([...katas]);
    const status = (k: string): Status =>
      failing.has(k)
        ? { kind: "failing", check: "c", problem: "p" }
        : kind === "stuck"
        ? { kind: "stuck", check: "c", seconds: 1 }
        : { kind: "done", reference: false };
    return Promise.resolve(new Map(katas.map((k) => [k, status(k)])));
  };
  return { ran, run };
}

async function project(): Promise<URL> {
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: new URL(".cache/", ROOT).pathname,
    prefix: "cache_test_",
  });
  const root = new URL(`file://${dir}/`);
  for (const [path, text] of Object.entries(FILES)) {
    await Deno.mkdir(new URL(".", new URL(path, root)), { recursive: true });
    await Deno.writeTextFile(new URL(path, root), text);
  }
  return root;
}

async function appendByte(root: URL, path: string): Promise<void> {
  await Deno.writeTextFile(new URL(path, root), " ", { append: true });
}

Deno.test("cached results: reused while nothing changed, run again on any change", async (t) => {
  requirePermissions({ name: "write", path: new URL(".cache/", ROOT) });
  const root = await project();
  const options = { seed: 42, limit: 30 };
  const { ran, run } = counting(new Set(["03_backward"]));
  const call = async () =>
    (await cachedTestKatas(root, KATAS, options, run)).statuses;
  try {
    await t.step(
      "a repeated call with nothing changed runs no suite",
      async () => {
        const first = await call();
        const again = await call();
        assert.deepEqual(ran, [KATAS]);
        assert.deepEqual(again, first);
        assert.equal(again.get("03_backward")?.kind, "failing");
        const other = { seed: 7, limit: 30 };
        const { seeds } = await cachedTestKatas(root, KATAS, other, run);
        assert.equal(seeds.get("02_value"), 42, "the seed it came from");
      },
    );
    for (
      const [path, runs] of [
        ["katas/03_backward/backward.ts", ["03_backward"]],
        ["katas/02_value/value.ts", KATAS], // 03 uses 02
        ["katas/04_linear/linear.ts", []], // used by neither
        ["katas/helpers.ts", KATAS], // a learner's helper beside the katas
        ["tests/suites/value_suite.ts", KATAS],
        ["lib/rng.ts", KATAS],
        ["course/manifest.ts", KATAS],
        ["course/hints/02_value.md", []], // hints are not run
        ["deno.json", KATAS],
        ["deno.lock", KATAS],
      ] as const
    ) {
      await t.step(
        `one byte more in ${path}: runs ${runs.join(", ") || "nothing"}`,
        async () => {
          ran.length = 0;
          await appendByte(root, path);
          await call();
          assert.deepEqual(ran, runs.length ? [runs] : []);
          await call();
          assert.deepEqual(ran, runs.length ? [runs] : [], "then kept");
        },
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cached results: a new file, another time limit, a corrupt or deleted cache file", async (t) => {
  requirePermissions({ name: "write", path: new URL(".cache/", ROOT) });
  const root = await project();
  const options = { seed: 42, limit: 30 };
  const { ran, run } = counting();
  const call = () => cachedTestKatas(root, KATAS, options, run);
  try {
    await call();
    await t.step(
      "a new file in a used kata's folder: runs it again",
      async () => {
        ran.length = 0;
        await Deno.writeTextFile(new URL("katas/02_value/x.ts", root), "");
        await call();
        assert.deepEqual(ran, [KATAS]);
      },
    );
    await t.step(
      "another time limit: runs again; another seed (one per call): kept",
      async () => {
        ran.length = 0;
        await cachedTestKatas(root, KATAS, { seed: 7, limit: 30 }, run);
        assert.deepEqual(ran, []);
        await cachedTestKatas(root, KATAS, { seed: 42, limit: 10 }, run);
        assert.deepEqual(ran, [KATAS]);
      },
    );
    await t.step(
      "a corrupt cache file is ignored, and written anew",
      async () => {
        await Deno.writeTextFile(new URL(RESULTS_FILE, root), "{ not json");
        ran.length = 0;
        await call();
        assert.deepEqual(ran, [KATAS]);
        JSON.parse(await Deno.readTextFile(new URL(RESULTS_FILE, root)));
        await call();
        assert.deepEqual(ran, [KATAS], "kept again");
      },
    );
    await t.step("a deleted cache file: runs again", async () => {
      await Deno.remove(new URL(RESULTS_FILE, root));
      ran.length = 0;
      await call();
      assert.deepEqual(ran, [KATAS]);
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cached results: a stopped check is never kept", async () => {
  requirePermissions({ name: "write", path: new URL(".cache/", ROOT) });
  const root = await project();
  const { ran, run } = counting(new Set(), "stuck");
  try {
    await cachedTestKatas(root, KATAS, { seed: 42 }, run);
    await cachedTestKatas(root, KATAS, { seed: 42 }, run);
    assert.deepEqual(ran, [KATAS, KATAS]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
