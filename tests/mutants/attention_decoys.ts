/**
 * Kata 07's decoys: plausible mistakes in `solutions/07_attention/attention.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "07_attention/attention.ts";

/** Kata 07's decoys. */
export const attentionDecoys: readonly Decoy[] = [
  {
    name:
      "q = x · wq, as numpy's x @ W: wq transposed, one query entry per column",
    file,
    edits: [[
      `const q = linear(x, w.wq);`,
      `const q = linear(x, w.wq[0].map((_, c) => w.wq.map((row) => row[c])));`,
    ]],
  },
  {
    name: "the scores divided by headDim instead of its square root",
    file,
    edits: [[`dot(qH, kt).div(headDim ** 0.5)`, `dot(qH, kt).div(headDim)`]],
  },
  {
    name: "k pushed onto values and v onto keys",
    file,
    edits: [
      [`keys.push(k);`, `keys.push(v);`],
      [`values.push(v);`, `values.push(k);`],
    ],
  },
  {
    name: "adds x to the output, a residual inside attention",
    file,
    edits: [[
      `return linear(xAttn, w.wo);`,
      `return linear(xAttn, w.wo).map((o, i) => o.add(x[i]));`,
    ]],
  },
  {
    name: "each head's loop over its outputs stops one short (j < headDim - 1)",
    file,
    edits: [[
      `for (let j = 0; j < headDim; j++) {`,
      `for (let j = 0; j < headDim - 1; j++) {`,
    ]],
  },
  {
    name:
      "the scores divided by √nHead instead of √headDim (the number of heads for the size of one)",
    file,
    edits: [[
      `dot(qH, kt).div(headDim ** 0.5)`,
      `dot(qH, kt).div(nHead ** 0.5)`,
    ]],
  },
  {
    name:
      "attends to the current position alone: k and v cached, but each head reads [k] and [v]",
    file,
    edits: [
      [`const kH = keys.map(`, `const kH = [k].map(`],
      [`const vH = values.map(`, `const vH = [v].map(`],
    ],
  },
];
