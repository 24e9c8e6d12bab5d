/**
 * Kata 12 · efficiency: the property suite, run on `katas/12_efficiency` and
 * `solutions/12_efficiency`, each with its own tree's katas 01–11.
 *
 * The reference is the scalar engine of the same tree (katas 02–11: `Value`, `backward`,
 * `linear`, `softmax`, `rmsnorm`, `gpt`, `documentLoss`), which the prerequisite gate has
 * already proven against the suites of katas 01–11: the Float64Array engine must compute
 * the same thing. Each backward pass is checked on its own first (linear, rmsnorm and
 * softmax, on reals of a grid of step 1/128, so that their products are exact), each
 * against the gradient of its scalar version's outputs reduced with random weights, and
 * each adding to the gradients it is handed. Then the layers, through the given
 * `gptForward` and `gptBackward` on tiny random models, then the loss and its gradient on
 * documents shorter and longer than the block, and twice in a row. Losses must equal kata
 * 11's bit for bit (the forward pass is microgpt's floats, op for op). Gradients add the
 * same contributions in another order, so they must agree up to what rounding can do to
 * those sums (`roundingBound`): a bound that grows with the size of the model and with
 * Σ|terms| of each gradient, which dwarfs the gradient itself where terms cancel (an
 * rmsnorm of one component, whose output is ±1 whatever its input).
 *
 * A wrong gradient of a model says where the error enters: `efficiency_stages.ts` replays the
 * backward pass one call of the learner's at a time against the backward pass of the given
 * forward tapes, from the logits down, and names the first gradient that differs and the
 * learner's code that computes it. A failure that fast-check shrinks to a model too small for
 * the structure to show (nEmbd under 4, one head, one position) is checked again on one where
 * it shows (nEmbd 4 in 2 heads, 3 positions or more), and that case is reported when it fails
 * too.
 *
 * @module
 */
import fc from "fast-check";
import { Random } from "../../lib/random.ts";
import type { GptConfig } from "../../solutions/08_gpt/gpt.ts";
import type * as EfficiencyModule from "../../solutions/12_efficiency/efficiency.ts";
import { layout } from "./gpt_suite.ts";
import {
  CheckFailure,
  count,
  describeModel,
  diagnoses,
  type Diagnosis,
  ensure,
  isClose,
  list,
  type Mistake,
  type ModelConfig,
  modelConfigs,
  prerequisite,
  property,
  reals,
  ROUNDING,
  sequences,
  suite,
  weighted,
  weights,
  whichMistake,
} from "../harness/harness.ts";
import {
  beyond,
  bounds,
  lossLogits,
  offBy,
  referenceBackward,
  roundings,
  type Variant,
  walk,
  walkLoss,
} from "./efficiency_stages.ts";
import { type TrainImpl, trainSuite } from "./train_suite.ts";

/** The modules kata 12 uses: its own `efficiency.ts`, and the same tree's katas 01–11. */
export interface EfficiencyImpl extends TrainImpl {
  /** `efficiency.ts` */
  readonly efficiency: typeof EfficiencyModule;
}

type Node = EfficiencyImpl["value"]["Value"]["prototype"];
type FastGpt = EfficiencyModule.FastGpt;
type ScalarGpt = ReturnType<EfficiencyImpl["gpt"]["createGpt"]>;

/** Random sizes: 1–2 heads of 1–2 components, 1–2 layers, a block of 2–5, 2–5 tokens. */
const configs = modelConfigs({ minBlockSize: 2, maxBlockSize: 5 });

/**
 * A matrix of 1–5 rows of 1–5 columns, an input, random weights of the outputs, and the
 * gradients already in w.grad and dx.
 */
const linearCases = fc.record({
  rows: fc.integer({ min: 1, max: 5 }),
  cols: fc.integer({ min: 1, max: 5 }),
}).chain(({ rows, cols }) =>
  fc.record({
    rows: fc.constant(rows),
    cols: fc.constant(cols),
    x: reals(cols, -2, 2),
    w: reals(rows * cols, -2, 2),
    dOut: weights(rows),
    wGrad: reals(rows * cols, -2, 2),
    dx: reals(cols, -2, 2),
  })
);
/** A case of {@link linearCases}: w is `rows` × `cols`, row by row. */
interface LinearCase {
  readonly rows: number;
  readonly cols: number;
  readonly x: number[];
  readonly w: number[];
  readonly dOut: number[];
  readonly wGrad: number[];
  readonly dx: number[];
}

