/**
 * Kata 08 · gpt: the property suite, run on `katas/08_gpt` and `solutions/08_gpt`, each with
 * its own tree's katas 02–07.
 *
 * The parameters are checked first (the draws of `matrix`, the state dict's names, order and
 * shapes, microgpt.py's own values for seed 42), then the forward pass: the logits' length, a
 * fresh model's loss, every logit against a plain-number GPT that takes the whole sequence at
 * once with a causal mask (written here, on `tests/harness/reference.ts`), and gradients.
 *
 * When the logits differ, the case fast-check shrank to (often nEmbd 1, where rmsnorm turns
 * every vector into ±1) is checked again on nEmbd 4 with 2 heads, and the failure says where
 * the error enters (`whereItGoesWrong`): the learner's gpt runs again with no layers, with
 * fewer layers, or with some of a layer's matrices zeroed, each against the plain GPT on the
 * same weights, and the first part that differs is named as the learner wrote it.
 *
 * @module
 */
import fc from "fast-check";
import { Random } from "../../lib/random.ts";
import type * as GptModule from "../../solutions/08_gpt/gpt.ts";
import { type AttentionImpl, attentionSuite } from "./attention_suite.ts";
import {
  assertClose,
  BITS,
  check,
  CheckFailure,
  checkGradients,
  count,
  describeModel,
  diagnoses,
  type Diagnosis,
  ensure,
  type Mistake,
  modelConfigs,
  prerequisite,
  property,
  ROUNDING,
  sequences,
  suite,
  whichMistake,
} from "../harness/harness.ts";
import { linearPrerequisites } from "./linear_suite.ts";
import INIT from "../data/gpt_init_seed42.json" with { type: "json" };
import {
  causalAttention,
  type Matrix,
  matVec,
  plainRmsnorm,
  plainSoftmax,
  plainSum,
} from "../harness/reference.ts";
import { type RmsnormImpl, rmsnormSuite } from "./rmsnorm_suite.ts";
import { softmaxSuite } from "./softmax_suite.ts";

/** The modules kata 08 uses: its own `gpt.ts`, and the same tree's katas 02–07. */
export interface GptImpl extends AttentionImpl, RmsnormImpl {
  /** `gpt.ts` */
  readonly gpt: typeof GptModule;
}

type Node = GptImpl["value"]["Value"]["prototype"];
type Config = GptModule.GptConfig;

/** The state dict's names, in microgpt's order, and each matrix's shape. */
export function layout(c: Config): [string, number, number][] {
  const n = c.nEmbd;
  const out: [string, number, number][] = [
    ["wte", c.vocabSize, n],
    ["wpe", c.blockSize, n],
    ["lm_head", c.vocabSize, n],
  ];
  for (let i = 0; i < c.nLayer; i++) {
    out.push(
      [`layer${i}.attn_wq`, n, n],
      [`layer${i}.attn_wk`, n, n],
      [`layer${i}.attn_wv`, n, n],
      [`layer${i}.attn_wo`, n, n],
      [`layer${i}.mlp_fc1`, 4 * n, n],
      [`layer${i}.mlp_fc2`, n, 4 * n],
    );
  }
  return out;
}

/** A known mistake in the forward pass, as a change to the plain-number GPT below. */
interface Variant {
  readonly noPos?: boolean;
  readonly noFirstNorm?: boolean;
  readonly noPreNorm?: boolean;
  readonly noAttnResidual?: boolean;
  readonly noMlpResidual?: boolean;
  readonly noRelu?: boolean;
  readonly layer0Always?: boolean;
}

/**
 * microgpt's GPT on plain numbers over a whole sequence at once: the logits at every
 * position of `tokens`, attention masked so that no position sees a later one.
 */
export function plainGpt(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
  v: Variant = {},
): number[][] {
  const add = (a: readonly number[], b: readonly number[]) =>
    a.map((x, i) => x + b[i]);
  let xs = tokens.map((t, pos) => {
    const x = v.noPos ? [...sd.wte[t]] : add(sd.wte[t], sd.wpe[pos]);
    return v.noFirstNorm ? x : plainRmsnorm(x);
  });
  for (let li = 0; li < c.nLayer; li++) {
    const l = v.layer0Always ? 0 : li;
    const w = {
      wq: sd[`layer${l}.attn_wq`],
      wk: sd[`layer${l}.attn_wk`],
      wv: sd[`layer${l}.attn_wv`],
      wo: sd[`layer${l}.attn_wo`],
    };
    const normed = xs.map((x) => v.noPreNorm ? x : plainRmsnorm(x));
    const attn = causalAttention(normed, w, c.nHead);
    xs = xs.map((x, p) => v.noAttnResidual ? attn[p] : add(attn[p], x));
    xs = xs.map((x) => {
      let h = matVec(sd[`layer${l}.mlp_fc1`], plainRmsnorm(x));
      if (!v.noRelu) h = h.map((y) => Math.max(0, y));
      const out = matVec(sd[`layer${l}.mlp_fc2`], h);
      return v.noMlpResidual ? out : add(out, x);
    });
  }
  return xs.map((x) => matVec(sd.lm_head, x));
}

