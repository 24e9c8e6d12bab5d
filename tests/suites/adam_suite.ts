/**
 * Kata 09 · adam: the property suite, run on `katas/09_adam` and `solutions/09_adam`, each
 * with its own tree's kata 02 `Value`.
 *
 * The parameters are the learner's `Value`s, whose gradients the checks set by hand, as
 * `backward` would. The simple properties come first (grads cleared, a zero gradient, the
 * size of the first step, moments that carry over), then several steps against a
 * plain-number Adam written here in microgpt's order of operations, bit for bit.
 *
 * @module
 */
import fc from "fast-check";
import type * as AdamModule from "../../solutions/09_adam/adam.ts";
import {
  assertClose,
  BITS,
  CheckFailure,
  diagnoses,
  type Diagnosis,
  ensure,
  isClose,
  list,
  matrix,
  prerequisite,
  property,
  reals,
  ROUNDING,
  suite,
} from "../harness/harness.ts";
import { type ValueImpl, valueSuite } from "./value_suite.ts";

/** The modules kata 09 uses: its own `adam.ts` and the same tree's kata 02 `value.ts`. */
export interface AdamImpl extends ValueImpl {
  /** `adam.ts` */
  readonly adam: typeof AdamModule;
}

/** microgpt's hyperparameters, written out here rather than taken from the learner's file. */
const CONFIG = { lr: 0.01, beta1: 0.85, beta2: 0.99, eps: 1e-8 };

/**
 * The learner's Adam from parameters `p0`, through `steps` of `numSteps`, with the gradients
 * `grads[k]` set before step k: the optimizer, and its parameters' data after.
 */
type Run = (
  p0: readonly number[],
  grads: readonly (readonly number[])[],
  steps: readonly number[],
  numSteps: number,
) => { readonly opt: AdamModule.Adam; readonly params: number[] };

/** Parameters and one gradient each (never 0: the grid of `real` skips it). */
const paramsAndGrads = (maxLength = 6) =>
  fc.integer({ min: 1, max: maxLength }).chain((n) =>
    fc.record({
      p0: reals(n, -2, 2),
      g: reals(n, -1, 1),
      numSteps: fc.integer({ min: 2, max: 50 }),
    })
  );

/** Parameters, a gradient for each of 2 to 5 steps, and a run of up to 20 steps more. */
const stepRuns = () =>
  fc.record({
    n: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 2, max: 5 }),
    extra: fc.integer({ min: 0, max: 20 }),
  }).chain(({ n, k, extra }) =>
    fc.record({
      p0: reals(n, -2, 2),
      grads: matrix(k, n, -1, 1),
      numSteps: fc.constant(k + extra),
    })
  );

/** The mistakes kata 09's suite names. */
export const D = diagnoses("09_adam", {
  gradsKept:
    "the gradients left as they are after the step: set each p.grad = 0, or the next backward adds to the old ones",
  noEps:
    "no eps: with a zero gradient, m̂ / v̂^0.5 is 0 / 0 = NaN; divide by (v̂ ** 0.5 + eps)",
  biasAtStep:
    "bias correction with beta ** step: at step 0 that is 1 - 1 = 0, a division by 0; use beta ** (step + 1)",
  noBias:
    "no bias correction: the moments start at 0 and are too small in the first steps; divide m by (1 - beta1 ** (step + 1)) and v by (1 - beta2 ** (step + 1))",
  plus: "the update added: a parameter moves against its gradient, p.data -= …",
  decayShifted:
    "the learning rate decayed one step early, lr · (1 - (step + 1) / numSteps): step 0 uses lr itself",
  noDecay:
    "a learning rate that does not decay: lr_t = lr · (1 - step / numSteps)",
  gradNotSquared:
    "the second moment fed g instead of g²: v = beta2·v + (1 - beta2)·g ** 2",
  noSqrt: "v̂ used without its square root: divide by v̂ ** 0.5 + eps",
  epsInRoot: "eps inside the square root: it is added after it, v̂ ** 0.5 + eps",
  zeroedFirst:
    "p.grad set to 0 before the update reads it, so nothing moves: set it to 0 last, after p.data -= …",
  momentsReset:
    "moments that start again at each step: m and v keep their running averages from one step to the next",
  betasSwapped:
    "beta1 and beta2 swapped: m uses beta1 = 0.85, v uses beta2 = 0.99",
  order:
    "the same math in another order, which rounds differently in the last bits: compute as microgpt does, p.data -= lr_t * m̂ / (v̂ ** 0.5 + eps), left to right",
});

