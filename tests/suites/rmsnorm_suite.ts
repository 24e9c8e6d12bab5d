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
import {
  allZero,
  assertClose,
  BITS,
  CheckFailure,
  checkGradients,
  diagnoses,
  type Diagnosis,
  ensure,
  EXACTISH,
  GRADIENT,
  list,
  type Mistake,
  property,
  real,
  reals,
  ROUNDING,
  suite,
  type Tolerance,
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

/** The learner's rmsnorm on plain numbers: a vector in, the outputs' `.data` out. */
type Rmsnorm = (xs: readonly number[]) => number[];

const meanSquare = (xs: readonly number[]) =>
  plainSum(xs.map((x) => x * x)) / xs.length;
const rms = (xs: readonly number[]) => Math.sqrt(meanSquare(xs));
/** Vectors whose RMS is at least 0.1, so that the 1e-5 barely matters. */
const vectors = (maxLength = 8) =>
  reals({ minLength: 1, maxLength }).filter((xs) => rms(xs) >= 0.1);

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
export const rmsnormSuite = suite<RmsnormImpl>({
  kata: "06_rmsnorm",
  diagnoses: D,
  prerequisites: linearPrerequisites,
  properties: (impl) => {
    const run = normalized(impl);
    return [
      property(
        "a vector of zeros gives zeros (the 1e-5 keeps the scale finite)",
        fc.integer({ min: 2, max: 8 }),
        (n) => zerosStayZero(n, run(Array(n).fill(0)), run),
      ),
      property(
        "a single element a gives a·(a² + 1e-5)^-0.5",
        real(-3, 3),
        (a) => confirmedClose(run, [a], run([a]), `rmsnorm([${a}])`, {}),
      ),
      property(
        "the output's RMS is 1 (within 1e-3) when the input's RMS is 0.1 or more",
        vectors(),
        (xs) => rmsIsOne(xs, run(xs), run),
      ),
      property(
        "scaling the input by a positive number leaves the output the same, but for the 1e-5's pull",
        fc.tuple(vectors(), real(0.5, 8)),
        ([xs, c]) => scaleFree(xs, c, run),
      ),
      property(
        "each output is x·(mean(x²) + 1e-5)^-0.5, bit for bit as microgpt computes it",
        reals({ minLength: 1, maxLength: 8 }),
        (xs) =>
          confirmedClose(run, xs, run(xs), `rmsnorm(${list(xs)})`, {
            tol: BITS,
            mistakeTol: ROUNDING,
            order: D.order,
          }),
      ),
      property(
        "gradients w.r.t. every element match central differences (RMS ≥ 0.1)",
        vectors(6).chain((xs) => weights(xs.length).map((ws) => ({ xs, ws }))),
        ({ xs, ws }) => gradientsMatch(impl, xs, ws),
      ),
    ];
  },
});

/** The learner's rmsnorm, on plain numbers. */
function normalized(
  { value: { Value }, rmsnorm: { rmsnorm } }: RmsnormImpl,
): Rmsnorm {
  return (xs) => rmsnorm(xs.map((x) => new Value(x))).map((o: Node) => o.data);
}

// What the longer properties check, in the list's order.

function zerosStayZero(
  n: number,
  got: readonly number[],
  run: Rmsnorm,
): void {
  const zeros = Array(n).fill(0);
  ensure(
    got.every((o) => o === 0) && got.length === n,
    `rmsnorm(${list(zeros)}) = ${list(got)}, expected ${list(zeros)}`,
    () =>
      got.some(Number.isNaN) && atProbe(run, D.noEps, ROUNDING)
        ? D.noEps
        : undefined,
  );
}

function rmsIsOne(
  xs: readonly number[],
  got: readonly number[],
  run: Rmsnorm,
): void {
  const r = got.length === xs.length ? rms(got) : NaN;
  ensure(
    Math.abs(r - 1) <= 1e-3,
    `rmsnorm(${list(xs)}) = ${list(got)}: its RMS is ${r}, expected 1`,
    () => confirmed(run, xs, got),
  );
}

/**
 * rmsnorm(x) is x / rms(x) times (1 + 1e-5 / mean(x²))^-0.5, a factor between
 * 1 - 1e-5 / (2·mean(x²)) and 1. So x and c·x give outputs within a relative
 * 1e-5 / (2·m) of each other, m the smaller of their mean squares: 0.2% at most for an RMS
 * of 0.05 (0.1 times 0.5), and nothing a correct rmsnorm can exceed but by rounding.
 */
function scaleFree(xs: readonly number[], c: number, run: Rmsnorm): void {
  const scaled = xs.map((x) => x * c);
  const got = run(scaled);
  const m = Math.min(meanSquare(xs), meanSquare(scaled));
  const pull = 1e-5 / (2 * m);
  assertClose(
    got,
    run(xs),
    `rmsnorm of ${list(xs)} each times ${c}, against rmsnorm(${
      list(xs)
    }), which the 1e-5 may pull apart by a relative ${
      pull.toExponential(1)
    } at most`,
    { tol: { rtol: pull + ROUNDING.rtol, atol: 0 } },
  );
}

function gradientsMatch(
  { value: { Value }, backward: { backward }, rmsnorm: { rmsnorm } }:
    RmsnormImpl,
  xs: readonly number[],
  ws: readonly number[],
): void {
  checkGradients((v) => new Value(v), backward, {
    what: `rmsnorm(${list(xs)})`,
    params: xs,
    label: (i) => `x[${i}]`,
    build: (leaves) => rmsnorm(leaves),
    plain: plainRmsnorm,
    weights: ws,
    diagnose: (grads, numeric) => gradientMistake(xs, ws, grads, numeric),
  });
}

/**
 * `got`, the learner's output for `xs`, against microgpt's; a mistake whose value it matches
 * is named only when {@link confirmed}.
 */
function confirmedClose(
  run: Rmsnorm,
  xs: readonly number[],
  got: readonly number[],
  what: string,
  { tol = EXACTISH, mistakeTol = tol, order }: {
    tol?: Tolerance;
    mistakeTol?: Tolerance;
    order?: Diagnosis;
  },
): void {
  try {
    assertClose(got, plainRmsnorm(xs), what, {
      tol,
      mistakes: outputMistakes(xs),
      mistakeTol,
      order,
    });
  } catch (e) {
    if (!(e instanceof CheckFailure) || !e.diagnosis || e.diagnosis === order) {
      throw e;
    }
    throw new CheckFailure(e.problem, confirmed(run, xs, got, mistakeTol));
  }
}

// Probes: what a planted mistake would compute, to confirm the diagnosis of a failure.

/**
 * A fixed input on which every planted mistake gives its own value, none of them rmsnorm's:
 * a mistake matched on a failing input is named only when the learner's output here matches
 * it too (on one element, or on zeros, several mistakes agree, NaN among them).
 */
const PROBE = [1, 2, 3];

/**
 * The mistake whose value `got`, the learner's output for `xs`, matches within `tol` (a
 * mistake that gives rmsnorm's own value for `xs` cannot explain a failure), confirmed on
 * {@link PROBE}.
 */
function confirmed(
  run: Rmsnorm,
  xs: readonly number[],
  got: readonly number[],
  tol: Tolerance = EXACTISH,
): Diagnosis | undefined {
  const expected = plainRmsnorm(xs);
  const i = outputMistakes(xs).findIndex((twin) =>
    !whichMistake(expected, [twin], tol) && whichMistake(got, [twin], tol)
  );
  return i < 0 ? undefined : atProbe(run, i, tol);
}

/**
 * The diagnosis of the mistake `which` (an index into {@link outputMistakes}, or a diagnosis:
 * any of its values) when the learner's output on {@link PROBE} is its value there.
 */
function atProbe(
  run: Rmsnorm,
  which: number | Diagnosis,
  tol: Tolerance,
): Diagnosis | undefined {
  let got: number[];
  try {
    got = run(PROBE);
  } catch {
    return undefined;
  }
  const twins = outputMistakes(PROBE).filter(([d], i) =>
    typeof which === "number" ? i === which : d === which
  );
  return whichMistake(got, twins, tol);
}

/** What the planted mistakes would output for `xs`. */
function outputMistakes(xs: readonly number[]): Mistake[] {
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
}

/**
 * The gradient mistake: the scale computed on plain numbers, so each input's gradient is its
 * weight times the scale, with nothing through the mean square.
 */
function gradientMistake(
  xs: readonly number[],
  ws: readonly number[],
  grads: readonly number[],
  numeric: readonly number[],
): Diagnosis | undefined {
  if (allZero(grads, numeric)) return undefined;
  const [scale] = plainRmsnorm([rms(xs)]).map((o) => o / rms(xs));
  return whichMistake(
    grads,
    [[D.scaleNumber, ws.map((w) => w * scale)]],
    GRADIENT,
  );
}
