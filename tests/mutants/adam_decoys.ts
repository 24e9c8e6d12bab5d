/**
 * Kata 09's decoys: plausible mistakes in `solutions/09_adam/adam.ts` that no diagnosis of
 * its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "09_adam/adam.ts";

/** Kata 09's decoys. */
export const adamDecoys: readonly Decoy[] = [
  {
    name:
      "the learning rate reaches 0 one step early, lr · (1 - step / (numSteps - 1))",
    file,
    edits: [[
      `lr * (1 - step / numSteps)`,
      `lr * (1 - step / (numSteps - 1))`,
    ]],
  },
  {
    name: "the second moment averaged with beta1",
    file,
    edits: [[
      `v[i] = beta2 * v[i] + (1 - beta2) * p.grad ** 2;`,
      `v[i] = beta1 * v[i] + (1 - beta1) * p.grad ** 2;`,
    ]],
  },
  {
    name: "m̂ divided by the second moment's correction",
    file,
    edits: [[`m[i] / correction1`, `m[i] / correction2`]],
  },
  {
    name:
      "eps added to the update, not to the denominator (parentheses left out)",
    file,
    edits: [[
      `p.data -= lrT * mHat / (vHat ** 0.5 + eps);`,
      `p.data -= lrT * mHat / vHat ** 0.5 + eps;`,
    ]],
  },
  {
    name: "the second moment fed g * 2 instead of g ** 2",
    file,
    edits: [[`p.grad ** 2`, `p.grad * 2`]],
  },
  {
    name: "the first moment adds the whole gradient, without (1 - beta1)",
    file,
    edits: [[`(1 - beta1) * p.grad`, `p.grad`]],
  },
  {
    name: "the loop over the parameters starts at 1, skipping the first",
    file,
    edits: [[
      `for (let i = 0; i < params.length; i++) {`,
      `for (let i = 1; i < params.length; i++) {`,
    ]],
  },
  {
    name: "the second moment fed |g| instead of g²",
    file,
    edits: [[`p.grad ** 2`, `Math.abs(p.grad)`]],
  },
];