/** The mean of -log p(next token) over `tokens`, on plain numbers, as microgpt's loss. */
export function plainLoss(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
): number {
  const logits = plainGpt(sd, c, tokens.slice(0, -1));
  const losses = logits.map((l, p) =>
    -Math.log(plainSoftmax(l)[tokens[p + 1]])
  );
  return plainSum(losses) * (1 / losses.length);
}

/** The weights of a state dict as plain numbers, by name. */
export const numbers = (
  sd: Readonly<Record<string, readonly (readonly { data: number }[])[]>>,
): Record<string, number[][]> =>
  Object.fromEntries(
    Object.entries(sd).map(([k, m]) => [k, m.map((r) => r.map((v) => v.data))]),
  );

/** The sizes of a matrix, and a seed for the generator that fills it. */
const matrixSizes = () =>
  fc.record({
    nout: fc.integer({ min: 1, max: 4 }),
    nin: fc.integer({ min: 1, max: 4 }),
    seed: fc.nat(),
  });

/** A seed, and a document of 1–8 of microgpt's 27 tokens. */
const documents = () =>
  fc.record({
    seed: fc.nat(),
    tokens: fc.array(fc.integer({ min: 0, max: 26 }), {
      minLength: 1,
      maxLength: 8,
    }),
  });

/** A seed for the tiny model of the gradient check, 4 tokens, and which weights to nudge. */
const gradientCases = () =>
  // Not shrunk: a smaller seed is just another model, and each try is costly.
  fc.noShrink(fc.record({
    seed: fc.nat(),
    tokens: fc.array(fc.integer({ min: 0, max: 2 }), {
      minLength: 4,
      maxLength: 4,
    }),
    // The 28 embedding weights, and 24 of the 204 others.
    others: fc.uniqueArray(fc.integer({ min: 28, max: 231 }), {
      minLength: 24,
      maxLength: 24,
    }),
  }));

/** The mistakes kata 08's suite names. */
export const D = diagnoses("08_gpt", {
  columnMajor:
    "a matrix filled column by column: draw its entries row by row, as microgpt's nested list does",
  variance:
    "0.08 used as the variance: it is the standard deviation, rng.gauss(0, 0.08)",
  transposedShape:
    "matrix(nout, nin) with nin rows: it has nout rows of nin entries",
  lmHeadLast:
    "lm_head made after the layers: microgpt makes wte, wpe, lm_head, then the layers, and the order of the draws decides every value",
  mlpShapes:
    "mlp_fc1 and mlp_fc2 with swapped shapes: fc1 is [4·nEmbd][nEmbd] (it widens), fc2 is [nEmbd][4·nEmbd]",
  oneLayer: "one layer whatever nLayer: loop over every layer, i < nLayer",
  noLmHead:
    "the hidden vector returned as it is: the logits are linear(x, lm_head), one per token",
  noPos: "the position embedding left out: x = wte[token] + wpe[position]",
  noFirstNorm:
    "no rmsnorm after the embedding: microgpt normalizes x = rmsnorm(wte[token] + wpe[pos]) before the layers",
  noPreNorm:
    "no rmsnorm before attention: the attention block starts with x = rmsnorm(x), after keeping x as the residual",
  noAttnResidual:
    "no residual around attention: add the block's input back, x = attention(…) + x_residual",
  noMlpResidual:
    "no residual around the MLP: add the block's input back, x = fc2(…) + x_residual",
  noRelu: "no relu between fc1 and fc2: x = relu(fc1(x)), each element",
  layer0Always:
    "layer 0's weights in every layer: layer li uses `layer${li}.attn_wq` and the rest of its own",
  embDetached:
    "the embedding added on plain numbers (.data): no gradient reaches wte and wpe; add the nodes with add",
});