/** A vector of 1–6 reals, random weights of the outputs, and the gradients already in dx. */
const rmsnormCases = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({ x: reals(n, -2, 2), dOut: weights(n), dx: reals(n, -2, 2) })
);

/** 1–6 logits, random weights of the probabilities, and the gradients already in dLogits. */
const softmaxCases = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    logits: reals(n),
    dProbs: weights(n),
    dLogits: reals(n, -2, 2),
  })
);

/** A model, a seed for its weights, and 1 to blockSize tokens to feed it. */
const modelSequences = sequences(configs);

/** A model, its weights (grid reals from `seed`) and a document for it. */
const documents = fc.record({
  c: configs,
  seed: fc.nat(),
  more: fc.integer({ min: -4, max: 2 }),
}).chain(({ c, seed, more }) =>
  fc.record({
    c: fc.constant(c),
    seed: fc.constant(seed),
    chars: fc.array(fc.integer({ min: 0, max: c.vocabSize - 2 }), {
      // Shorter than the block, or longer (up to 3 more than it takes).
      minLength: Math.max(0, c.blockSize + more),
      maxLength: Math.max(0, c.blockSize + more),
    }),
  })
).map(({ c, seed, chars }) => ({
  c,
  seed,
  tokens: [c.vocabSize - 1, ...chars, c.vocabSize - 1],
}));

/** A model, a seed and tokens, from {@link modelSequences} or {@link documents}. */
interface Sequence {
  readonly c: ModelConfig;
  readonly seed: number;
  readonly tokens: number[];
}

/** The mistakes kata 12's suite names. */
export const D = diagnoses("12_efficiency", {
  assigned:
    "= where += belongs: a backward pass adds to the gradients it is handed, as kata 03's backward adds to grad (the same input may be used elsewhere too); write w.grad[i] += …, dx[c] += …",
  swappedLocal:
    "the local gradients of the product swapped: d(w[r][c]·x[c])/d(w[r][c]) is x[c] and d/d(x[c]) is w[r][c], so w.grad[i] += x[c]·dOut[r] and dx[c] += w[r][c]·dOut[r]",
  transposed:
    "w read as if stored column by column: w[r][c] is w.data[r·cols + c], the same index i as its w.grad",
  constantScale:
    "the scale treated as a constant: every x[i] also moves the scale that all the outputs share, so add 2·x[i]·d(loss)/d(Σ x²), where d(loss)/d(Σ x²) = −0.5·(ms + 1e-5)^-1.5·(Σ x[j]·dOut[j]) / n",
  noTwo:
    "d(x²)/dx taken as x: it is 2·x, so the part through the scale is 2·x[i]·d(loss)/d(Σ x²)",
  noDot:
    "softmax treated as elementwise, p[j]·dProbs[j]: every probability depends on every logit, so dLogits[j] += p[j]·(dProbs[j] − Σ_i p[i]·dProbs[i])",
  diagonal:
    "p(1 − p) for every entry: that is d p[j]/d z[j] alone, but every other p[i] moves with z[j] too (by −p[i]·p[j]), so dLogits[j] += p[j]·(dProbs[j] − Σ_i p[i]·dProbs[i])",
  noMlpResidual:
    "the residual around the MLP left out of the backward pass: out = fc2(…) + xMid, so d(loss)/d(xMid) starts as dx (dXMid.set(dx)) and rmsnorm's gradient is added to it",
  reluInverted:
    "relu's mask the wrong way round: the gradient passes where hidden > 0 and is 0 where hidden ≤ 0",
  noInverseRoot:
    "the 1/√headDim left out of the scores' gradient: score = (q·k)·inverseRoot, so d(score)/d(q·k) = inverseRoot",
  scratchKept:
    "a scratch vector (dHidden, dXMidNorm, dXAttn, dQ or dXNorm) added to without being zeroed first: it still holds the previous position's or layer's gradient; fill it with 0 before the linearBackward that adds to it",
  ownCache:
    "the gradients of earlier positions' keys and values added to this position's own dK and dV: query t reads key s and value s of every position s ≤ t, so their gradients go to tapes[s]'s dK and dV",
  gradOfSum:
    "the gradient of the sum of the −log p, not of their mean: each position's d(loss)/d(−log p) is 1/n",
  currentTarget:
    "the gradient for the token fed in, not the next one: at position t the target is tokens[t + 1], in the backward pass as in the forward one",
  lossSum:
    "the sum of the −log p returned, not their mean: multiply it by 1 / n",
  divideByN:
    "the mean as total / n: microgpt multiplies, total * (1 / n), as kata 11's sum(losses).mul(1 / n), and the two can differ in the last bit",
  gradReset:
    "model.grad reset by lossAndGrad: it adds the document's gradient to what model.grad holds, as backward adds to grad (kata 03); FastAdam.step sets them back to 0",
});

