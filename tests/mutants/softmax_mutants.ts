/**
 * Typical mistakes in kata 05 (softmax), planted in `solutions/05_softmax/softmax.ts`.
 *
 * @module
 */
import { D } from "../suites/softmax_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "05_softmax/softmax.ts";
const MAX = `Math.max(...logits.map((v) => v.data))`;
const EXP = `v.sub(maxVal).exp()`;

/** Kata 05's mutants. */
export const softmaxMutants: readonly Mutant[] = [
  {
    name: "returns the exps without dividing by the total",
    file,
    edits: [[`return exps.map((e) => e.div(total));`, `return exps;`]],
    expect: D.noDivide,
  },
  {
    name: "leaves out the exp",
    file,
    edits: [[EXP, `v.sub(maxVal)`]],
    expect: D.noExp,
  },
  {
    name: "the total leaves out the last exp",
    file,
    edits: [[`sum(exps)`, `sum(exps.slice(0, -1))`]],
    expect: D.totalShort,
  },
  {
    name: "max - logit instead of logit - max",
    file,
    edits: [[EXP, `v.rsub(maxVal).exp()`]],
    expect: D.reversed,
  },
  {
    name: "no max subtracted",
    file,
    edits: [[EXP, `v.exp()`]],
    expect: D.noMax,
  },
  {
    name: "a max that starts from 0",
    file,
    edits: [[MAX, `Math.max(0, ...logits.map((v) => v.data))`]],
    expect: D.maxFromZero,
  },
  {
    name: "subtracts the first logit instead of the max",
    file,
    edits: [[MAX, `logits[0].data`]],
    expect: D.subtractFirst,
  },
  {
    name: "subtracts the smallest logit instead of the largest",
    file,
    edits: [[MAX, `Math.min(...logits.map((v) => v.data))`]],
    expect: D.subtractMin,
  },
  {
    name: "the total summed right to left",
    file,
    edits: [[`sum(exps)`, `sum([...exps].reverse())`]],
    expect: D.order,
  },
  {
    name: "exp of the plain number, wrapped in a new Value",
    file,
    edits: [
      [`import type { Value }`, `import { Value }`],
      [EXP, `new Value(Math.exp(v.data - maxVal))`],
    ],
    expect: D.expDetached,
  },
  {
    name: "divides by the total's plain number (total.data)",
    file,
    edits: [[`const total = sum(exps);`, `const total = sum(exps).data;`]],
    expect: D.totalNumber,
  },
];
