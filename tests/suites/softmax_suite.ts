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
import {
  allZero,
  assertClose,
  BITS,
  checkGradients,
  diagnoses,
  type Diagnosis,
  ensure,
  GRADIENT,
  isClose,
  list,
  type Mistake,
  property,
  real,
  reals,
  ROUNDING,
  suite,
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

/** The learner's softmax on plain numbers: logits in, the probabilities' `.data` out. */
type Softmax = (logits: readonly number[]) => number[];

/** Lists of 1 to `maxLength` logits in [min, max]. */
const logits = (min = -5, max = 5, maxLength = 8) =>
  reals({ minLength: 1, maxLength }, min, max);

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
export const softmaxSuite = suite<SoftmaxImpl>({
  kata: "05_softmax",
  diagnoses: D,
  prerequisites: linearPrerequisites,
  properties: (impl) => {
    const run = probabilities(impl);
    return [
      property(
        "one probability per logit, each positive, summing to 1",
        logits(),
        (ls) => sumsToOne(ls, run(ls), run),
      ),
      property(
        "a larger logit gets a larger probability",
        logits(-5, 5, 6),
        (ls) => keepsOrder(ls, run(ls), run),
      ),
      property(
        "logits near ±1000, or 1000 apart, give finite probabilities",
        logits(-5, 5, 6),
        (ls) => staysFinite(run, ls),
      ),
      property(
        "adding the same number to every logit changes nothing",
        fc.tuple(logits(), real(-1000, 1000)),
        ([ls, c]) =>
          assertClose(
            run(ls.map((l) => l + c)),
            run(ls),
            `softmax of ${list(ls)} each plus ${c}, against softmax(${
              list(ls)
            })`,
            { tol: { rtol: 1e-9, atol: 1e-15 } },
          ),
      ),
      property(
        "each probability is exp(logit - max) / total, bit for bit as microgpt computes it",
        logits(),
        (ls) =>
          assertClose(run(ls), plainSoftmax(ls), `softmax(${list(ls)})`, {
            tol: BITS,
            mistakeTol: ROUNDING,
            order: D.order,
          }),
      ),
      property(
        "gradients w.r.t. every logit match central differences",
        logits(-3, 3, 6).chain((ls) =>
          weights(ls.length).map((ws) => ({ ls, ws }))
        ),
        ({ ls, ws }) => gradientsMatch(impl, ls, ws),
      ),
    ];
  },
});

/** The learner's softmax, on plain numbers. */
function probabilities(
  { value: { Value }, softmax: { softmax } }: SoftmaxImpl,
): Softmax {
  return (ls) => softmax(ls.map((l) => new Value(l))).map((p: Node) => p.data);
}

// What the longer properties check, in the list's order.

function sumsToOne(
  ls: readonly number[],
  ps: readonly number[],
  run: Softmax,
): void {
  const what = `softmax(${list(ls)}) = ${list(ps)}`;
  const mistake = () => confirmed(run, ls, ps, shapeMistakes);
  ensure(
    ps.length === ls.length,
    `${what}: ${ps.length} probabilities for ${ls.length} logits`,
  );
  const i = ps.findIndex((p) => !(p > 0));
  ensure(
    i < 0,
    `${what}: p[${i}] = ${ps[i]}, expected a probability above 0`,
    mistake,
  );
  const total = plainSum(ps);
  ensure(
    isClose(total, 1, { rtol: 0, atol: 1e-12 }),
    `${what}: the probabilities sum to ${total}, expected 1`,
    mistake,
  );
}

function keepsOrder(
  ls: readonly number[],
  ps: readonly number[],
  run: Softmax,
): void {
  ls.forEach((a, i) =>
    ls.forEach((b, j) =>
      ensure(
        !(a < b) || ps[i] < ps[j],
        () =>
          `softmax(${list(ls)}) = ${list(ps)}: logit ${a} < logit ${b}, ` +
          `yet p[${i}] = ${ps[i]} is not below p[${j}] = ${ps[j]}`,
        () => confirmed(run, ls, ps, reversedMistake),
      )
    )
  );
}

function staysFinite(run: Softmax, ls: readonly number[]): void {
  for (const extreme of extremes(ls)) {
    const ps = run(extreme);
    const i = ps.findIndex((p) => !Number.isFinite(p));
    ensure(
      i < 0,
      `softmax(${list(extreme)}) = ${list(ps)}: p[${i}] is not finite`,
      () => overflowMistake(run, extreme, ps),
    );
  }
}

function gradientsMatch(
  { value: { Value }, backward: { backward }, softmax: { softmax } }:
    SoftmaxImpl,
  ls: readonly number[],
  ws: readonly number[],
): void {
  checkGradients((v) => new Value(v), backward, {
    what: `softmax(${list(ls)})`,
    params: ls,
    label: (i) => `logits[${i}]`,
    build: (leaves) => softmax(leaves),
    plain: plainSoftmax,
    weights: ws,
    diagnose: (grads, numeric) => gradientMistake(ls, ws, grads, numeric),
  });
}

// Probes: what a planted mistake would compute, to confirm the diagnosis of a failure.

/**
 * A fixed input on which the shape mistakes, max - logit and softmax itself all give
 * different values: a diagnosis matched on the failing input is shown only when the learner's
 * output matches the same mistake here too (on a shrunk input of one or two logits, several
 * mistakes can give the same values, NaN among them).
 */
const PROBE = [3, 0, 1];

/**
 * Fixed inputs that tell the overflow mistakes apart: near +1000 only the missing max
 * overflows; near -1000 the missing max and a max from 0 underflow to 0/0; with the first
 * logit far below the others the first or the smallest logit subtracted overflows; with the
 * last far below, the smallest alone.
 */
const OVERFLOW_PROBES = [
  [1000, 1001, 1003],
  [-1000, -1001, -1003],
  [-1000, 0, 3],
  [0, 3, -1000],
];

/** The learner's output for `ls`, or nothing when the learner's code throws. */
function tryRun(run: Softmax, ls: readonly number[]): number[] | undefined {
  try {
    return run(ls);
  } catch {
    return undefined;
  }
}

/**
 * The mistake among `twins` whose value `ps` (the learner's output for `ls`) matches, shown
 * only when the learner's output on {@link PROBE} matches that mistake's value there too.
 */
function confirmed(
  run: Softmax,
  ls: readonly number[],
  ps: readonly number[],
  twins: (ls: readonly number[]) => Mistake[],
): Diagnosis | undefined {
  const i = twins(ls).findIndex((twin) => whichMistake(ps, [twin]));
  if (i < 0) return undefined;
  const atProbe = tryRun(run, PROBE);
  return atProbe && whichMistake(atProbe, [twins(PROBE)[i]]);
}

/** What the mistakes that keep the distribution's shape would give for `ls`. */
function shapeMistakes(ls: readonly number[]): Mistake[] {
  const max = Math.max(...ls);
  const exps = ls.map((l) => Math.exp(l - max));
  const shifted = ls.map((l) => l - max);
  return [
    [D.noDivide, exps],
    [D.noExp, shifted.map((s) => s / plainSum(shifted))],
    [D.totalShort, exps.map((e) => e / plainSum(exps.slice(0, -1)))],
  ];
}

/** What max - logit would give for `ls`: the smallest logit gets the largest probability. */
function reversedMistake(ls: readonly number[]): Mistake[] {
  const max = Math.max(...ls);
  const exps = ls.map((l) => Math.exp(-l + max));
  const total = plainSum(exps);
  return [[D.reversed, exps.map((e) => e * total ** -1)]];
}

/**
 * Logits near ±1000, or 1000 apart: the first two overflow a softmax with no max, or with a
 * max from 0; the last two one that subtracts the first logit, or the smallest.
 */
function extremes(ls: readonly number[]): number[][] {
  return [
    ls.map((l) => l + 1000),
    ls.map((l) => l - 1000),
    [ls[0] - 1000, ...ls.slice(1), ls[0]],
    [ls[0], ...ls.slice(1), ls[0] - 1000],
  ];
}

/** softmax with `shift(ls)` subtracted instead of the max, as the learner's Value ops round. */
function shiftedBy(shift: (ls: readonly number[]) => number) {
  return (ls: readonly number[]) => {
    const s = shift(ls);
    const exps = ls.map((l) => Math.exp(l + -s));
    const total = plainSum(exps);
    return exps.map((e) => e * total ** -1);
  };
}

/** The overflow mistakes, each with what it computes. */
const OVERFLOWS: readonly (readonly [
  Diagnosis,
  (ls: readonly number[]) => number[],
])[] = [
  [D.noMax, shiftedBy(() => 0)],
  [D.maxFromZero, shiftedBy((ls) => Math.max(0, ...ls))],
  [D.subtractFirst, shiftedBy((ls) => ls[0])],
  [D.subtractMin, shiftedBy((ls) => Math.min(...ls))],
];

/**
 * The overflow mistake that gave `ps` for the extreme logits `ls`: the one whose value the
 * learner's output matches there, on {@link PROBE} (where every overflow mistake gives
 * softmax's value) and on each of {@link OVERFLOW_PROBES} (where only some overflow).
 */
function overflowMistake(
  run: Softmax,
  ls: readonly number[],
  ps: readonly number[],
): Diagnosis | undefined {
  const probes = [PROBE, ...OVERFLOW_PROBES];
  const outputs = probes.map((p) => tryRun(run, p));
  return OVERFLOWS.find(([d, twin]) =>
    whichMistake(ps, [[d, twin(ls)]]) &&
    probes.every((p, i) => {
      const out = outputs[i];
      return out !== undefined && whichMistake(out, [[d, twin(p)]]);
    })
  )?.[0];
}

/** The gradient mistakes: an exp cut from the graph, or the total used as a plain number. */
function gradientMistake(
  ls: readonly number[],
  ws: readonly number[],
  grads: readonly number[],
  numeric: readonly number[],
): Diagnosis | undefined {
  if (allZero(grads, numeric)) return D.expDetached;
  const ps = plainSoftmax(ls);
  return whichMistake(grads, [
    [D.totalNumber, ps.map((p, j) => ws[j] * p)],
  ], GRADIENT);
}
