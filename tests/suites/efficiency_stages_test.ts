/**
 * Tests of kata 12's walk (`efficiency_stages.ts`): on the reference solution it finds no
 * stage that differs, and each planted mistake in the backward pass (mutants and decoys of
 * `tests/mutants/`) is located at the stage where its error enters.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Random } from "../../lib/random.ts";
import * as reference from "../../solutions/12_efficiency/efficiency.ts";
import { requirePermissions } from "../harness/permissions.ts";
import { solutionFiles } from "../meta/audit.ts";
import { efficiencyDecoys } from "../mutants/efficiency_decoys.ts";
import { efficiencyMutants } from "../mutants/efficiency_mutants.ts";
import { walk, walkLoss } from "./efficiency_stages.ts";

type Fast = typeof reference;
type Config = Parameters<Fast["createFastGpt"]>[0];

const SOLUTIONS = new URL("../../solutions/", import.meta.url);
const FILE = "12_efficiency/efficiency.ts";

/** `n` reals of the grid of step 1/128 in [−max, max]. */
const grid = (rng: Random, n: number, max = 1) =>
  Array.from(
    { length: n },
    () => (Math.floor(rng.random() * 256 * max) - 128 * max + 0.5) / 128,
  );

const sizeOf = (c: Config) =>
  reference.shapes(c).reduce((n, [, rows, cols]) => n + rows * cols, 0);

/** The weights, d(loss)/d(logits) and a document of a model of `c`, from `rng`. */
function draw(rng: Random, c: Config, n: number) {
  const int = (a: number, b: number) =>
    a + Math.floor(rng.random() * (b - a + 1));
  const data = grid(rng, sizeOf(c));
  const tokens = Array.from({ length: n }, () => int(0, c.vocabSize - 1));
  const dL = tokens.map(() => grid(rng, c.vocabSize, 2));
  const bos = c.vocabSize - 1;
  const letters = Array.from(
    { length: int(0, c.blockSize + 2) },
    () => int(0, c.vocabSize - 2),
  );
  return { data, tokens, dL, document: [bos, ...letters, bos] };
}

/** What the learner's lossAndGrad of `document` leaves in model.scratch, and the model's data. */
function lossLeft(fast: Fast, c: Config, data: number[], document: number[]) {
  const model = fast.createFastGpt(c, new Random(0), Float64Array.from(data));
  fast.lossAndGrad(model, document);
  return {
    dProbs: Float64Array.from(model.scratch.dProbs),
    dLogits: Float64Array.from(model.scratch.dLogits),
  };
}

Deno.test("efficiency stages: on the reference solution, the walk finds no stage that differs", () => {
  const rng = new Random(12);
  const int = (a: number, b: number) =>
    a + Math.floor(rng.random() * (b - a + 1));
  for (let i = 0; i < 300; i++) {
    const nHead = int(1, 2);
    const c = {
      vocabSize: int(2, 6),
      nHead,
      nEmbd: nHead * int(1, 3),
      nLayer: int(1, 3),
      blockSize: int(2, 6),
    };
    const { data, tokens, dL, document } = draw(rng, c, int(1, c.blockSize));
    const what = `${JSON.stringify(c)}, case ${i}`;
    assert.equal(walk(reference, c, data, tokens, dL, dL), undefined, what);
    const left = lossLeft(reference, c, data, document);
    const found = walkLoss(reference, c, data, document, left);
    assert.match(found ?? "", /^in lossAndGrad, outside/, what);
  }
});

