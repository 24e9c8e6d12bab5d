/**
 * Kata 04 · linear: the property suite, run on `katas/04_linear` and `solutions/04_linear`,
 * each with its own tree's kata 02 `Value` and kata 03 `backward`.
 *
 * Values are compared bit for bit with a plain-number product summed in the same order
 * (`tests/reference.ts`), on reals whose every mantissa bit is in use, so that a sum taken in
 * another order shows; gradients are compared with central differences.
 *
 * @module
 */
import fc from "fast-check";
import type * as LinearModule from "../solutions/04_linear/linear.ts";
import { type BackwardImpl, backwardSuite } from "./backward_suite.ts";
import { allZero, checkGradients } from "./gradients.ts";
import {
  anyReal,
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  count,
  diagnoses,
  forAll,
  type Prerequisite,
  real,
  type Suite,
  weights,
} from "./harness.ts";
import { type Matrix, matVec, plainSum } from "./reference.ts";
import { valueSuite } from "./value_suite.ts";

/** The modules kata 04 uses: its own `linear.ts`, and the same tree's katas 02 and 03. */
export interface LinearImpl extends BackwardImpl {
  /** `linear.ts` */
  readonly linear: typeof LinearModule;
}

type Node = LinearImpl["value"]["Value"]["prototype"];

/** Katas 02 and 03, which every kata from 04 on builds on. */
export function autogradPrerequisites(impl: BackwardImpl): Prerequisite[] {
  return [
    { kata: "02_value", checks: valueSuite.checks(impl) },
    { kata: "03_backward", checks: backwardSuite.checks(impl) },
  ];
}

/** Katas 02–04, which katas 05 on build on (`sum` and `linear` come from 04). */
export function linearPrerequisites(impl: LinearImpl): Prerequisite[] {
  return [
    ...autogradPrerequisites(impl),
    { kata: "04_linear", checks: linearSuite.checks(impl) },
  ];
}

/** A matrix and a vector of the shapes drawn, from `arb`. */
function shapes(arb: fc.Arbitrary<number>, max = 5) {
  return fc.record({
    nin: fc.integer({ min: 1, max }),
    nout: fc.integer({ min: 1, max }),
  }).chain(({ nin, nout }) =>
    fc.record({
      x: fc.array(arb, { minLength: nin, maxLength: nin }),
      w: fc.array(fc.array(arb, { minLength: nin, maxLength: nin }), {
        minLength: nout,
        maxLength: nout,
      }),
    })
  );
}

/** `w` in the learner's words: `[[1, 2], [3, 4]]` (2 rows × 2 columns). */
export function showMatrix(w: Matrix): string {
  return `[${w.map((row) => `[${row.join(", ")}]`).join(", ")}] (${
    count(w.length, "row")
  } × ${count(w[0]?.length ?? 0, "column")})`;
}

/** The mistakes kata 04's suite names. */
export const D = diagnoses("04_linear", {
  sumNoStart:
    "a reduce with no start value, which throws on an empty list: Python's sum starts from 0, so start from new Value(0)",
  sumReversed:
    "a sum taken right to left: add left to right, as Python's sum does; floats add up differently in another order",
  sumSkipsFirst:
    "a sum that leaves out the first value: add every value to the 0 you start from",
  sumDetached:
    "a new Value made from the numbers (.data): it has no children, so no gradient flows back; build the sum with add",
  transposed:
    "w transposed: one output per column; microgpt takes one output per row of w, the dot product of the row with x",
  rowMissing: "the last row left out: make one output for every row of w",
  xByRow:
    "x indexed by the row number: multiply w[r][i] by x[i], the column's entry",
  notRestarted:
    "a running total that is not restarted for each row: each output is the sum of its own row's products only",
  xConstant:
    "x used as plain numbers (x[i].data): gradients never reach x; multiply the nodes themselves",
  wConstant:
    "w used as plain numbers (w[r][i].data): gradients never reach the weights; multiply the nodes themselves",
});