/** Kata 12's suite. */
export const efficiencySuite = suite<EfficiencyImpl>({
  kata: "12_efficiency",
  diagnoses: D,
  prerequisites: (impl) => [
    ...trainSuite.prerequisites!(impl), // 01–10
    prerequisite(trainSuite, impl),
  ],
  properties: (impl) => [
    property(
      "linearBackward adds the scalar engine's gradients to w.grad and dx",
      linearCases,
      (c) => linearBackwardAdds(impl, c),
    ),
    property(
      "rmsnormBackward adds the scalar engine's gradient to dx",
      rmsnormCases,
      ({ x, dOut, dx }) => rmsnormBackwardAdds(impl, x, dOut, dx),
    ),
    property(
      "softmaxBackward adds the scalar engine's gradient to dLogits",
      softmaxCases,
      ({ logits, dProbs, dLogits }) =>
        softmaxBackwardAdds(impl, logits, dProbs, dLogits),
    ),
    property(
      "through gptBackward, layerBackward gives every weight the scalar engine's gradient",
      modelSequences,
      (s) => layersMatch(impl, s),
      { numRuns: 40 },
    ),
    property(
      "lossAndGrad returns kata 11's documentLoss bit for bit and adds its gradient to model.grad, on documents shorter and longer than the block",
      documents,
      (s) => lossMatches(impl, s),
      { numRuns: 40 },
    ),
    property(
      "lossAndGrad twice on the same document gives the same loss, and adds its gradient twice to what model.grad held",
      documents,
      (s) => addsTwice(impl, s),
      { numRuns: 20 },
    ),
  ],
});

// The scalar engine's side, and the helpers of the comparison.

/** `n` reals of the grid of step 1/128 in [−max, max], drawn from `rng`. */
function gridDraws(rng: Random, n: number, max = 1): number[] {
  const steps = 2 * 128 * max;
  return Array.from(
    { length: n },
    () => (Math.floor(rng.random() * steps) - steps / 2 + 0.5) / 128,
  );
}

/** How many weights a model of `c` has. */
const sizeOf = (c: GptConfig) =>
  layout(c).reduce((n, [, rows, cols]) => n + rows * cols, 0);

/**
 * Every weight as `[its index in params, its name]` (`"layer0.attn_wq[1][0]"`), in the order
 * the backward pass reaches them: lm_head, the layers from the last (fc2 first, wq last),
 * then wpe and wte. The first wrong gradient in this order is the nearest to the mistake.
 */
function backwardOrder(c: GptConfig): [number, string][] {
  const at = new Map<string, [number, number, number]>();
  let start = 0;
  for (const [name, rows, cols] of layout(c)) {
    at.set(name, [start, rows, cols]);
    start += rows * cols;
  }
  const names = ["lm_head"];
  for (let li = c.nLayer - 1; li >= 0; li--) {
    for (const m of ["mlp_fc2", "mlp_fc1", "attn_wo", "attn_wv", "attn_wk"]) {
      names.push(`layer${li}.${m}`);
    }
    names.push(`layer${li}.attn_wq`);
  }
  names.push("wpe", "wte");
  return names.flatMap((name) => {
    const [from, rows, cols] = at.get(name)!;
    return Array.from(
      { length: rows * cols },
      (_, i): [number, string] => [
        from + i,
        `${name}[${Math.floor(i / cols)}][${i % cols}]`,
      ],
    );
  });
}

/** `xs` + `ys`, elementwise. */
const plus = (xs: ArrayLike<number>, ys: ArrayLike<number>) =>
  Array.from(xs, (x, i) => x + ys[i]);

/** The most roundings on one path of a backward rule whose longest sum has `n` terms. */
const ruleRoundings = (n: number) => 2 * n + 16;

/**
 * A known mistake, the values it gives, and what rounding can do to each (as computed by
 * {@link bounds}, from the mistake's own Σ|terms|).
 */
type Probe = readonly [Diagnosis, readonly number[], readonly number[]];

/** `mistakes`, whose values each have the same bounds as the expected ones, as probes. */
const asProbes = (mistakes: readonly Mistake[], allowed: readonly number[]) =>
  mistakes.map(([d, values]): Probe => [d, values as number[], allowed]);

/**
 * The first of `probes` whose values `actual` matches up to rounding, leaving out those that
 * give `expected` too: they cannot explain the difference.
 */