/** Kata 08's suite. */
export const gptSuite = suite<GptImpl>({
  kata: "08_gpt",
  diagnoses: D,
  prerequisites: (impl) => [
    ...linearPrerequisites(impl),
    prerequisite(softmaxSuite, impl),
    prerequisite(rmsnormSuite, impl),
    prerequisite(attentionSuite, impl),
  ],
  properties: (impl) => [
    property(
      "matrix(nout, nin) draws rng.gauss(0, 0.08), row by row",
      matrixSizes(),
      ({ nout, nin, seed }) => drawsRowByRow(impl, nout, nin, seed),
    ),
    property(
      "createGpt draws microgpt's matrices, in its order and shapes, and params lists them all",
      fc.tuple(modelConfigs({ maxLayers: 3 }), fc.nat()),
      ([c, seed]) => createsStateDict(impl, c, seed),
    ),
    check(
      "for seed 42, microgpt's configuration starts from microgpt.py's own values (CPython)",
      () => startsAsMicrogpt(impl),
    ),
    property(
      "gpt returns one logit per token",
      sequences(),
      ({ c, seed, tokens }) => oneLogitPerToken(impl, c, seed, tokens),
    ),
    property(
      "a fresh model's loss, averaged over every possible next token, is close to ln(vocabSize) (within 0.25)",
      documents(),
      ({ seed, tokens }) => freshLossNearLn27(impl, seed, tokens),
      // A whole model per case: 10 cases.
      { numRuns: 10 },
    ),
    property(
      "position by position with the caches equals the whole sequence at once with a causal mask, bit for bit",
      sequences(),
      ({ c, seed, tokens }) => matchesReference(impl, c, seed, tokens),
    ),
    property(
      "gradients of the mean loss match central differences, on every embedding weight and 24 others (a tiny model)",
      gradientCases(),
      ({ seed, tokens, others }) => gradientsMatch(impl, seed, tokens, others),
      // 52 weights, each nudged both ways through the whole model: 10 cases.
      { numRuns: 10 },
    ),
  ],
});

/** The learner's logits at every position of `tokens`, one call per position. */
function forward(
  { gpt: { gpt } }: GptImpl,
  model: GptModule.Gpt,
  tokens: readonly number[],
): Node[][] {
  const keys: Node[][][] = Array.from(
    { length: model.config.nLayer },
    () => [],
  );
  const values: Node[][][] = Array.from(
    { length: model.config.nLayer },
    () => [],
  );
  return tokens.map((t, pos) => gpt(model, t, pos, keys, values));
}

/** microgpt's loss on the learner's nodes: mean of -log p(next token). */
function loss(
  impl: GptImpl,
  model: GptModule.Gpt,
  tokens: readonly number[],
): Node {
  const { softmax: { softmax }, linear: { sum } } = impl;
  const logits = forward(impl, model, tokens.slice(0, -1));
  const losses = logits.map((l, p) => softmax(l)[tokens[p + 1]].log().neg());
  return sum(losses).mul(1 / losses.length);
}

// What the longer properties check, in the list's order.

function drawsRowByRow(
  { gpt: { matrix } }: GptImpl,
  nout: number,
  nin: number,
  seed: number,
): void {
  const m = matrix(nout, nin, new Random(seed));
  const what = `matrix(${nout}, ${nin}, new Random(${seed}))`;
  ensure(
    m.length === nout && !m.some((r) => r.length !== nin),
    () =>
      `${what} has ${count(m.length, "row")} of ${m[0]?.length}, expected ${
        count(nout, "row")
      } of ${nin}`,
    () =>
      m.length === nin && m[0]?.length === nout ? D.transposedShape : undefined,
  );
  const rng = new Random(seed);
  const draws = Array.from({ length: nout * nin }, () => rng.gauss(0, 0.08));
  assertClose(
    m.flat().map((v) => v.data),
    draws,
    `${what}, row by row`,
    { tol: BITS, mistakes: drawMistakes(m.flat().length, nout, nin, seed) },
  );
}

function createsStateDict(
  { gpt: { createGpt } }: GptImpl,
  c: Config,
  seed: number,
): void {
  const model = createGpt(c, new Random(seed));
  const names = Object.keys(model.stateDict);
  const what = `createGpt(${describeModel(c)})`;
  const got = names.map((k) => {
    const m = model.stateDict[k];
    return `${k} ${m.length}×${m[0]?.length}`;
  });
  const want = layout(c).map(([k, r, co]) => `${k} ${r}×${co}`);
  ensure(
    got.join() === want.join(),
    () =>
      `${what}: the state dict is\n      ${
        got.join(", ")
      }\n    expected\n      ${want.join(", ")}`,
    () => stateDictMistake(c, names, got, want),
  );
  const flat = Object.values(model.stateDict).flat(2);
  const size = c.nEmbd * (2 * c.vocabSize + c.blockSize) +
    12 * c.nLayer * c.nEmbd ** 2;
  ensure(
    model.params.length === size,
    () =>
      `${what}: params has ${model.params.length} entries, expected ${size}: ` +
      `every weight of the state dict (n·(2·vocab + block) + 12·layers·n²)`,
  );
  const k = model.params.findIndex((p, k) => p !== flat[k]);
  ensure(
    k < 0,
    () =>
      `${what}: params[${k}] is not the state dict's weight number ${k} ` +
      `(matrix by matrix, row by row), but a copy or another weight: ` +
      `list the Value nodes themselves, in the state dict's order`,
  );
  const rng = new Random(seed);
  assertClose(
    flat.map((p) => p.data),
    flat.map(() => rng.gauss(0, 0.08)),
    `${what}: the weights, in the state dict's order, against rng.gauss(0, 0.08) drawn in turn`,
    { tol: BITS },
  );
}