/** Kata 09's suite. */
export const adamSuite = suite<AdamImpl>({
  kata: "09_adam",
  diagnoses: D,
  prerequisites: (impl) => [prerequisite(valueSuite, impl)],
  properties: (impl) => {
    const run = optimized(impl);
    return [
      property(
        "every grad is 0 after a step",
        paramsAndGrads(),
        ({ p0, g, numSteps }) => gradsCleared(run, p0, g, numSteps),
      ),
      property(
        "a zero gradient leaves the parameter where it is on the first step",
        paramsAndGrads(),
        ({ p0, numSteps }) => zeroGradientStays(run, p0, numSteps),
      ),
      property(
        "the first step moves each parameter by about lr against its gradient's sign",
        paramsAndGrads(),
        ({ p0, g, numSteps }) => firstStepIsLr(run, p0, g, numSteps),
      ),
      property(
        "the moments carry over: a second step differs from a fresh optimizer's step",
        paramsAndGrads().chain((c) =>
          reals(c.g.length, -1, 1).map((g2) => ({ ...c, g2 }))
        ),
        ({ p0, g, g2, numSteps }) => momentsCarryOver(run, p0, g, g2, numSteps),
      ),
      property(
        "several steps equal microgpt's Adam on plain numbers, bit for bit (parameters, m and v)",
        stepRuns(),
        ({ p0, grads, numSteps }) => matchesPlainAdam(run, p0, grads, numSteps),
      ),
    ];
  },
});

/** The learner's Adam on fresh parameters of the learner's `Value`. */
function optimized({ value: { Value }, adam: { Adam } }: AdamImpl): Run {
  return (p0, grads, steps, numSteps) => {
    const params = p0.map((p) => new Value(p));
    const opt = new Adam(params, CONFIG);
    steps.forEach((step, k) => {
      opt.params.forEach((p, i) => (p.grad = grads[k][i]));
      opt.step(step, numSteps);
    });
    return { opt, params: opt.params.map((p) => p.data) };
  };
}

// What the longer properties check, in the list's order.

function gradsCleared(
  run: Run,
  p0: readonly number[],
  g: readonly number[],
  numSteps: number,
): void {
  const { opt } = run(p0, [g], [0], numSteps);
  const grads = opt.params.map((p) => p.grad);
  ensure(
    grads.every((x) => x === 0),
    () =>
      `after step(0, ${numSteps}) with grads ${list(g)}, the grads are ${
        list(grads)
      }, expected all 0`,
    // Every grad as it was, here and on the probe: some cleared is another mistake.
    () =>
      grads.every((x, i) => x === g[i])
        ? onProbe(run, [D.gradsKept])
        : undefined,
  );
}

function zeroGradientStays(
  run: Run,
  p0: readonly number[],
  numSteps: number,
): void {
  const zeros = p0.map(() => 0);
  const got = run(p0, [zeros], [0], numSteps).params;
  ensure(
    !got.some(Number.isNaN),
    () =>
      `step(0, ${numSteps}) with every grad 0 moved ${list(p0)} to ${
        list(got)
      }, expected no change`,
    () =>
      confirmed(run, [p0, [zeros], [0], numSteps], "params", got, [
        D.biasAtStep,
        D.noEps,
      ]),
  );
  assertClose(got, p0, `step(0, ${numSteps}) with every grad 0`, {
    tol: BITS,
  });
}

function firstStepIsLr(
  run: Run,
  p0: readonly number[],
  g: readonly number[],
  numSteps: number,
): void {
  const got = run(p0, [g], [0], numSteps).params;
  const expected = p0.map((p, i) => p - CONFIG.lr * Math.sign(g[i]));
  try {
    assertClose(
      got.map((p, i) => p - p0[i]),
      expected.map((p, i) => p - p0[i]),
      `how far step(0, ${numSteps}) with grads ${list(g)} moved ${list(p0)}`,
      { tol: { rtol: 1e-4, atol: 0 } },
    );
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    throw new CheckFailure(
      e.problem,
      confirmed(run, [p0, [g], [0], numSteps], "params", got),
    );
  }
}