function whichProbe(
  actual: ArrayLike<number>,
  expected: readonly number[],
  probes: readonly Probe[],
): Diagnosis | undefined {
  const differs = (
    xs: ArrayLike<number>,
    ys: readonly number[],
    a: readonly number[],
  ) => ys.some((y, k) => beyond(xs[k], y, a[k]));
  return probes.find(([, values, allowed]) =>
    differs(values, expected, allowed) && !differs(actual, values, allowed)
  )?.[0];
}

/**
 * Throws a {@link CheckFailure} unless every value of `got` is `expected`'s up to what
 * rounding can do (`allowed`), naming the first that is not and how far off it is; `probes`
 * name the mistake.
 */
function assertAdded(
  got: ArrayLike<number>,
  expected: readonly number[],
  allowed: readonly number[],
  what: string,
  probes: readonly Probe[],
): void {
  const i = expected.findIndex((x, k) => beyond(got[k], x, allowed[k]));
  if (i < 0) return;
  throw new CheckFailure(
    `${what}: at index ${i} expected ${expected[i]}, got ${got[i]}, ${
      offBy(got[i], expected[i], allowed[i])
    }`,
    whichProbe(got, expected, probes),
  );
}

/** How a gradient failure names its mistake and its place, and what it compares with. */
interface GradsOptions {
  /** The known mistakes, computed only on failure. */
  readonly probes: () => readonly Probe[];
  /** Where the error enters, computed only on failure (see `efficiency_stages.ts`). */
  readonly where?: () => string | undefined;
  /** What the expected gradients are. */
  readonly source?: string;
}

/**
 * The failure naming the first weight the backward pass reaches whose gradient in `got` is
 * farther from `expected` than rounding can take it (`allowed`), and where the error enters;
 * `probes` name the mistake. `undefined` when every gradient is right.
 */
function gradsFailure(
  got: Float64Array,
  expected: readonly number[],
  allowed: readonly number[],
  c: GptConfig,
  what: string,
  {
    probes,
    where = () => undefined,
    source = "the scalar engine's (katas 02–11)",
  }: GradsOptions,
): CheckFailure | undefined {
  const wrong = backwardOrder(c).find(([k]) =>
    beyond(got[k], expected[k], allowed[k])
  );
  if (wrong === undefined) return undefined;
  const [i, name] = wrong;
  const diagnosis = whichProbe(got, expected, probes());
  const entry = where();
  return new CheckFailure(
    `${what}: d(loss)/d(${name}) is ${got[i]} in model.grad[${i}], expected ${
      expected[i]
    }, ${source}: ${offBy(got[i], expected[i], allowed[i])}${
      entry === undefined ? "" : `\n    where the error enters: ${entry}`
    }`,
    diagnosis,
  );
}

/**
 * Whether a model and its n positions are too small for the structure of the backward pass
 * to show: on one component rmsnorm makes every vector ±1, one head has no other to mix
 * with, one position reads no cache, and mistakes there can differ in the 11th digit.
 */
const tooSmall = (c: ModelConfig, n: number) =>
  c.nEmbd < 4 || c.nHead < 2 || n < 2;

/**
 * The case `s` on a model where the structure shows: nEmbd 4 in 2 heads, a block of 3 or
 * more, and at least 3 positions (`document`: 2 letters or more between the BOSes), with the
 * same layers, vocabulary and seed.
 */
function structured(s: Sequence, document: boolean): Sequence {
  const c = {
    ...s.c,
    nEmbd: 4,
    nHead: 2,
    blockSize: Math.max(s.c.blockSize, 3),
  };
  if (!document) {
    const tokens = [...s.tokens];
    while (tokens.length < 3) tokens.push(tokens.length % c.vocabSize);
    return { c, seed: s.seed, tokens };
  }
  const chars = s.tokens.slice(1, -1);
  while (chars.length < 2) chars.push(chars.length % (c.vocabSize - 1));
  const bos = c.vocabSize - 1;
  return { c, seed: s.seed, tokens: [bos, ...chars, bos] };
}

/**
 * `failure`, of case `s` with `n` positions; or, when that model is too small for the
 * structure to show ({@link tooSmall}) and the same check fails on one where it shows
 * (`again`, on {@link structured}), that failure, saying why it is the one shown.
 */
