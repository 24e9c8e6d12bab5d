/**
 * Kata 05 · softmax: the property suite, run on `katas/05_softmax` and
 * `solutions/05_softmax`, each with its own tree's katas 02–04.
 *
 * The simple properties of a probability distribution come first (positive, sums to 1, keeps
 * the logits' order), then what microgpt's max subtraction buys (no overflow), then the exact
 * values and the gradients, through the learner's own `Value` and `backward`.
 *
 * @module
 */
import fc from "fast-check";
import type * as SoftmaxModule from "../../solutions/05_softmax/softmax.ts";
import { allZero, checkGradients } from "../harness/gradients.ts";
import {
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  diagnoses,
  forAll,
  GRADIENT,
  isClose,
  list,
  real,
  ROUNDING,
  type Suite,
  weights,
  whichMistake,
} from "../harness/harness.ts";
import { type LinearImpl, linearPrerequisites } from "./linear_suite.ts";
import { plainSoftmax, plainSum } from "../harness/reference.ts";

/** The modules kata 05 uses: its own `softmax.ts`, and the same tree's katas 02–04. */
export interface SoftmaxImpl extends LinearImpl {
  /** `softmax.ts` */
  readonly softmax: typeof SoftmaxModule;
}

type Node = SoftmaxImpl["value"]["Value"]["prototype"];

const logitLists = (min = -5, max = 5, maxLength = 8) =>
  fc.array(real(min, max), { minLength: 1, maxLength });

/** The mistakes kata 05's suite names. */
export const D = diagnoses("05_softmax", {
  noDivide:
    "the exps returned without dividing by their total: divide each one by the sum of all of them",
  noExp:
    "exp left out: each probability is exp(logit - max) / total, the total being the sum of those exps",
  totalShort: "a total that leaves out one of the exps: sum every one of them",
  reversed:
    "max - logit instead of logit - max: the largest logit must get the largest probability",
  noMax:
    "no max subtracted: exp(1000) overflows to Infinity, and Infinity / Infinity is NaN; subtract the largest logit first",
  maxFromZero:
    "a max that starts from 0: when every logit is below 0 it stays 0, and exp(-1000) underflows to 0, so 0/0; take the max of the logits alone",
  subtractFirst:
    "the first logit subtracted instead of the largest: a logit 1000 above it overflows exp; subtract the max",
  subtractMin:
    "the smallest logit subtracted instead of the largest: the others then reach exp(1000), which overflows; subtract the max",
  order:
    "the same math in another order, which rounds differently in the last bits: compute as microgpt does, exp(logit - max) with your Value's sub and exp, the total with sum (left to right), then each exp divided by it with div",
  expDetached:
    "exp computed on .data, in a new Value: it has no link to the logits, so no gradient flows back; call exp() on the node",
  totalNumber:
    "the total used as a plain number (.data): the gradient that flows through the total is lost; divide by the node",
});