function startsAsMicrogpt({ gpt: { createGpt } }: GptImpl): void {
  const model = createGpt({ ...INIT.config, nHead: 4 }, new Random(42));
  for (const m of INIT.matrices) {
    const mine = model.stateDict[m.name];
    assertClose(
      [...mine[0].slice(0, 3), ...mine[mine.length - 1].slice(-3)].map((v) =>
        v.data
      ),
      [...m.first, ...m.last],
      `${m.name}: its first and last 3 weights, against microgpt.py's (tests/data/gpt_init_seed42.json)`,
      { tol: BITS },
    );
  }
}

function oneLogitPerToken(
  impl: GptImpl,
  c: Config,
  seed: number,
  tokens: readonly number[],
): void {
  const model = impl.gpt.createGpt(c, new Random(seed));
  const got = forward(impl, model, tokens.slice(0, 1))[0].length;
  ensure(
    got === c.vocabSize,
    () =>
      `gpt(model, ${tokens[0]}, 0, …) ${describeModel(c)} returned ${
        count(got, "logit")
      }, expected vocabSize = ${c.vocabSize}`,
    () => got === c.nEmbd ? D.noLmHead : undefined,
  );
}

function freshLossNearLn27(
  impl: GptImpl,
  seed: number,
  tokens: readonly number[],
): void {
  const { gpt: { createGpt }, softmax: { softmax } } = impl;
  const c = { vocabSize: 27, nEmbd: 16, nHead: 4, nLayer: 1, blockSize: 16 };
  // -ln p averaged over all 27 targets at every position: by Jensen at least
  // ln 27, and close to it when the logits are small, whatever the document.
  const model = createGpt(c, new Random(seed));
  const all = forward(impl, model, tokens).flatMap((logits) =>
    softmax(logits).map((p) => -Math.log(p.data))
  );
  const l = all.reduce((a, b) => a + b, 0) / all.length;
  ensure(
    Math.abs(l - Math.log(27)) <= 0.25,
    () =>
      `a fresh model ${describeModel(c)} on tokens [${
        tokens.join(", ")
      }]: -ln p averaged over every position and every possible next token is ${l}, expected about ln(27) = ${
        Math.log(27)
      }: small random weights give every token about the same probability`,
  );
}

function matchesReference(
  impl: GptImpl,
  c: Config,
  seed: number,
  tokens: readonly number[],
): void {
  const model = impl.gpt.createGpt(c, new Random(seed));
  const sd = numbers(model.stateDict);
  const got = forward(impl, model, tokens).map((l) => l.map((v) => v.data));
  const found = logitsMismatch(got, plainGpt(sd, c, tokens), c, tokens);
  if (found === undefined) return;
  const twins = forwardTwins(got, sd, c, tokens);
  const t = tellingConfig(c);
  if (t === c) {
    throw new CheckFailure(
      `${found}\n    ${whereItGoesWrong(impl, c, sd, tokens)}`,
      twins[0],
    );
  }
  // Too small to show the blocks' work: the same case again where it shows.
  const sdT = drawWeights(t, seed);
  let gotT: number[][];
  try {
    gotT = runLearner(impl, t, sdT, tokens).logits;
  } catch (e) {
    const { name, message } = e as Error;
    const thrown = `${name}: ${message.split("\n")[0]}`;
    throw new CheckFailure(
      `${found}\n    on ${describeModel(t)}, your gpt throws ${thrown}`,
    );
  }
  const foundT = logitsMismatch(
    gotT,
    plainGpt(sdT, t, tokens),
    t,
    tokens,
    `, weights as createGpt(…, new Random(${seed})) draws them`,
  );
  if (foundT === undefined) {
    // The mistake hides at the telling size: say so, and locate it where it shows.
    const model4 = describeModel(t);
    const right = `on ${model4}, the same tokens give the right logits`;
    throw new CheckFailure(
      `${found}\n    (${right})\n    ${whereItGoesWrong(impl, c, sd, tokens)}`,
    );
  }
  // A mistake is named only when it gives the learner's logits on both configurations.
  const confirmed = forwardTwins(gotT, sdT, t, tokens);
  const [model1, why] = [describeModel(c), tooSmall(c)];
  const found1 = `found first on ${model1}, the input below, where ${why}: ` +
    `here is the same case with nEmbd ${t.nEmbd} and ${t.nHead} heads`;
  throw new CheckFailure(
    `${foundT}\n    (${found1})\n    ${whereItGoesWrong(impl, t, sdT, tokens)}`,
    twins.find((d) => confirmed.includes(d)),
  );
}