function shown(
  failure: CheckFailure,
  { c }: Sequence,
  n: number,
  again: () => CheckFailure | undefined,
): CheckFailure {
  if (!tooSmall(c, n)) return failure;
  let other: CheckFailure | undefined;
  try {
    other = again();
  } catch {
    // The learner's code throws on the larger model: the smallest case says more.
  }
  if (other === undefined) return failure;
  const small = [
    ...(c.nEmbd < 4 ? [`nEmbd ${c.nEmbd}`] : []),
    ...(c.nHead < 2 ? ["1 head"] : []),
    ...(n < 2 ? ["1 position"] : []),
  ];
  return new CheckFailure(
    `${other.problem}\n    (the smallest failing case, the input below, fails too, but with ${
      small.length > 1
        ? `${small.slice(0, -1).join(", ")} and ${small.at(-1)}`
        : small[0]
    } it is too small for the backward pass's structure to show: this is the same check on the larger case above, from the same seed)`,
    other.diagnosis,
  );
}

/** Leaves of the scalar engine holding `xs`. */
function leaves({ value: { Value } }: EfficiencyImpl, xs: readonly number[]) {
  return xs.map((x) => new Value(x));
}

const f64 = (xs: readonly number[]) => new Float64Array(xs);

/** A scalar model of `c` whose weights are `data`, in `params` order. */
function scalarModel(
  { gpt: { createGpt } }: EfficiencyImpl,
  c: GptConfig,
  data: readonly number[],
): ScalarGpt {
  const model = createGpt(c, new Random(0));
  model.params.forEach((p, i) => p.data = data[i]);
  return model;
}

/** The logits of every position of `tokens`, one scalar `gpt` call each. */
function scalarLogits(
  { gpt: { gpt } }: EfficiencyImpl,
  model: ScalarGpt,
  tokens: readonly number[],
): Node[][] {
  const { nLayer } = model.config;
  const keys: Node[][][] = Array.from({ length: nLayer }, () => []);
  const values: Node[][][] = Array.from({ length: nLayer }, () => []);
  return tokens.map((t, pos) => gpt(model, t, pos, keys, values));
}

/**
 * microgpt's loss of `tokens` on the scalar engine, with the gradient of every weight,
 * `current`: with the token fed in as each position's target, a known mistake.
 */
function scalarLoss(
  impl: EfficiencyImpl,
  c: GptConfig,
  data: readonly number[],
  tokens: readonly number[],
  current = false,
): { total: number; grads: number[] } {
  const { backward: { backward }, linear: { sum }, softmax: { softmax } } =
    impl;
  const model = scalarModel(impl, c, data);
  const n = Math.min(c.blockSize, tokens.length - 1);
  const terms = scalarLogits(impl, model, tokens.slice(0, n)).map((
    logits,
    p,
  ) => softmax(logits)[tokens[current ? p : p + 1]].log().neg());
  const total = sum(terms);
  backward(total.mul(1 / n));
  return { total: total.data, grads: model.params.map((p) => p.grad) };
}

/**
 * Σ|terms| of each gradient lossAndGrad adds for `tokens` on weights `data` (`current`: with
 * the token fed in as each position's target), from the given forward pass.
 */
function lossMagnitudes(
  { efficiency }: EfficiencyImpl,
  c: GptConfig,
  data: readonly number[],
  tokens: readonly number[],
  current = false,
): number[] {
  const { model, magnitudes } = lossLogits(
    efficiency,
    c,
    data,
    tokens,
    current,
  );
  return referenceBackward(model, magnitudes.length, magnitudes, {
    magnitudes: true,
  });
}

const lossCall = (c: GptConfig, tokens: readonly number[]) =>
  `lossAndGrad(model, [${tokens.join(", ")}]) ${describeModel(c)}`;

// What the properties check, in the list's order.

