/**
 * Kata 04's decoys: plausible mistakes in `solutions/04_linear/linear.ts` that no diagnosis
 * of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "04_linear/linear.ts";

/** Kata 04's decoys. */
export const linearDecoys: readonly Decoy[] = [
  {
    name: "dot's local grads both b[i]",
    file,
    edits: [[
      `localGrads[2 * i + 1] = a[i].data;`,
      `localGrads[2 * i + 1] = b[i].data;`,
    ]],
  },
  {
    name: "dot adds a[i] + b[i] instead of multiplying",
    file,
    edits: [[
      `total += a[i].data * b[i].data;`,
      `total += a[i].data + b[i].data;`,
    ]],
  },
  {
    name: "linear leaves out the first row of w",
    file,
    edits: [[
      `return w.map((row) => dot(row, x));`,
      `return w.slice(1).map((row) => dot(row, x));`,
    ]],
  },
  {
    name: "sum's local grads are the values' data instead of 1",
    file,
    edits: [[`values.map(() => 1)`, `values.map((v) => v.data)`]],
  },
  {
    name: "dot's loop stops one short (i < n - 1)",
    file,
    edits: [[
      `for (let i = 0; i < n; i++) {`,
      `for (let i = 0; i < n - 1; i++) {`,
    ]],
  },
  {
    name: "sum's loop stops one short, leaving out the last value",
    file,
    edits: [[
      `for (const v of values)`,
      `for (const v of values.slice(0, -1))`,
    ]],
  },
  {
    name: "linear loops over the entries of x instead of the rows of w",
    file,
    edits: [[
      `return w.map((row) => dot(row, x));`,
      `return x.map((_, r) => dot(w[r], x));`,
    ]],
  },
];
