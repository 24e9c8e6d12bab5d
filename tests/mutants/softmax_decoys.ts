/**
 * Kata 05's decoys: plausible mistakes in `solutions/05_softmax/softmax.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "05_softmax/softmax.ts";
const MAX = `Math.max(...logits.map((v) => v.data))`;

/** Kata 05's decoys. */
export const softmaxDecoys: readonly Decoy[] = [
  {
    name: "returns the probabilities in sorted order",
    file,
    edits: [[
      `return exps.map((e) => e.div(total));`,
      `return exps.map((e) => e.div(total)).sort((a, b) => a.data - b.data);`,
    ]],
  },
  {
    name: "the max of logits.map(Number), which is NaN for a Value",
    file,
    edits: [[MAX, `Math.max(...logits.map(Number))`]],
  },
  {
    name: "the max over all the logits but the last",
    file,
    edits: [[MAX, `Math.max(...logits.slice(0, -1).map((v) => v.data))`]],
  },
  {
    name: "the total sums exp(logit) with no max subtracted",
    file,
    edits: [[
      `const total = sum(exps);`,
      `const total = sum(logits.map((v) => v.exp()));`,
    ]],
  },
  {
    name: "divides each logit by the max instead of subtracting it",
    file,
    edits: [[`v.sub(maxVal).exp()`, `v.div(maxVal).exp()`]],
  },
];