function linearBackwardAdds(
  impl: EfficiencyImpl,
  { rows, cols, x, w, dOut, wGrad, dx }: LinearCase,
): void {
  const { backward: { backward }, linear: { linear } } = impl;
  const xs = leaves(impl, x);
  const ws = Array.from(
    { length: rows },
    (_, r) => leaves(impl, w.slice(r * cols, (r + 1) * cols)),
  );
  backward(weighted(linear(xs, ws), dOut));
  const wg = ws.flat().map((v) => v.grad);
  const xg = xs.map((v) => v.grad);
  const m = { rows, cols, data: f64(w), grad: f64(wGrad) };
  const dxGot = f64(dx);
  impl.efficiency.linearBackward(f64(x), m, f64(dOut), dxGot);
  const what =
    `linearBackward(x, w, dOut, dx) with w of ${count(rows, "row")} × ${
      count(cols, "column")
    }, ` +
    `after which w.grad and dx should hold what they held plus d(Σ_r dOut[r]·out[r])`;
  const colSums = (term: (r: number, c: number) => number) =>
    x.map((_, c) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += term(r, c);
      return s;
    });
  // On the grid, every product and sum here is exact: the bounds only make the rule uniform.
  const k = ruleRoundings(rows);
  const wAllowed = bounds(
    wGrad.map((g, i) =>
      Math.abs(g) + Math.abs(x[i % cols] * dOut[Math.floor(i / cols)])
    ),
    k,
  );
  assertAdded(
    m.grad,
    plus(wGrad, wg),
    wAllowed,
    `${what}: w.grad, row by row`,
    asProbes([
      [D.assigned, wg],
      [
        D.swappedLocal,
        wGrad.map((g, i) => g + w[i] * dOut[Math.floor(i / cols)]),
      ],
    ], wAllowed),
  );
  const dxAllowed = bounds(
    plus(
      dx.map(Math.abs),
      colSums((r, c) => Math.abs(w[r * cols + c] * dOut[r])),
    ),
    k,
  );
  assertAdded(
    dxGot,
    plus(dx, xg),
    dxAllowed,
    `${what}: dx`,
    asProbes([
      [D.assigned, xg],
      [D.transposed, plus(dx, colSums((r, c) => w[c * rows + r] * dOut[r]))],
      [D.swappedLocal, plus(dx, colSums((r, c) => x[c] * dOut[r]))],
    ], dxAllowed),
  );
}

function rmsnormBackwardAdds(
  impl: EfficiencyImpl,
  x: number[],
  dOut: number[],
  dx: number[],
): void {
  const { backward: { backward }, rmsnorm: { rmsnorm } } = impl;
  const xs = leaves(impl, x);
  backward(weighted(rmsnorm(xs), dOut));
  const xg = xs.map((v) => v.grad);
  const got = f64(dx);
  impl.efficiency.rmsnormBackward(f64(x), f64(dOut), got);
  const n = x.length;
  const ms = x.reduce((s, xi) => s + xi * xi, 0) / n;
  const scale = (ms + 1e-5) ** -0.5;
  const dScale = x.reduce((s, xi, i) => s + xi * dOut[i], 0);
  const dSquares = (-0.5 * (ms + 1e-5) ** -1.5 * dScale) / n;
  // The two ways through x[i] nearly cancel when one component dominates.
  const through = x.reduce((s, xi, i) => s + Math.abs(xi * dOut[i]), 0);
  const allowed = bounds(
    x.map((xi, i) =>
      Math.abs(dx[i]) + scale * Math.abs(dOut[i]) +
      Math.abs(xi) * (ms + 1e-5) ** -1.5 * through / n
    ),
    ruleRoundings(n),
  );
  // Each mistake drops or halves terms: its Σ|terms| is within the expected one's.
  assertAdded(
    got,
    plus(dx, xg),
    allowed,
    `rmsnormBackward(x, dOut, dx): dx, which should hold what it held plus d(Σ_i dOut[i]·out[i])/dx`,
    asProbes([
      [D.assigned, xg],
      [D.constantScale, dx.map((d, i) => d + scale * dOut[i])],
      [D.noTwo, dx.map((d, i) => d + scale * dOut[i] + x[i] * dSquares)],
    ], allowed),
  );
}

function softmaxBackwardAdds(
  impl: EfficiencyImpl,
  logits: number[],
  dProbs: number[],
  dLogits: number[],
): void {
  const { backward: { backward }, softmax: { softmax } } = impl;
  const zs = leaves(impl, logits);
  const probs = softmax(zs);
  backward(weighted(probs, dProbs));
  const zg = zs.map((v) => v.grad);
  const p = probs.map((v) => v.data);
  const got = f64(dLogits);
  impl.efficiency.softmaxBackward(f64(p), f64(dProbs), got);
  const dot = p.reduce((s, pi, i) => s + pi * Math.abs(dProbs[i]), 0);
  const allowed = bounds(
    p.map((pj, j) => Math.abs(dLogits[j]) + pj * (Math.abs(dProbs[j]) + dot)),
    ruleRoundings(p.length),
  );
  // Each mistake drops terms: its Σ|terms| is within the expected one's.
  assertAdded(
    got,
    plus(dLogits, zg),
    allowed,
    `softmaxBackward(probs = softmax([${
      logits.join(", ")
    }]), dProbs, dLogits): dLogits, which should hold what it held plus d(Σ_i dProbs[i]·probs[i])/d(logits)`,
    asProbes([
      [D.assigned, zg],
      [D.noDot, dLogits.map((d, j) => d + p[j] * dProbs[j])],
      [D.diagonal, dLogits.map((d, j) => d + p[j] * (1 - p[j]) * dProbs[j])],
    ], allowed),
  );
}