/**
 * The failure at the first position whose logits are not `expected`'s bit for bit, as the
 * check words it (`weights` says where the weights came from, when not from the learner's
 * createGpt); undefined when every position matches.
 */
function logitsMismatch(
  got: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
  c: Config,
  tokens: readonly number[],
  weights = "",
): string | undefined {
  for (let p = 0; p < expected.length; p++) {
    try {
      assertClose(
        got[p] ?? [],
        expected[p],
        `the logits at position ${p} of tokens [${tokens.join(", ")}] ${
          describeModel(c)
        }${weights}`,
        { tol: BITS },
      );
    } catch (e) {
      if (e instanceof CheckFailure) return e.problem;
      throw e;
    }
  }
  return undefined;
}

function gradientsMatch(
  impl: GptImpl,
  seed: number,
  tokens: readonly number[],
  others: readonly number[],
): void {
  const { value: { Value }, backward: { backward }, gpt: { createGpt } } = impl;
  const c = { vocabSize: 3, nEmbd: 4, nHead: 2, nLayer: 1, blockSize: 4 };
  const model = createGpt(c, new Random(seed));
  const shapes = layout(c);
  const params = model.params.map((p) => p.data);
  checkGradients((x) => new Value(x), backward, {
    what: `the mean loss on tokens [${tokens.join(", ")}] ${describeModel(c)}`,
    params,
    label: (i) => weightName(shapes, i),
    build: (leaves) => [
      loss(impl, {
        config: c,
        stateDict: unflatten(shapes, leaves),
        params: leaves,
      }, tokens),
    ],
    plain: (p) => [plainLoss(unflatten(shapes, p), c, tokens)],
    weights: [1],
    coords: [...Array.from({ length: 28 }, (_, k) => k), ...others],
    diagnose: (grads) => embeddingsCut(shapes, grads),
  });
}

/** A flat list of weights as a state dict of the matrices `shapes` names, in its order. */
function unflatten<T>(
  shapes: readonly [string, number, number][],
  flat: readonly T[],
): Record<string, T[][]> {
  const sd: Record<string, T[][]> = {};
  let k = 0;
  for (const [name, rows, cols] of shapes) {
    sd[name] = Array.from({ length: rows }, () => flat.slice(k, k += cols));
  }
  return sd;
}

/** The name of weight `i` of the flat list: `layer0.attn_wq[1][3]`. */
function weightName(
  shapes: readonly [string, number, number][],
  i: number,
): string {
  let k = i;
  for (const [name, rows, cols] of shapes) {
    if (k < rows * cols) {
      return `${name}[${Math.floor(k / cols)}][${k % cols}]`;
    }
    k -= rows * cols;
  }
  return `#${i}`;
}

// Probes: what a planted mistake would compute, to confirm the diagnosis of a failure.

/** What a matrix filled column by column, or with 0.08 as the variance, would hold. */
function drawMistakes(
  n: number,
  nout: number,
  nin: number,
  seed: number,
): Mistake[] {
  const rng = new Random(seed);
  const draws = Array.from({ length: nout * nin }, () => rng.gauss(0, 0.08));
  const rng2 = new Random(seed);
  const small = Array.from({ length: nout * nin }, () => rng2.gauss(0, 0.0064));
  return [
    [
      D.columnMajor,
      Array.from(
        { length: n },
        (_, k) => draws[(k % nin) * nout + Math.floor(k / nin)],
      ),
    ],
    [D.variance, small],
  ];
}

/** Which mistake gave the state dict `got` (names and shapes) instead of `want`. */
function stateDictMistake(
  c: Config,
  names: readonly string[],
  got: readonly string[],
  want: readonly string[],
): Diagnosis | undefined {
  const sameSet = [...got].sort().join() === [...want].sort().join();
  const fc1 = `layer0.mlp_fc1 ${c.nEmbd}×${4 * c.nEmbd}`;
  if (got.includes(fc1)) return D.mlpShapes;
  if (sameSet && names.at(-1) === "lm_head") return D.lmHeadLast;
  if (names.length === 9 && c.nLayer > 1) return D.oneLayer;
  return undefined;
}

