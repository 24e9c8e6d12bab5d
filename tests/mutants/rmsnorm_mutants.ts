/**
 * Typical mistakes in kata 06 (rmsnorm), planted in `solutions/06_rmsnorm/rmsnorm.ts`.
 *
 * @module
 */
import { D } from "../suites/rmsnorm_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "06_rmsnorm/rmsnorm.ts";
const SCALE = `ms.add(1e-5).pow(-0.5)`;
const SQUARES = `sum(x.map((xi) => xi.mul(xi)))`;

/** Kata 06's mutants. */
export const rmsnormMutants: readonly Mutant[] = [
  {
    name: "the mean divides by n - 1",
    file,
    edits: [[`.div(x.length)`, `.div(x.length - 1)`]],
    expect: D.nMinus1,
  },
  {
    name: "no 1e-5",
    file,
    edits: [[SCALE, `ms.pow(-0.5)`]],
    expect: D.noEps,
  },
  {
    name: "the 1e-5 added after the power",
    file,
    edits: [[SCALE, `ms.pow(-0.5).add(1e-5)`]],
    expect: D.noEps,
  },
  {
    name: "the power -1 instead of -0.5",
    file,
    edits: [[SCALE, `ms.add(1e-5).pow(-1)`]],
    expect: D.noSqrt,
  },
  {
    name: "the sum of the squares, not their mean",
    file,
    edits: [[`${SQUARES}.div(x.length)`, SQUARES]],
    expect: D.noMean,
  },
  {
    name: "the mean of x instead of x²",
    file,
    edits: [[SQUARES, `sum(x)`]],
    expect: D.meanOfX,
  },
  {
    name: "each element scaled by its own square",
    file,
    edits: [[
      `x.map((xi) => xi.mul(scale))`,
      `x.map((xi) => xi.mul(xi.mul(xi).add(1e-5).pow(-0.5)))`,
    ]],
    expect: D.perElement,
  },
  {
    name: "the 1e-5 added to each square instead of to their mean",
    file,
    edits: [
      [SQUARES, `sum(x.map((xi) => xi.mul(xi).add(1e-5)))`],
      [SCALE, `ms.pow(-0.5)`],
    ],
    expect: D.order,
  },
  {
    name: "the scale computed on plain numbers (ms.data)",
    file,
    edits: [[
      `const scale = ${SCALE};`,
      `const scale = (ms.data + 1e-5) ** -0.5;`,
    ]],
    expect: D.scaleNumber,
  },
];