function layersMatch(impl: EfficiencyImpl, s: Sequence): void {
  const failure = layersFailure(impl, s);
  if (failure === undefined) return;
  throw shown(
    failure,
    s,
    s.tokens.length,
    () => layersFailure(impl, structured(s, false)),
  );
}

/** How layersMatch fails on case `s`, if it does. */
function layersFailure(
  impl: EfficiencyImpl,
  { c, seed, tokens }: Sequence,
): CheckFailure | undefined {
  const { createFastGpt, gptForward, gptBackward } = impl.efficiency;
  const rng = new Random(seed);
  const data = gridDraws(rng, sizeOf(c));
  const n = tokens.length;
  const dL = tokens.map(() => gridDraws(rng, c.vocabSize, 2));
  const scalar = scalarModel(impl, c, data);
  impl.backward.backward(
    weighted(scalarLogits(impl, scalar, tokens).flat(), dL.flat()),
  );
  const model = createFastGpt(c, new Random(0), f64(data));
  tokens.forEach((t, pos) => gptForward(model, t, pos));
  const allowed = bounds(
    referenceBackward(model, n, dL, { magnitudes: true }),
    roundings(c),
  );
  gptBackward(model, n, (t, _tape, dLogits) => {
    for (let i = 0; i < dLogits.length; i++) dLogits[i] += dL[t][i];
  });
  return gradsFailure(
    model.grad,
    scalar.params.map((p) => p.grad),
    allowed,
    c,
    `gptForward of tokens [${tokens.join(", ")}] at positions 0..${
      n - 1
    } on a model ${
      describeModel(c)
    } with random weights, then gptBackward with random d(loss)/d(logits) (both from seed ${seed})`,
    {
      probes: () => layerMistakes(model, n, dL, roundings(c)),
      where: () => walk(impl.efficiency, c, data, tokens, dL, dL),
    },
  );
}

function lossMatches(impl: EfficiencyImpl, s: Sequence): void {
  const { c, tokens } = s;
  const run = lossRun(impl, s);
  const { data, got, expected } = run;
  const what = lossCall(c, tokens);
  ensure(
    got === expected,
    () =>
      `${what} returned the loss ${got}, expected ${expected}, as kata 11's documentLoss${
        isClose(got, expected, ROUNDING)
          ? ": the same up to rounding, but the loss must be microgpt's floats, op for op (softmax, then Math.log(p) * -1 of each target, summed from 0, times 1 / n)"
          : `: ${offBy(got, expected)}`
      }`,
    () => lossMistake(impl, c, data, tokens, got, expected),
  );
  const failure = lossGradFailure(impl, s, run);
  if (failure === undefined) return;
  throw shown(failure, s, Math.min(c.blockSize, tokens.length - 1), () => {
    const larger = structured(s, true);
    return lossGradFailure(impl, larger, lossRun(impl, larger));
  });
}

/** lossAndGrad of case `s` on a new model, and kata 11's documentLoss with its gradient. */
interface LossRun {
  /** The weights, in `params` order. */
  readonly data: readonly number[];
  /** The scalar model, whose `grad`s hold documentLoss's gradient. */
  readonly scalar: ScalarGpt;
  /** The fast model, after lossAndGrad. */
  readonly model: FastGpt;
  /** What lossAndGrad returned. */
  readonly got: number;
  /** What documentLoss gave. */
  readonly expected: number;
}

function lossRun(impl: EfficiencyImpl, { c, seed, tokens }: Sequence): LossRun {
  const data = gridDraws(new Random(seed), sizeOf(c));
  const scalar = scalarModel(impl, c, data);
  const expectedLoss = impl.train.documentLoss(scalar, tokens);
  impl.backward.backward(expectedLoss);
  const model = impl.efficiency.createFastGpt(c, new Random(0), f64(data));
  const got = impl.efficiency.lossAndGrad(model, tokens);
  return { data, scalar, model, got, expected: expectedLoss.data };
}

/**
 * How the gradient that lossAndGrad added to a model whose gradients were 0 (`run`) differs
 * from the scalar engine's, if it does.
 */