/** The logits of each known mistake in the forward pass, at every position of `tokens`. */
function forwardMistakes(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
): (readonly [Diagnosis, number[][]])[] {
  return ([
    [D.noPos, { noPos: true }],
    [D.noFirstNorm, { noFirstNorm: true }],
    [D.noPreNorm, { noPreNorm: true }],
    [D.noAttnResidual, { noAttnResidual: true }],
    [D.noMlpResidual, { noMlpResidual: true }],
    [D.noRelu, { noRelu: true }],
    [D.layer0Always, { layer0Always: true }],
  ] as const).map(([d, v]) => [d, plainGpt(sd, c, tokens, v)] as const);
}

/**
 * The known mistakes whose logits `got` (the learner's, for `tokens` on the weights `sd`) are,
 * at every position, within rounding, in the order of {@link forwardMistakes}; a mistake
 * whose logits are the right ones cannot explain a failure.
 */
function forwardTwins(
  got: readonly (readonly number[])[],
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
): Diagnosis[] {
  const flat = got.flat();
  const expected = plainGpt(sd, c, tokens).flat();
  return forwardMistakes(sd, c, tokens).filter(([, v]) =>
    got.length === v.length &&
    !whichMistake(expected, [[D.noPos, v.flat()]], ROUNDING) &&
    whichMistake(flat, [[D.noPos, v.flat()]], ROUNDING)
  ).map(([d]) => d);
}

// Locating a wrong forward pass: the learner's gpt on weights with some matrices zeroed (or
// fewer layers), each against plainGpt on the same weights, in the order of the forward pass.

/**
 * The configuration where a wrong forward pass shows where it goes wrong: nEmbd 4 and 2
 * heads at least (on nEmbd 1, rmsnorm turns every vector into ±1). `c` itself when it is one.
 */
function tellingConfig(c: Config): Config {
  return c.nEmbd >= 4 && c.nHead >= 2 ? c : { ...c, nEmbd: 4, nHead: 2 };
}

/** Why `c` hides the structure of the model. */
function tooSmall(c: Config): string {
  const why = [
    ...(c.nEmbd === 1
      ? ["rmsnorm turns x, 1 number, into ±1 whatever it is"]
      : c.nEmbd < 4
      ? [`x, ${c.nEmbd} numbers, leaves little room to tell the blocks apart`]
      : []),
    ...(c.nHead < 2 ? ["a single head hides how the heads split x"] : []),
  ];
  return why.join(", and ");
}

/** The weights a correct createGpt(c, new Random(seed)) holds, as plain numbers. */
function drawWeights(c: Config, seed: number): Record<string, number[][]> {
  const rng = new Random(seed);
  return Object.fromEntries(
    layout(c).map(([name, rows, cols]) => [
      name,
      Array.from(
        { length: rows },
        () => Array.from({ length: cols }, () => rng.gauss(0, 0.08)),
      ),
    ]),
  );
}

/**
 * The learner's gpt on the plain weights `sd` (fresh `Value`s), position by position: the
 * logits, and the keys and values its attention stored in each layer's caches.
 */
function runLearner(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
): { logits: number[][]; keys: number[][][]; values: number[][][] } {
  const { value: { Value }, gpt: { gpt } } = impl;
  const stateDict = Object.fromEntries(
    Object.entries(sd).map((
      [k, m],
    ) => [k, m.map((r) => r.map((x) => new Value(x)))]),
  );
  const model = {
    config: c,
    stateDict,
    params: Object.values(stateDict).flat(2),
  };
  const keys: Node[][][] = Array.from({ length: c.nLayer }, () => []);
  const values: Node[][][] = Array.from({ length: c.nLayer }, () => []);
  const logits = tokens.map((t, pos) =>
    gpt(model, t, pos, keys, values).map((v: Node) => v.data)
  );
  return {
    logits,
    keys: keys.map((l) => l.map((k) => k.map((v) => v.data))),
    values: values.map((l) => l.map((k) => k.map((v) => v.data))),
  };
}

/** Whether the learner's logits on `sd` are plainGpt's, bit for bit; undefined when it throws. */
function agrees(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
): boolean | undefined {
  let got: number[][];
  try {
    got = runLearner(impl, c, sd, tokens).logits;
  } catch {
    return undefined;
  }
  return logitsMismatch(got, plainGpt(sd, c, tokens), c, tokens) === undefined;
}

/**
 * Whether the keys the learner's attention stores in layer 0's cache are wk · rmsnorm(x), x
 * the normalized embedding: the one look inside gpt before its first block. Undefined when
 * the cache does not hold one key per position, or gpt throws.
 */