/** Kata 05's suite. */
export const softmaxSuite: Suite<SoftmaxImpl> = {
  kata: "05_softmax",
  diagnoses: D,
  prerequisites: linearPrerequisites,
  checks: (
    { value: { Value }, backward: { backward }, softmax: { softmax } },
  ): Check[] => {
    const run = (logits: readonly number[]) =>
      softmax(logits.map((l) => new Value(l))).map((p: Node) => p.data);
    /** What the mistakes that keep the distribution's shape would give. */
    const shapeMistakes = (ls: readonly number[]) => {
      const max = Math.max(...ls);
      const exps = ls.map((l) => Math.exp(l - max));
      const shifted = ls.map((l) => l - max);
      return [
        [D.noDivide, exps],
        [D.noExp, shifted.map((s) => s / plainSum(shifted))],
        [D.totalShort, exps.map((e) => e / plainSum(exps.slice(0, -1)))],
      ] as const;
    };
    return [
      {
        name:
          "05 softmax: one probability per logit, each positive, summing to 1",
        run: () =>
          forAll(logitLists(), (ls) => {
            const ps = run(ls);
            const what = `softmax(${list(ls)}) = ${list(ps)}`;
            const diagnosis = whichMistake(ps, shapeMistakes(ls));
            if (ps.length !== ls.length) {
              throw new CheckFailure(
                `${what}: ${ps.length} probabilities for ${ls.length} logits`,
              );
            }
            const i = ps.findIndex((p) => !(p > 0));
            if (i >= 0) {
              throw new CheckFailure(
                `${what}: p[${i}] = ${ps[i]}, expected a probability above 0`,
                diagnosis,
              );
            }
            const total = plainSum(ps);
            if (!isClose(total, 1, { rtol: 0, atol: 1e-12 })) {
              throw new CheckFailure(
                `${what}: the probabilities sum to ${total}, expected 1`,
                diagnosis,
              );
            }
          }),
      },
      {
        name: "05 softmax: a larger logit gets a larger probability",
        run: () =>
          forAll(logitLists(-5, 5, 6), (ls) => {
            const ps = run(ls);
            ls.forEach((a, i) =>
              ls.forEach((b, j) => {
                if (a < b && !(ps[i] < ps[j])) {
                  throw new CheckFailure(
                    `softmax(${list(ls)}) = ${
                      list(ps)
                    }: logit ${a} < logit ${b}, ` +
                      `yet p[${i}] = ${ps[i]} is not below p[${j}] = ${ps[j]}`,
                    D.reversed,
                  );
                }
              })
            );
          }),
      },
      {
        name:
          "05 softmax: logits near ±1000, or 1000 apart, give finite probabilities",
        run: () =>
          forAll(logitLists(-5, 5, 6), (ls) => {
            // The last two tell a max taken from the first logit from one taken from the
            // smallest: both fail on the first, only the smallest on the second.
            const lowFirst = [ls[0] - 1000, ...ls.slice(1), ls[0]];
            const lowLast = [ls[0], ...ls.slice(1), ls[0] - 1000];
            const finite = (logits: readonly number[]) =>
              run(logits).every(Number.isFinite);
            const cases = [
              [ls.map((l) => l + 1000), D.noMax],
              [ls.map((l) => l - 1000), D.maxFromZero],
              [lowFirst, finite(lowLast) ? D.subtractFirst : D.subtractMin],
              [lowLast, D.subtractMin],
            ] as const;
            for (const [logits, diagnosis] of cases) {
              const ps = run(logits);
              const i = ps.findIndex((p) => !Number.isFinite(p));
              if (i >= 0) {
                throw new CheckFailure(
                  `softmax(${list(logits)}) = ${
                    list(ps)
                  }: p[${i}] is not finite`,
                  diagnosis,
                );
              }
            }
          }),
      },
      {
        name:
          "05 softmax: adding the same number to every logit changes nothing",
        run: () =>
          forAll(fc.tuple(logitLists(), real(-1000, 1000)), ([ls, c]) => {
            assertClose(
              run(ls.map((l) => l + c)),
              run(ls),
              `softmax of ${list(ls)} each plus ${c}, against softmax(${
                list(ls)
              })`,
              { tol: { rtol: 1e-9, atol: 1e-15 } },
            );
          }),
      },
      {
        name:
          "05 softmax: each probability is exp(logit - max) / total, bit for bit as microgpt computes it",
        run: () =>
          forAll(logitLists(), (ls) => {
            assertClose(run(ls), plainSoftmax(ls), `softmax(${list(ls)})`, {
              tol: BITS,
              mistakeTol: ROUNDING,
              order: D.order,
            });
          }),
      },
      {
        name:
          "05 softmax: gradients w.r.t. every logit match central differences",
        run: () =>
          forAll(
            logitLists(-3, 3, 6).chain((ls) =>
              weights(ls.length).map((ws) => ({ ls, ws }))
            ),
            ({ ls, ws }) => {
              const ps = plainSoftmax(ls);
              checkGradients((v) => new Value(v), backward, {
                what: `softmax(${list(ls)})`,
                params: ls,
                label: (i) => `logits[${i}]`,
                build: (leaves) => softmax(leaves),
                plain: plainSoftmax,
                weights: ws,
                diagnose: (grads, numeric) =>
                  allZero(grads, numeric)
                    ? D.expDetached
                    : whichMistake(grads, [[
                      D.totalNumber,
                      ps.map((p, j) => ws[j] * p),
                    ]], GRADIENT),
              });
            },
          ),
      },
    ];
  },
};