function lossGradFailure(
  impl: EfficiencyImpl,
  { c, tokens }: Sequence,
  { data, model, scalar }: LossRun,
): CheckFailure | undefined {
  const n = Math.min(c.blockSize, tokens.length - 1);
  const left = leftOver(model);
  const k = roundings(c);
  const allowed = bounds(lossMagnitudes(impl, c, data, tokens), k);
  return gradsFailure(
    model.grad,
    scalar.params.map((p) => p.grad),
    allowed,
    c,
    `${lossCall(c, tokens)}, on a model whose gradients were 0`,
    {
      probes: () => [
        [
          D.gradOfSum,
          scalar.params.map((p) => p.grad * n),
          allowed.map((a) => a * n),
        ],
        [
          D.currentTarget,
          scalarLoss(impl, c, data, tokens, true).grads,
          bounds(lossMagnitudes(impl, c, data, tokens, true), k),
        ],
      ],
      where: () => walkLoss(impl.efficiency, c, data, tokens, left),
    },
  );
}

/** What lossAndGrad's callback left in `model`'s scratch: position 0's dProbs and dLogits. */
const leftOver = (model: FastGpt) => ({
  dProbs: Float64Array.from(model.scratch.dProbs),
  dLogits: Float64Array.from(model.scratch.dLogits),
});

function addsTwice(impl: EfficiencyImpl, s: Sequence): void {
  const failure = twiceFailure(impl, s);
  if (failure === undefined) return;
  const { c, tokens } = s;
  throw shown(
    failure,
    s,
    Math.min(c.blockSize, tokens.length - 1),
    () => twiceFailure(impl, structured(s, true)),
  );
}

/** How addsTwice fails on case `s`, if it does: thrown when the two losses differ. */
function twiceFailure(
  impl: EfficiencyImpl,
  { c, seed, tokens }: Sequence,
): CheckFailure | undefined {
  const rng = new Random(seed);
  const data = gridDraws(rng, sizeOf(c));
  const before = gridDraws(rng, data.length);
  const { grads } = scalarLoss(impl, c, data, tokens);
  const { createFastGpt, lossAndGrad } = impl.efficiency;
  const model = createFastGpt(c, new Random(0), f64(data));
  model.grad.set(before);
  const what = lossCall(c, tokens);
  const first = lossAndGrad(model, tokens);
  const second = lossAndGrad(model, tokens);
  ensure(
    second === first,
    () =>
      `${what} returned ${first}, then ${second} for the same document and weights`,
  );
  const left = leftOver(model);
  const k = roundings(c);
  const magnitudes = lossMagnitudes(impl, c, data, tokens);
  return gradsFailure(
    model.grad,
    before.map((b, i) => b + 2 * grads[i]),
    bounds(before.map((b, i) => Math.abs(b) + 2 * magnitudes[i]), k),
    c,
    `${what}, called twice on a model whose model.grad held ${
      list(before.slice(0, 3))
    }…: model.grad should hold that plus twice the document's gradient`,
    {
      probes: () => [[D.gradReset, grads, bounds(magnitudes, k)]],
      // Where one call goes wrong; not how two add up, which the diagnosis names.
      where: () =>
        walkLoss(impl.efficiency, c, data, tokens, left, { inside: true }),
      source: "what it held plus twice the scalar engine's gradient",
    },
  );
}

// Probes: what a planted mistake would compute, to confirm the diagnosis of a failure.

/**
 * Which mistake gave the loss `got` where kata 11's documentLoss gives `expected`: the mean
 * taken as total / n (the scalar engine's total, once more), or the sum.
 */
function lossMistake(
  impl: EfficiencyImpl,
  c: GptConfig,
  data: readonly number[],
  tokens: readonly number[],
  got: number,
  expected: number,
): Diagnosis | undefined {
  const n = Math.min(c.blockSize, tokens.length - 1);
  const { total } = scalarLoss(impl, c, data, tokens);
  return got === total / n && total / n !== expected
    ? D.divideByN
    : whichMistake(got, [[D.lossSum, expected * n]]);
}

/**
 * The gradients the known mistakes in layerBackward would give, from {@link referenceBackward},
 * each with what rounding can do to it on a model with `k` roundings on a path.
 */
function layerMistakes(
  model: FastGpt,
  n: number,
  dL: readonly (readonly number[])[],
  k: number,
): Probe[] {
  const variants: [Diagnosis, Variant][] = [
    [D.noMlpResidual, { noMlpResidual: true }],
    [D.reluInverted, { reluInverted: true }],
    [D.noInverseRoot, { noInverseRoot: true }],
    [D.ownCache, { ownCache: true }],
    ...(["dHidden", "dXMidNorm", "dXAttn", "dQ", "dXNorm"] as const)
      .map((kept): [Diagnosis, Variant] => [D.scratchKept, { kept }]),
  ];
  return variants.map(([d, v]) => [
    d,
    referenceBackward(model, n, dL, v),
    bounds(referenceBackward(model, n, dL, { ...v, magnitudes: true }), k),
  ]);
}