function keysAgree(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
): boolean | undefined {
  let keys: number[][];
  try {
    [keys] = runLearner(impl, c, sd, tokens).keys;
  } catch {
    return undefined;
  }
  if (keys?.length !== tokens.length) return undefined;
  return tokens.every((t, p) => {
    const x = plainRmsnorm(sd.wte[t].map((w, i) => w + sd.wpe[p][i]));
    const want = matVec(sd["layer0.attn_wk"], plainRmsnorm(x));
    return keys[p].length === want.length &&
      want.every((k, i) => k === keys[p][i]);
  });
}

/** `sd` with only its first `n` layers, and its configuration. */
function firstLayers(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  n: number,
): [Record<string, Matrix>, Config] {
  const kept = Object.entries(sd).filter(([k]) => {
    const layer = /^layer(\d+)\./.exec(k);
    return !layer || Number(layer[1]) < n;
  });
  return [Object.fromEntries(kept), { ...c, nLayer: n }];
}

const ATTENTION = ["attn_wq", "attn_wk", "attn_wv", "attn_wo"];
const MLP = ["mlp_fc1", "mlp_fc2"];

/** `sd` with layer `li`'s matrices `names` replaced by `make(rows, cols)`. */
function replaced(
  sd: Readonly<Record<string, Matrix>>,
  li: number,
  names: readonly string[],
  make: (rows: number, cols: number, name: string) => Matrix,
): Record<string, Matrix> {
  const out: Record<string, Matrix> = { ...sd };
  for (const name of names) {
    const m = sd[`layer${li}.${name}`];
    out[`layer${li}.${name}`] = make(m.length, m[0].length, name);
  }
  return out;
}

const zeros = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => Array(cols).fill(0));
const scaledEye = (n: number, s: number): number[][] =>
  Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j) => i === j ? s : 0),
  );

/**
 * Attention's matrices in the probe of the MLP's residual: with each one SWAMP times the
 * identity, attention's output at position 0 is 2^70 · rmsnorm(x), so large that adding x
 * to it (or rmsnorm(x), or nothing) rounds to the same sum.
 */
const SWAMP = 2 ** 35;

/**
 * How many keys and values the learner's gpt leaves in layer `li`'s caches after `tokens`,
 * when that is not one of each per position ("3 keys and 0 values"); undefined when it is,
 * or when gpt throws.
 */
function cacheSizes(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
  li: number,
): string | undefined {
  try {
    const { keys, values } = runLearner(impl, c, sd, tokens);
    const [k, v] = [keys[li].length, values[li].length];
    return k === tokens.length && v === tokens.length
      ? undefined
      : `${count(k, "key")} and ${count(v, "value")}`;
  } catch {
    return undefined;
  }
}

/**
 * Where the learner's forward pass first goes wrong, from probes on the weights `sd`: the
 * learner's gpt with fewer layers, or some matrices zeroed, against plainGpt on the same, in
 * the order of the forward pass. One or two lines: what is right, and where the error enters,
 * in the learner's terms.
 */
function whereItGoesWrong(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
): string {
  const [sd0, c0] = firstLayers(sd, c, 0);
  const noLayers = agrees(impl, c0, sd0, tokens);
  const keys = keysAgree(impl, c, sd, tokens);
  const withNoLayers = "with no layers at all, nLayer 0, the logits";
  const inKeys = "the keys your attention stores in keys[0]";
  const enters = "where the error enters:";
  if (noLayers === undefined) {
    return `${enters} not found, as your gpt throws with no layers (nLayer 0)`;
  }
  if (!noLayers && keys === false) {
    return `${enters} before the first layer, in the embeddings or the first rmsnorm, ` +
      `x = rmsnorm(wte[token] + wpe[pos]): ${withNoLayers} already differ, and so do ${inKeys}`;
  }
  if (!noLayers && keys) {
    return `${enters} in lm_head, the last step: ${inKeys} match, so the embeddings and ` +
      `the first rmsnorm are right, but ${withNoLayers} differ: the logits are ` +
      `linear(x, lm_head), of x just as the last layer leaves it`;
  }
  if (!noLayers) {
    return `${enters} before the first layer or in lm_head: ${withNoLayers} already ` +
      `differ: look at x = rmsnorm(wte[token] + wpe[pos]) and at linear(x, lm_head)`;
  }
  if (keys === false) {
    return `${enters} where the attention block starts: ${withNoLayers} match, so the ` +
      `embeddings, the first rmsnorm and lm_head are right, but ${inKeys} are not ` +
      `wk · rmsnorm(x): look at the rmsnorm that starts the block, and at the weights you hand attention`;
  }
  const right =
    `the embeddings, the first rmsnorm and lm_head (${withNoLayers} match)`;
  for (let li = 0; li < c.nLayer; li++) {
    const [upTo, cUpTo] = firstLayers(sd, c, li + 1);
    const ok = agrees(impl, cUpTo, upTo, tokens);
    if (ok === undefined) break;
    if (ok) continue;
    const before = li === 0
      ? ""
      : li === 1
      ? ", and layer 0 (with it alone, the logits match)"
      : `, and layers 0 to ${li - 1} (with those alone, the logits match)`;
    return `what is right: ${right}${before}\n    ${enters} ${
      inLayer(impl, cUpTo, upTo, tokens, li)
    }`;
  }
  return `what is right: ${right}\n    ${enters} not found`;
}

