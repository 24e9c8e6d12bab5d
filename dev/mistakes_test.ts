/**
 * Tests of the performance mistakes `deno task bench --mistakes` times: each applies to the
 * solutions as they are, computes exactly what the solution computes (it is a matter of speed
 * alone), and the tree it is loaded in really runs it. No time is asserted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type * as BackwardModule from "../solutions/03_backward/backward.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import {
  editedFiles,
  formatTrainSeconds,
  importTree,
  MISTAKES,
  parseTrainSeconds,
  SOLUTIONS,
  type TimingRequest,
} from "./mistakes.ts";

const read = (path: string) => Deno.readTextFile(new URL(path, SOLUTIONS));
const DOCS = ["emma", "olivia", "ava", "isabella", "sophia"];

/** The losses of `steps` training steps, and the size of the last document's graph. */
async function trainOn(replaced: ReadonlyMap<string, string>, steps: number) {
  const train = await importTree(
    "11_train/train.ts",
    replaced,
  ) as typeof TrainModule;
  const { topoSort } = await importTree(
    "03_backward/backward.ts",
    replaced,
  ) as typeof BackwardModule;
  const run = train.setup(DOCS, { ...train.MICROGPT_TRAIN, numSteps: steps });
  const losses = Array.from(train.train(run));
  const loss = train.documentLoss(run.model, run.tokenizer.wrap(run.docs[0]));
  return { losses, nodes: topoSort(loss).length };
}

Deno.test("mistakes: each one's edits apply to the solutions as they are", async () => {
  for (const m of MISTAKES) {
    const files = await editedFiles(m.edits, read);
    for (const [path, text] of files) {
      assert.notEqual(text, await read(path), `${m.name}: ${path} unchanged`);
    }
  }
});

Deno.test("mistakes: a text to replace that is not there is named", async () => {
  await assert.rejects(
    editedFiles(
      [{ file: "09_adam/adam.ts", edits: [["no such text", ""]] }],
      read,
    ),
    /occurs 0 times in solutions\/09_adam\/adam\.ts/,
  );
});

Deno.test("mistakes: each one trains to the solution's losses, bit for bit", async () => {
  const solution = await trainOn(new Map(), 2);
  for (const m of MISTAKES) {
    const { losses } = await trainOn(await editedFiles(m.edits, read), 2);
    assert.deepEqual(losses, solution.losses, m.name);
  }
});

Deno.test("mistakes: the tree runs the edited files (more nodes where a mistake adds them)", async () => {
  const solution = await trainOn(new Map(), 0);
  const adding = MISTAKES.filter((m) => /leaf|microgpt's graph/.test(m.name));
  assert.equal(adding.length, 2);
  for (const m of adding) {
    const { nodes } = await trainOn(await editedFiles(m.edits, read), 0);
    assert.ok(nodes > solution.nodes, `${m.name}: ${nodes} nodes`);
  }
});

Deno.test("mistakes: the timing process answers with @train-seconds", async () => {
  requirePermissions({ name: "run", command: "deno" });
  const request: TimingRequest = {
    files: [...await editedFiles(MISTAKES[0].edits, read)],
    steps: 1,
    data: fileURLToPath(
      new URL("../tests/data/tricky_names.txt", import.meta.url),
    ),
  };
  const readable = ["../solutions/", "../lib/", "../tests/data/"]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=${readable.join(",")}`,
      fileURLToPath(new URL("./mistakes.ts", import.meta.url)),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(request)));
  await writer.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const seconds = parseTrainSeconds(stdout);
  assert.ok(seconds !== undefined && seconds >= 0, stdout);
});

Deno.test("mistakes: the seconds line reads back as it was written", () => {
  assert.equal(parseTrainSeconds(formatTrainSeconds(0.125)), 0.125);
  assert.equal(parseTrainSeconds(`noise\n${formatTrainSeconds(3)}\n`), 3);
  assert.equal(parseTrainSeconds("nothing"), undefined);
});
