/**
 * Typical mistakes in kata 04 (linear), planted in `solutions/04_linear/linear.ts`.
 *
 * @module
 */
import { D } from "../linear_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "04_linear/linear.ts";
const SUM = `let total = new Value(0);
  for (const v of values) total = total.add(v);
  return total;`;
const LINEAR =
  `return w.map((row) => sum(row.map((wi, i) => wi.mul(x[i])))); // [nout]`;

/** Kata 04's mutants. */
export const linearMutants: readonly Mutant[] = [
  {
    name: "sum as a reduce with no start value",
    file,
    edits: [[SUM, `return values.reduce((acc, v) => acc.add(v));`]],
    expect: D.sumNoStart,
  },
  {
    name: "sum adds right to left",
    file,
    edits: [[
      `for (const v of values)`,
      `for (const v of [...values].reverse())`,
    ]],
    expect: D.sumReversed,
  },
  {
    name: "sum starts its loop at index 1, leaving out the first value",
    file,
    edits: [[`for (const v of values)`, `for (const v of values.slice(1))`]],
    expect: D.sumSkipsFirst,
  },
  {
    name: "sum adds the numbers and wraps the result in a new Value",
    file,
    edits: [[
      SUM,
      `return new Value(values.reduce((acc, v) => acc + v.data, 0));`,
    ]],
    expect: D.sumDetached,
  },
  {
    name: "w transposed: one output per column",
    file,
    edits: [[
      LINEAR,
      `return w[0].map((_, c) => sum(w.map((row, r) => row[c].mul(x[r]))));`,
    ]],
    expect: D.transposed,
  },
  {
    name: "the loop over the rows stops one short",
    file,
    edits: [[`return w.map(`, `return w.slice(0, -1).map(`]],
    expect: D.rowMissing,
  },
  {
    name: "x indexed by the row instead of the column",
    file,
    edits: [[
      LINEAR,
      `return w.map((row, r) => sum(row.map((wi) => wi.mul(x[r]))));`,
    ]],
    expect: D.xByRow,
  },
  {
    name: "one running total for all the rows",
    file,
    edits: [[
      LINEAR,
      `const out: Value[] = [];
  let total = new Value(0);
  for (const row of w) {
    for (let i = 0; i < row.length; i++) total = total.add(row[i].mul(x[i]));
    out.push(total);
  }
  return out;`,
    ]],
    expect: D.notRestarted,
  },
  {
    name: "x used as plain numbers (x[i].data)",
    file,
    edits: [[`wi.mul(x[i])`, `wi.mul(x[i].data)`]],
    expect: D.xConstant,
  },
  {
    name: "w used as plain numbers (wi.data)",
    file,
    edits: [[`wi.mul(x[i])`, `x[i].mul(wi.data)`]],
    expect: D.wConstant,
  },
];
