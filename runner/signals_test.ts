import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { signalAndSurvivors, startTask } from "../tests/harness/processes.ts";

const ROOT = new URL("../", import.meta.url);
/** What `deno task kata` needs of the project. */
const TRACKED = [
  "deno.json",
  "deno.lock",
  "app",
  "course",
  "katas",
  "lib",
  "runner",
  "solutions",
  "tests",
];

/** Copies `path` (a file, or a folder and all in it) from the folder `from` to `to`. */
async function copy(path: string, from: URL, to: URL): Promise<void> {
  const source = new URL(path, from);
  if ((await Deno.stat(source)).isFile) {
    return await Deno.copyFile(source, new URL(path, to));
  }
  await Deno.mkdir(new URL(path, to), { recursive: true });
  for await (const entry of Deno.readDir(source)) {
    if (entry.isFile || entry.isDirectory) {
      await copy(`${path}/${entry.name}`, from, to);
    }
  }
}

/** A copy of the project in `.cache/`, whose kata 01 loops forever in a check. */
async function loopingCopy(): Promise<URL> {
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: new URL(".cache/", ROOT).pathname,
    prefix: "signals_test_",
  });
  const to = new URL(`file://${dir}/`);
  for (const path of TRACKED) await copy(path, ROOT, to);
  const file = new URL("katas/01_tokenizer/tokenizer.ts", to);
  const stub = await Deno.readTextFile(file);
  await Deno.writeTextFile(
    file,
    stub.replace(
      /throw new Error\("not implemented: Tokenizer constructor[^;]*;/,
      "while (true) {}",
    ),
  );
  return to;
}

Deno.test("deno task kata: SIGTERM stops its deno test too, and exits 143", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "run", command: "ps" },
    { name: "read", path: new URL("deno.json", ROOT) },
    { name: "write", path: new URL(".cache", ROOT) },
  );
  const project = await loopingCopy();
  try {
    const command = await startTask("kata", project, []);
    const { status, survivors, stderr } = await signalAndSurvivors(
      command,
      "SIGTERM",
    );
    assert.deepEqual(survivors, [], "deno test outlived deno task kata");
    assert.equal(status.code, 143, stderr);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});