function momentsCarryOver(
  run: Run,
  p0: readonly number[],
  g: readonly number[],
  g2: readonly number[],
  numSteps: number,
): void {
  const twice = run(p0, [g, g2], [0, 1], numSteps).params;
  const after0 = run(p0, [g], [0], numSteps).params;
  const fresh = run(after0, [g2], [1], numSteps).params;
  ensure(
    !twice.every((p, i) => p === fresh[i]),
    () => noTrace(g, g2, numSteps, twice, after0),
    () =>
      confirmed(run, [p0, [g, g2], [0, 1], numSteps], "params", twice, [
        D.momentsReset,
      ]),
  );
}

/**
 * What two steps that end where a fresh optimizer's step 1 does show: when step 1 moved
 * nothing at all, that (its learning rate is not 0 yet); otherwise, that the first gradient
 * left no trace.
 */
function noTrace(
  g: readonly number[],
  g2: readonly number[],
  numSteps: number,
  twice: readonly number[],
  after0: readonly number[],
): string {
  const both = `two steps with grads ${list(g)} then ${list(g2)}`;
  if (twice.every((p, i) => p === after0[i])) {
    return `${both} (steps 0 and 1 of ${numSteps}) end at ${
      list(twice)
    }, where step 0 left them: step 1 moved nothing, though its grads are not 0 and its learning rate is lr · (1 - 1 / ${numSteps}) = ${
      CONFIG.lr * (1 - 1 / numSteps)
    }`;
  }
  return `${both} end where one fresh optimizer's step 1 with ${
    list(g2)
  } does, ${list(twice)}: the first gradient left no trace`;
}

function matchesPlainAdam(
  run: Run,
  p0: readonly number[],
  raw: readonly (readonly number[])[],
  numSteps: number,
): void {
  // Step k's gradients are k + 1 times the drawn ones: gradients that never change would
  // hide a swap of the betas (the bias-corrected m̂ of a constant is that constant, whatever
  // beta).
  const grads = raw.map((g, k) => g.map((x) => x * (k + 1)));
  const steps = grads.map((_, s) => s);
  const { opt, params } = run(p0, grads, steps, numSteps);
  const expected = plainAdam(p0, grads, steps, numSteps);
  const what = `after steps 0…${steps.length - 1} of ${numSteps}`;
  for (const key of ["params", "m", "v"] as const) {
    const got = key === "params" ? params : [...opt[key]];
    try {
      assertClose(got, expected[key], `${key} ${what}`, { tol: BITS });
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      throw new CheckFailure(
        e.problem,
        confirmed(run, [p0, grads, steps, numSteps], key, got),
      );
    }
  }
}

// microgpt's Adam on plain numbers: what the properties expect, and, with a variant, what a
// planted mistake computes.

/** A known mistake, as a change to the plain-number Adam below. */
interface Variant {
  readonly noEps?: boolean;
  readonly zeroedFirst?: boolean;
  readonly momentsReset?: boolean;
  readonly noBias?: boolean;
  readonly biasAtStep?: boolean;
  readonly plus?: boolean;
  readonly decay?: "shifted" | "none";
  readonly gradNotSquared?: boolean;
  readonly noSqrt?: boolean;
  readonly epsInRoot?: boolean;
  readonly swapBetas?: boolean;
}

/** The state after some steps: parameters and both moments. */
interface State {
  readonly params: number[];
  readonly m: number[];
  readonly v: number[];
}

/**
 * microgpt's Adam on plain numbers: from `p0` with moments at 0, step `steps[k]` of
 * `numSteps` with gradients `grads[k]`, for each k. `variant` plants a known mistake.
 */
function plainAdam(
  p0: readonly number[],
  grads: readonly (readonly number[])[],
  steps: readonly number[],
  numSteps: number,
  variant: Variant = {},
): State {
  const { lr, eps } = CONFIG;
  const [beta1, beta2] = variant.swapBetas
    ? [CONFIG.beta2, CONFIG.beta1]
    : [CONFIG.beta1, CONFIG.beta2];
  const params = [...p0];
  const m = p0.map(() => 0);
  const v = p0.map(() => 0);
  steps.forEach((step, k) => {
    const decay = variant.decay === "none"
      ? 1
      : 1 - (variant.decay === "shifted" ? step + 1 : step) / numSteps;
    const lrT = lr * decay;
    const t = variant.biasAtStep ? step : step + 1;
    params.forEach((p, i) => {
      const g = variant.zeroedFirst ? 0 : grads[k][i];
      const kept = variant.momentsReset ? 0 : 1;
      m[i] = beta1 * m[i] * kept + (1 - beta1) * g;
      v[i] = beta2 * v[i] * kept +
        (1 - beta2) * (variant.gradNotSquared ? g : g ** 2);
      const mHat = variant.noBias ? m[i] : m[i] / (1 - beta1 ** t);
      const vHat = variant.noBias ? v[i] : v[i] / (1 - beta2 ** t);
      const root = variant.noSqrt
        ? vHat + eps
        : variant.epsInRoot
        ? (vHat + eps) ** 0.5
        : variant.noEps
        ? vHat ** 0.5
        : vHat ** 0.5 + eps;
      const update = lrT * mHat / root;
      params[i] = variant.plus ? p + update : p - update;
    });
  });
  return { params, m, v };
}

