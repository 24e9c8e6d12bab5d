/**
 * Kata 11's decoys: plausible mistakes in `solutions/11_train/train.ts` that no diagnosis of
 * its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "11_train/train.ts";

/** Kata 11's decoys. */
export const trainDecoys: readonly Decoy[] = [
  {
    name:
      "the loss is -log of the target's logit, not of its probability (NaN for a negative logit)",
    file,
    edits: [[
      `losses.push(probs[tokens[posId + 1]].log().neg());`,
      `losses.push(logits[tokens[posId + 1]].log().neg());`,
    ]],
  },
  {
    name: "the training loop runs numSteps + 1 steps (step <= numSteps)",
    file,
    edits: [[
      `step < training.config.numSteps`,
      `step <= training.config.numSteps`,
    ]],
  },
  {
    name: "step trains on docs[(step + 1) % docs.length]",
    file,
    edits: [[`docs[step % docs.length]`, `docs[(step + 1) % docs.length]`]],
  },
  {
    name: "the mean over blockSize positions, whatever the document's length",
    file,
    edits: [[`sum(losses).mul(1 / n)`, `sum(losses).mul(1 / blockSize)`]],
  },
  {
    name: "the mean over n − 1 positions, sum(losses).mul(1 / (n - 1))",
    file,
    edits: [[`sum(losses).mul(1 / n)`, `sum(losses).mul(1 / (n - 1))`]],
  },
  {
    name:
      "the training loop runs once per document (step < docs.length), not numSteps times",
    file,
    edits: [[
      `step < training.config.numSteps`,
      `step < training.docs.length`,
    ]],
  },
  {
    name: "the model fed the target token, tokens[posId + 1]",
    file,
    edits: [[
      `gpt(model, tokens[posId], posId,`,
      `gpt(model, tokens[posId + 1], posId,`,
    ]],
  },
];
