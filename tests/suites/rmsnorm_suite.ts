/**
 * Kata 06 · rmsnorm: the property suite, run on `katas/06_rmsnorm` and
 * `solutions/06_rmsnorm`, each with its own tree's katas 02–04.
 *
 * The edge cases come first (one element, all zeros), then what the normalization is for (an
 * RMS of 1, whatever the input's scale), then the exact values and the gradients, through the
 * learner's own `Value` and `backward`.
 *
 * @module
 */
import fc from "fast-check";
import type * as RmsnormModule from "../../solutions/06_rmsnorm/rmsnorm.ts";
import { allZero, checkGradients } from "../harness/gradients.ts";
import {
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  diagnoses,
  forAll,
  GRADIENT,
  list,
  type Mistake,
  real,
  ROUNDING,
  type Suite,
  weights,
  whichMistake,
} from "../harness/harness.ts";
import { type LinearImpl, linearPrerequisites } from "./linear_suite.ts";
import { plainRmsnorm, plainSum } from "../harness/reference.ts";

/** The modules kata 06 uses: its own `rmsnorm.ts`, and the same tree's katas 02–04. */
export interface RmsnormImpl extends LinearImpl {
  /** `rmsnorm.ts` */
  readonly rmsnorm: typeof RmsnormModule;
}

type Node = RmsnormImpl["value"]["Value"]["prototype"];

const rms = (xs: readonly number[]) =>
  Math.sqrt(plainSum(xs.map((x) => x * x)) / xs.length);
/** Vectors whose RMS is at least 0.1, so that the 1e-5 barely matters. */
const vectors = (maxLength = 8) =>
  fc.array(real(-3, 3), { minLength: 1, maxLength }).filter((xs) =>
    rms(xs) >= 0.1
  );

/** The mistakes kata 06's suite names. */
export const D = diagnoses("06_rmsnorm", {
  nMinus1:
    "a mean that divides by n - 1: the mean of the squares divides their sum by n, the number of elements",
  noEps:
    "the 1e-5 not added to mean(x²) before the power: for all zeros, 0^-0.5 is Infinity and 0 × Infinity is NaN; compute (mean + 1e-5)^-0.5",
  noSqrt:
    "the power -1 instead of -0.5: divide by the root of the mean square, (mean + 1e-5)^-0.5",
  noMean:
    "the sum of the squares not divided by n: it is their mean that goes under the root",
  meanOfX:
    "the mean of x instead of the mean of x²: square each element first (xi · xi)",
  perElement:
    "each element scaled by its own size: one scale, from the mean over the whole vector, multiplies every element",
  order:
    "the same math in another order, which rounds differently in the last bits: compute as microgpt does, the squares summed left to right with sum, div by n, add 1e-5, pow(-0.5), then each element times that scale",
  scaleNumber:
    "the scale computed on plain numbers (ms.data): the gradient through the mean square is lost; use the node's pow",
});