/**
 * Where the error enters in layer `li`, the last of `c`, whose layers before it are right:
 * the weights of another layer, a block's residual, or one block's work.
 */
function inLayer(
  impl: GptImpl,
  c: Config,
  sd: Readonly<Record<string, Matrix>>,
  tokens: readonly number[],
  li: number,
): string {
  const layer = c.nLayer > 1 ? ` of layer ${li}` : "";
  const all = [...ATTENTION, ...MLP];
  for (let lj = 0; lj < li; lj++) {
    const copy = replaced(sd, li, all, (_r, _c, n) => sd[`layer${lj}.${n}`]);
    if (agrees(impl, c, copy, tokens)) {
      return `in layer ${li}, which computes with layer ${lj}'s weights: with its ` +
        `matrices set to layer ${lj}'s, the logits match; layer li takes ` +
        `\`layer\${li}.attn_wq\` and the rest of its own`;
    }
  }
  const caches = cacheSizes(impl, c, sd, tokens, li);
  if (caches !== undefined) {
    return `in the attention block${layer}, in its caches: after ${
      count(tokens.length, "position")
    }, keys[${li}] and values[${li}] should hold one entry per position (attention ` +
      `appends them), and yours hold ${caches}: hand attention this layer's own ` +
      `caches, keys[li] and values[li]`;
  }
  // Attention's output swamps x, so that what the attention block does with its residual
  // cannot change the sum: every attention matrix 2^35 times the identity (which is which
  // does not matter), at position 0 alone, where its one score gets the weight 1.
  const swamped = replaced(
    replaced(sd, li, MLP, zeros),
    li,
    ATTENTION,
    (r) => scaledEye(r, SWAMP),
  );
  const atZero = [...new Set(tokens)].map((t) => agrees(impl, c, swamped, [t]));
  const keep = (after: string) =>
    `keep x_residual = x before the block's rmsnorm, and add it back after ${after}`;
  if (atZero.includes(false)) {
    return `in the MLP block${layer}, or just before it: with its weights zeroed, the ` +
      `MLP block adds 0 and must hand x on unchanged, yet x changes between ` +
      `attention's add and the logits: look at the MLP block's residual ` +
      `(${keep("fc2")}), and at anything done to x after attention's add ` +
      `(microgpt normalizes only the copy each block reads, never x itself)`;
  }
  const notNarrowed =
    `in layer ${li}, not narrowed down further: your gpt throws on some of the probes`;
  const zeroed = agrees(impl, c, replaced(sd, li, all, zeros), tokens);
  if (atZero.includes(undefined) || zeroed === undefined) return notNarrowed;
  if (!zeroed) {
    return `in the attention block${layer}, in its residual: with its weights zeroed, ` +
      `a block adds 0 and hands x on unchanged; with all of the layer's weights ` +
      `zeroed, your MLP block does, your attention block does not: ${
        keep("attention")
      }`;
  }
  const alone = (other: string) =>
    `with the ${other} block's weights zeroed (so that it only hands x on, which yours ` +
    `does right), the logits differ`;
  const noMlp = agrees(impl, c, replaced(sd, li, MLP, zeros), tokens);
  if (noMlp === false) return `in the attention block${layer}: ${alone("MLP")}`;
  const noAttention = agrees(
    impl,
    c,
    replaced(sd, li, ATTENTION, zeros),
    tokens,
  );
  if (noAttention === false) {
    const butNot = "and with the MLP's zeroed they match";
    return `in the MLP block${layer}: ${alone("attention")}, ${butNot}`;
  }
  if (noMlp && noAttention) {
    return `between the blocks${layer}: each block alone gives the right logits ` +
      `(the other's weights zeroed), the two together do not: the MLP block starts ` +
      `from x as the attention block leaves it`;
  }
  return notNarrowed;
}

/** No gradient reached wte and wpe: the embedding was added on plain numbers. */
function embeddingsCut(
  shapes: readonly [string, number, number][],
  grads: readonly number[],
): Diagnosis | undefined {
  const wte = shapes[0][1] * shapes[0][2];
  const wpe = shapes[1][1] * shapes[1][2];
  return grads.slice(0, wte + wpe).every((g) => g === 0)
    ? D.embDetached
    : undefined;
}
