import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { signalAndSurvivors, startTask } from "../tests/harness/processes.ts";
import { scratchProject } from "../tests/harness/scratch.ts";

const ROOT = new URL("../", import.meta.url);
/** A copy of the project in `.cache/`, whose kata 01 loops forever in a check. */
async function loopingCopy(): Promise<URL> {
  const to = await scratchProject(ROOT, "signals_test_");
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
