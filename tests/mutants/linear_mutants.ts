/**
 * Typical mistakes in kata 04 (linear), planted in `solutions/04_linear/linear.ts`.
 *
 * @module
 */
import { D } from "../suites/linear_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "04_linear/linear.ts";
const SUM_TOTAL = `let total = 0;
  for (const v of values) total += v.data;`;
const SUM_NODE =
  `return new Value(total, [...values], values.map(() => 1)); // d(sum)/d(each value) = 1`;
const DOT_LOOP = `for (let i = 0; i < n; i++) {`;
const DOT = `const n = a.length;
  // Sized up front: growing them with push, element by element, is slower.
  const children: Value[] = new Array(2 * n);
  const localGrads: number[] = new Array(2 * n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += a[i].data * b[i].data;
    children[2 * i] = a[i];
    children[2 * i + 1] = b[i];
    localGrads[2 * i] = b[i].data; // d/da[i] = b[i]
    localGrads[2 * i + 1] = a[i].data; // d/db[i] = a[i]
  }
  return new Value(total, children, localGrads);`;
const LINEAR = `return w.map((row) => dot(row, x)); // [nout]`;

/** Kata 04's mutants. */
export const linearMutants: readonly Mutant[] = [
  {
    name: "sum as a reduce with no start value",
    file,
    edits: [[
      SUM_TOTAL,
      `const total = values.map((v) => v.data).reduce((s, d) => s + d);`,
    ]],
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
    name: "sum's node made from the total alone, without children",
    file,
    edits: [[SUM_NODE, `return new Value(total);`]],
    expect: D.sumDetached,
  },
  {
    name: "sum as a chain of add nodes (microgpt's way)",
    file,
    edits: [[
      `${SUM_TOTAL}\n  ${SUM_NODE}`,
      `let total = new Value(0);
  for (const v of values) total = total.add(v);
  return total;`,
    ]],
    expect: D.sumChained,
  },
  {
    name: "dot adds right to left",
    file,
    edits: [[DOT_LOOP, `for (let i = n - 1; i >= 0; i--) {`]],
    expect: D.sumReversed,
  },
  {
    name: "dot's total starts at a[0]·b[0], then adds from index 0 again",
    file,
    edits: [[
      `let total = 0;\n  ${DOT_LOOP}`,
      `let total = a[0].data * b[0].data;\n  ${DOT_LOOP}`,
    ]],
    expect: D.dotFirstTwice,
  },
  {
    name: "dot built from mul and sum",
    file,
    edits: [[DOT, `return sum(a.map((ai, i) => ai.mul(b[i])));`]],
    expect: D.dotNotOneNode,
  },
  {
    name: "dot's children a then b while its local grads are interleaved",
    file,
    edits: [
      [`children[2 * i] = a[i];`, `children[i] = a[i];`],
      [`children[2 * i + 1] = b[i];`, `children[n + i] = b[i];`],
    ],
    expect: D.dotConcatenated,
  },
  {
    name: "dot's local grads not swapped: each entry's own data",
    file,
    edits: [
      [`localGrads[2 * i] = b[i].data;`, `localGrads[2 * i] = a[i].data;`],
      [
        `localGrads[2 * i + 1] = a[i].data;`,
        `localGrads[2 * i + 1] = b[i].data;`,
      ],
    ],
    expect: D.dotNotSwapped,
  },
  {
    name: "w transposed: one output per column",
    file,
    edits: [[
      LINEAR,
      `return w[0].map((_, c) => dot(w.map((row) => row[c]), x));`,
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
    name:
      "x indexed by the row instead of the column (linear from mul and sum)",
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
    name: "x used as plain numbers (x[i].data), linear from mul and sum",
    file,
    edits: [[
      LINEAR,
      `return w.map((row) => sum(row.map((wi, i) => wi.mul(x[i].data))));`,
    ]],
    expect: D.xConstant,
  },
  {
    name: "w used as plain numbers (wi.data), linear from mul and sum",
    file,
    edits: [[
      LINEAR,
      `return w.map((row) => sum(row.map((wi, i) => x[i].mul(wi.data))));`,
    ]],
    expect: D.wConstant,
  },
  {
    name: "linear built from mul and sum (microgpt's way)",
    file,
    edits: [[
      LINEAR,
      `return w.map((row) => sum(row.map((wi, i) => wi.mul(x[i]))));`,
    ]],
    expect: D.linearNotDot,
  },
  {
    name: "linear as dot(x, row)",
    file,
    edits: [[LINEAR, `return w.map((row) => dot(x, row)); // [nout]`]],
    expect: D.linearSwapped,
  },
];
