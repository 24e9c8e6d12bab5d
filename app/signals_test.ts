import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { signalAndSurvivors, startTask } from "../tests/harness/processes.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("deno task run: SIGTERM stops the training process too, and exits 143", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "run", command: "ps" },
    { name: "read", path: new URL("deno.json", ROOT) },
  );
  // --save makes it train in a second process; killed long before it saves.
  const command = await startTask("run", ROOT, [
    "--steps",
    "100000",
    "--save",
    ".cache/signals_test.json",
  ]);
  const { status, survivors, stderr } = await signalAndSurvivors(
    command,
    "SIGTERM",
  );
  assert.deepEqual(survivors, [], "the training outlived deno task run");
  assert.equal(status.code, 143, stderr);
});