// Probes: what a planted mistake would compute, confirmed on a fixed, telling run.

/** An Adam run: `p0`, the gradients of each step, the steps, and `numSteps`. */
type Steps = readonly [
  p0: readonly number[],
  grads: readonly (readonly number[])[],
  steps: readonly number[],
  numSteps: number,
];

/** Each mistake of the update as a change to the plain-number Adam: the first confirmed is named. */
const VARIANTS: readonly (readonly [Diagnosis, Variant])[] = [
  [D.noEps, { noEps: true }],
  [D.biasAtStep, { biasAtStep: true }],
  [D.noBias, { noBias: true }],
  [D.plus, { plus: true }],
  [D.decayShifted, { decay: "shifted" }],
  [D.gradNotSquared, { gradNotSquared: true }],
  [D.noSqrt, { noSqrt: true }],
  [D.epsInRoot, { epsInRoot: true }],
  [D.zeroedFirst, { zeroedFirst: true }],
  [D.momentsReset, { momentsReset: true }],
  [D.noDecay, { decay: "none" }],
  [D.betasSwapped, { swapBetas: true }],
  // The same math in another order: microgpt's values, within rounding.
  [D.order, {}],
];

/**
 * A fixed run on which every mistake gives its own parameters and moments: steps 1 and 2 of
 * 4 (from step 1, a bias correction with beta ** step is finite), gradients of both signs that
 * change between the steps, some small enough for eps to show in the last digits kept.
 */
const PROBE: Steps = [
  [1, -0.5, 0.25],
  [[0.5, -0.002, 0.03], [-0.25, 0.004, 0.06]],
  [1, 2],
  4,
];

/** Whether `a` and `b` agree within {@link ROUNDING}, value by value (NaN with NaN). */
function near(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => isClose(x, b[i], ROUNDING));
}

/**
 * The mistake that `got`, the learner's `key` after the run `steps`, shows: of `candidates`
 * (by default every mistake of the update), the first whose value it matches (one that gives
 * microgpt's value cannot explain a failure; `D.order` is microgpt's value within rounding),
 * confirmed on {@link PROBE}.
 */
function confirmed(
  run: Run,
  steps: Steps,
  key: keyof State,
  got: readonly number[],
  candidates: readonly Diagnosis[] = VARIANTS.map(([d]) => d),
): Diagnosis | undefined {
  const expected = plainAdam(...steps)[key];
  const matching = candidates.filter((d) => {
    const twin = plainAdam(...steps, variantOf(d))[key];
    return near(got, twin) && (d === D.order || !near(expected, twin));
  });
  return onProbe(run, matching);
}

/** The change to the plain-number Adam that mistake `d` makes. */
function variantOf(d: Diagnosis): Variant {
  return VARIANTS.find(([v]) => v === d)?.[1] ?? {};
}

/**
 * The first of `candidates` that the learner's run on {@link PROBE} confirms: its parameters,
 * m and v are the mistake's there (`D.gradsKept`: its grads are the last ones set).
 */
function onProbe(
  run: Run,
  candidates: readonly Diagnosis[],
): Diagnosis | undefined {
  if (candidates.length === 0) return undefined;
  try {
    const { opt, params } = run(...PROBE);
    const got = { params, m: [...opt.m], v: [...opt.v] };
    return candidates.find((d) => {
      if (d === D.gradsKept) {
        return near(
          opt.params.map((p) => p.grad),
          PROBE[1][PROBE[1].length - 1],
        );
      }
      const twin = plainAdam(...PROBE, variantOf(d));
      return (["params", "m", "v"] as const).every((key) =>
        near(got[key], twin[key])
      );
    });
  } catch {
    return undefined;
  }
}