/** Kata 06's suite. */
export const rmsnormSuite: Suite<RmsnormImpl> = {
  kata: "06_rmsnorm",
  diagnoses: D,
  prerequisites: linearPrerequisites,
  checks: (
    { value: { Value }, backward: { backward }, rmsnorm: { rmsnorm } },
  ): Check[] => {
    const run = (xs: readonly number[]) =>
      rmsnorm(xs.map((x) => new Value(x))).map((o: Node) => o.data);
    /** What the planted mistakes would output. */
    const mistakes = (xs: readonly number[]): Mistake[] => {
      const n = xs.length;
      const squares = plainSum(xs.map((x) => x * x));
      return [
        [D.noEps, xs.map((x) => x * (squares / n) ** -0.5)],
        [D.noEps, xs.map((x) => x * ((squares / n) ** -0.5 + 1e-5))],
        [D.noMean, xs.map((x) => x * (squares + 1e-5) ** -0.5)],
        [D.nMinus1, xs.map((x) => x * (squares / (n - 1) + 1e-5) ** -0.5)],
        [D.noSqrt, xs.map((x) => x * (squares / n + 1e-5) ** -1)],
        [D.meanOfX, xs.map((x) => x * (plainSum(xs) / n + 1e-5) ** -0.5)],
        [D.perElement, xs.map((x) => x * (x * x + 1e-5) ** -0.5)],
      ];
    };
    return [
      {
        name:
          "06 rmsnorm: a vector of zeros gives zeros (the 1e-5 keeps the scale finite)",
        run: () =>
          forAll(fc.integer({ min: 2, max: 8 }), (n) => {
            const zeros = Array(n).fill(0);
            const got = run(zeros);
            if (!got.every((o) => o === 0) || got.length !== n) {
              throw new CheckFailure(
                `rmsnorm(${list(zeros)}) = ${list(got)}, expected ${
                  list(zeros)
                }`,
                got.some(Number.isNaN) ? D.noEps : undefined,
              );
            }
          }),
      },
      {
        name: "06 rmsnorm: a single element a gives a·(a² + 1e-5)^-0.5",
        run: () =>
          forAll(real(-3, 3), (a) => {
            assertClose(run([a]), plainRmsnorm([a]), `rmsnorm([${a}])`, {
              mistakes: mistakes([a]),
            });
          }),
      },
      {
        name:
          "06 rmsnorm: the output's RMS is 1 (within 1e-3) when the input's RMS is 0.1 or more",
        run: () =>
          forAll(vectors(), (xs) => {
            const got = run(xs);
            const r = got.length === xs.length ? rms(got) : NaN;
            if (!(Math.abs(r - 1) <= 1e-3)) {
              throw new CheckFailure(
                `rmsnorm(${list(xs)}) = ${
                  list(got)
                }: its RMS is ${r}, expected 1`,
                whichMistake(got, mistakes(xs)),
              );
            }
          }),
      },
      {
        name:
          "06 rmsnorm: scaling the input by a positive number leaves the output the same (within 1e-3)",
        run: () =>
          forAll(fc.tuple(vectors(), real(0.5, 8)), ([xs, c]) => {
            assertClose(
              run(xs.map((x) => x * c)),
              run(xs),
              `rmsnorm of ${list(xs)} each times ${c}, against rmsnorm(${
                list(xs)
              })`,
              { tol: { rtol: 1e-3, atol: 0 } },
            );
          }),
      },
      {
        name:
          "06 rmsnorm: each output is x·(mean(x²) + 1e-5)^-0.5, bit for bit as microgpt computes it",
        run: () =>
          forAll(
            fc.array(real(-3, 3), { minLength: 1, maxLength: 8 }),
            (xs) => {
              assertClose(run(xs), plainRmsnorm(xs), `rmsnorm(${list(xs)})`, {
                tol: BITS,
                mistakes: mistakes(xs),
                mistakeTol: ROUNDING,
                order: D.order,
              });
            },
          ),
      },
      {
        name:
          "06 rmsnorm: gradients w.r.t. every element match central differences (RMS ≥ 0.1)",
        run: () =>
          forAll(
            vectors(6).chain((xs) =>
              weights(xs.length).map((ws) => ({ xs, ws }))
            ),
            ({ xs, ws }) => {
              const [scale] = plainRmsnorm([rms(xs)]).map((o) => o / rms(xs));
              checkGradients((v) => new Value(v), backward, {
                what: `rmsnorm(${list(xs)})`,
                params: xs,
                label: (i) => `x[${i}]`,
                build: (leaves) => rmsnorm(leaves),
                plain: plainRmsnorm,
                weights: ws,
                diagnose: (grads, numeric) =>
                  allZero(grads, numeric) ? undefined : whichMistake(
                    grads,
                    [[D.scaleNumber, ws.map((w) => w * scale)]],
                    GRADIENT,
                  ),
              });
            },
          ),
      },
    ];
  },
};
