/**
 * app/ sits below runner/, tests/ and dev/ (imports flow one way: lib ← course ← solutions,
 * katas ← app ← runner ← tests, dev): no module of `deno task run` or `deno task download`
 * imports them, or even names their folders to build a path at run time.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { requirePermissions } from "../tests/harness/permissions.ts";

const ROOT = new URL("../", import.meta.url);
const APP = new URL("app/", ROOT);
const ABOVE = ["tests", "runner", "dev"];

/** The modules of app/ that are not tests or benchmarks. */
async function appModules(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(APP)) {
    if (entry.isFile && /(?<!_test|_bench)\.ts$/.test(entry.name)) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

/** The project files in the static module graph of `module`, relative to the root. */
async function graphOf(module: URL): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: [
      "info",
      "--json",
      `--config=${fileURLToPath(new URL("deno.json", ROOT))}`,
      fileURLToPath(module),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(code, 0, text(stderr));
  const graph = JSON.parse(text(stdout)) as {
    modules: { specifier: string }[];
  };
  return graph.modules
    .map((m) => m.specifier)
    .filter((s) => s.startsWith(ROOT.href))
    .map((s) => s.slice(ROOT.href.length));
}

Deno.test("app: the static module graph of every module of app/ holds nothing from tests/, runner/ or dev/", async () => {
  requirePermissions({ name: "run", command: "deno" }, {
    name: "read",
    path: APP,
  });
  const modules = await appModules();
  assert.ok(modules.includes("run.ts") && modules.includes("trainer.ts"));
  for (const name of modules) {
    const above = (await graphOf(new URL(name, APP))).filter((path) =>
      ABOVE.includes(path.split("/")[0])
    );
    assert.deepEqual(above, [], `app/${name} imports ${above.join(", ")}`);
  }
});

Deno.test("app: no module of app/ names tests/, runner/ or dev/ (as a path built at run time would)", async () => {
  requirePermissions({ name: "read", path: APP });
  // "dev/x", "../dev/x" or `${root}/dev`, not an absolute system path such as "/dev/stdin".
  const named = new RegExp(`(["'\`]|[.}]/)(${ABOVE.join("|")})["'\`/]`);
  for (const name of await appModules()) {
    const source = await Deno.readTextFile(new URL(name, APP));
    const line = source.split("\n").find((l) => named.test(l));
    assert.equal(line, undefined, `app/${name} names a folder above it`);
  }
});