/** Each planted mistake (by name) and the words that must name where its error enters. */
const STAGES: readonly [string, string][] = [
  [
    "layerBackward drops the MLP's residual",
    "in the MLP block: d(xMidNorm) (dXMidNorm) is right, d(xMid) (dXMid) is not",
  ],
  [
    "layerBackward's relu mask inverted",
    "in the MLP block: fc2's gradient is right, d(hidden) (dHidden) is not",
  ],
  [
    "layerBackward without relu's mask (d(hidden) passes where hidden ≤ 0)",
    "in the MLP block: fc2's gradient is right, d(hidden) (dHidden) is not",
  ],
  [
    "layerBackward does not zero dHidden",
    "layerBackward(model, 0, 2, dx) (layer 0, position 2), in the MLP block: fc2's gradient is right, d(hidden) (dHidden) is not",
  ],
  [
    "rmsnormBackward's d(ms) with the power -0.5 where -1.5 belongs",
    "in the MLP block: d(xMidNorm) (dXMidNorm) is right, d(xMid) (dXMid) is not",
  ],
  [
    "layerBackward forgets inverseRoot in the scores' gradient",
    "in the attention block: the dV of tapes 0..2 (the values' gradients) is right, d(q) (dQ) is not",
  ],
  [
    "layerBackward's inverseRoot taken as 1 / headDim",
    "in the attention block: the dV of tapes 0..2 (the values' gradients) is right, d(q) (dQ) is not",
  ],
  [
    "layerBackward's d(attention weights) from the keys instead of the values",
    "in the attention block: the dV of tapes 0..2 (the values' gradients) is right, d(q) (dQ) is not",
  ],
  [
    "softmaxBackward sums dProbs alone (Σ dProbs, not Σ p·dProbs)",
    "in the attention block: the dV of tapes 0..2 (the values' gradients) is right, d(q) (dQ) is not",
  ],
  [
    "layerBackward's dK fed the key instead of the query",
    "in the attention block: d(q) (dQ) is right, the dK of tapes 0..2 (the keys' gradients) is not",
  ],
  [
    "layerBackward adds the keys' and values' gradients to its own position",
    "in the attention block: d(xAttn) (dXAttn) is right, the dV of tapes 0..2 (the values' gradients) is not",
  ],
  [
    "layerBackward drops the residual around attention (dx starts at 0, not as dXMid)",
    "in the attention block: d(xNorm) (dXNorm) is right, d(the layer's input) (the dx it leaves) is not",
  ],
  [
    "linearBackward skips the rows whose gradient is negative too (g <= 0)",
    "gptBackward's call linearBackward(out, lm_head, dLogits, dx): d(loss)/d(logits) at position 2 is right, lm_head's gradient is not",
  ],
];

/** The mistakes of lossAndGrad's callback, and the words that must name where they enter. */
const LOSS_STAGES: readonly [string, string][] = [
  [
    "lossAndGrad's gradient is that of the sum, not the mean",
    "the loss is right, d(probs) (dProbs) is not",
  ],
  [
    "lossAndGrad's backward pass targets the token fed in",
    "the loss is right, d(probs) (dProbs) is not",
  ],
  [
    "lossAndGrad's d(loss)/d(p) without its minus sign",
    "the loss is right, d(probs) (dProbs) is not",
  ],
  [
    "softmaxBackward elementwise, without the Σ p·dProbs term",
    "d(probs) (dProbs) is right, d(logits) (dLogits) is not",
  ],
];

/** The efficiency module with the planted mistake `name` (a mutant's or a decoy's). */
async function planted(name: string): Promise<Fast> {
  const m = [...efficiencyMutants, ...efficiencyDecoys].find((x) =>
    x.name === name
  );
  assert.ok(m, `no planted mistake is named "${name}"`);
  const files = solutionFiles(SOLUTIONS);
  let text = await files.read(FILE);
  for (const [find, replace] of m.edits) {
    assert.equal(text.split(find).length, 2, `"${find}" in ${FILE}`);
    text = text.replace(find, () => replace);
  }
  return await files.tree(new Map([[FILE, text]]))(FILE) as Fast;
}

/** A model where the structure shows: nEmbd 4 in 2 heads, 2 layers, 3 positions. */
const C: Config = { vocabSize: 3, nEmbd: 4, nHead: 2, nLayer: 2, blockSize: 3 };

Deno.test("efficiency stages: each planted mistake in the backward pass is located where its error enters", async () => {
  requirePermissions({ name: "read", path: SOLUTIONS });
  const { data, dL } = draw(new Random(7), C, 3);
  const tokens = [0, 1, 2];
  for (const [name, words] of STAGES) {
    const found = walk(await planted(name), C, data, tokens, dL, dL);
    assert.ok(
      found?.includes(words),
      `${name}: expected "${words}", got ${found}`,
    );
  }
  const document = [2, 0, 1, 1, 2];
  for (const [name, words] of LOSS_STAGES) {
    const fast = await planted(name);
    const left = lossLeft(fast, C, data, document);
    const found = walkLoss(fast, C, data, document, left);
    assert.ok(
      found?.includes(words),
      `${name}: expected "${words}", got ${found}`,
    );
  }
});