/** Kata 04's suite. */
export const linearSuite: Suite<LinearImpl> = {
  kata: "04_linear",
  diagnoses: D,
  prerequisites: autogradPrerequisites,
  checks: (
    { value: { Value }, backward: { backward }, linear: { linear, sum } },
  ): Check[] => {
    const leaves = (xs: readonly number[]) => xs.map((x) => new Value(x));
    const run = (x: readonly number[], w: Matrix) =>
      linear(leaves(x), w.map(leaves)).map((o: Node) => o.data);
    return [
      {
        name: "04 linear: sum of no values is 0, as Python's sum([])",
        run: () => {
          let total;
          try {
            total = sum([]);
          } catch (e) {
            if (e instanceof TypeError && /reduce/i.test(e.message)) {
              throw new CheckFailure(
                `sum([]) threw ${e.message}`,
                D.sumNoStart,
              );
            }
            throw e;
          }
          assertClose(total.data, 0, "sum([]).data");
        },
      },
      {
        name:
          "04 linear: sum adds left to right from 0, bit for bit as Python's sum",
        run: () =>
          forAll(
            fc.array(anyReal(), { minLength: 1, maxLength: 8 }),
            (xs) => {
              const got = sum(leaves(xs)).data;
              assertClose(got, plainSum(xs), `sum([${xs.join(", ")}]).data`, {
                tol: BITS,
                mistakes: [
                  [D.sumReversed, plainSum([...xs].reverse())],
                  [D.sumSkipsFirst, plainSum(xs.slice(1))],
                ],
              });
            },
          ),
      },
      {
        name: "04 linear: sum passes a gradient of 1 to each value",
        run: () =>
          forAll(fc.array(real(), { minLength: 1, maxLength: 8 }), (xs) => {
            const nodes = leaves(xs);
            backward(sum(nodes));
            const grads = nodes.map((n) => n.grad);
            assertClose(
              grads,
              xs.map(() => 1),
              `the grads of [${xs.join(", ")}] after backward(sum(values))`,
              { mistakes: [[D.sumDetached, xs.map(() => 0)]] },
            );
          }),
      },
      {
        name: "04 linear: linear gives one output per row of w",
        run: () =>
          forAll(shapes(real()), ({ x, w }) => {
            const got = run(x, w).length;
            if (got !== w.length) {
              throw new CheckFailure(
                `linear(x, w) with w of ${count(w.length, "row")} × ${
                  count(x.length, "column")
                } returned ${count(got, "output")}, expected ${w.length}`,
                got === x.length
                  ? D.transposed
                  : got === w.length - 1
                  ? D.rowMissing
                  : undefined,
              );
            }
          }),
      },
      {
        name:
          "04 linear: linear equals the plain matrix × vector product, bit for bit",
        run: () =>
          forAll(shapes(anyReal()), ({ x, w }) => {
            const running = matVec(w, x).map((_, r) =>
              plainSum(
                w.slice(0, r + 1).flat().map((wi, k) => wi * x[k % x.length]),
              )
            );
            assertClose(
              run(x, w),
              matVec(w, x),
              `linear(x = [${x.join(", ")}], w = ${showMatrix(w)})`,
              {
                tol: BITS,
                mistakes: [
                  [
                    D.xByRow,
                    w.map((row, r) => plainSum(row.map((wi) => wi * x[r]))),
                  ],
                  [D.notRestarted, running],
                  [
                    D.sumReversed,
                    w.map((row) =>
                      plainSum(row.map((wi, i) => wi * x[i]).reverse())
                    ),
                  ],
                  [
                    D.sumSkipsFirst,
                    w.map((row) =>
                      plainSum(row.map((wi, i) => wi * x[i]).slice(1))
                    ),
                  ],
                ],
              },
            );
          }),
      },
      {
        name:
          "04 linear: gradients w.r.t. every x[i] and w[r][c] match central differences",
        run: () =>
          forAll(
            shapes(real(-2, 2), 4).chain((s) =>
              weights(s.w.length).map((ws) => ({ ...s, ws }))
            ),
            ({ x, w, ws }) => {
              const nin = x.length;
              checkGradients((v) => new Value(v), backward, {
                what: "linear(x, w)",
                params: [...x, ...w.flat()],
                label: (i) =>
                  i < nin
                    ? `x[${i}]`
                    : `w[${Math.floor((i - nin) / nin)}][${(i - nin) % nin}]`,
                build: (p) =>
                  linear(
                    p.slice(0, nin),
                    w.map((_, r) =>
                      p.slice(nin + r * nin, nin + (r + 1) * nin)
                    ),
                  ),
                plain: (p) =>
                  matVec(
                    w.map((_, r) =>
                      p.slice(nin + r * nin, nin + (r + 1) * nin)
                    ),
                    p.slice(0, nin),
                  ),
                weights: ws,
                diagnose: (grads, numeric) =>
                  allZero(grads, numeric)
                    ? D.sumDetached
                    : allZero(grads, numeric, 0, nin)
                    ? D.xConstant
                    : allZero(grads, numeric, nin)
                    ? D.wConstant
                    : undefined,
              });
            },
          ),
      },
    ];
  },
};
