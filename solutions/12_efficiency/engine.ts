/**
 * Kata 12 · efficiency, given: microgpt's GPT on `Float64Array` weights, all but the backward
 * pass (that is `efficiency.ts`, beside this file, the learner's). Read it as you need it; it
 * is not yours to change.
 *
 * Katas 02–11 build a graph of tens of thousands of {@link Value} nodes at every step and walk
 * it back. Here every matrix is a block of one flat `Float64Array`, and the forward pass keeps
 * just the vectors the backward pass needs: a tape, one entry per position. In order: the
 * model and its layout ({@link FastGpt}, its {@link Tape}s and {@link Scratch},
 * {@link createFastGpt}); the forward pass ({@link linear}, {@link rmsnorm}, {@link softmax},
 * {@link gptForward}), microgpt's floats operation for operation; kata 09's Adam
 * ({@link FastAdam}), kata 11's {@link setup} and {@link generate}, on those arrays. Nothing
 * here calls the backward pass, so this module does not import `efficiency.ts`: what does
 * (`gptBackward`, `trainStep`, `train`) is in that file.
 *
 * @module
 */
import { Random } from "../../lib/random.ts";
import { Tokenizer } from "../01_tokenizer/tokenizer.ts";
import type { GptConfig } from "../08_gpt/gpt.ts";
import type { AdamConfig } from "../09_adam/adam.ts";
import type { TrainConfig } from "../11_train/train.ts";

/** A weight matrix [rows][cols], row by row: views into its model's flat arrays. */
export interface Matrix {
  /** How many rows (outputs of `linear`). */
  readonly rows: number;
  /** How many columns (inputs of `linear`). */
  readonly cols: number;
  /** The weights: row r, column c at `data[r * cols + c]`. */
  readonly data: Float64Array;
  /** d(loss)/d(weight), laid out as `data`. */
  readonly grad: Float64Array;
}

/** One layer's weights: `layer{i}.attn_wq` … `layer{i}.mlp_fc2` of the state dict. */
export interface LayerWeights {
  /** attn_wq [nEmbd][nEmbd]. */
  readonly wq: Matrix;
  /** attn_wk [nEmbd][nEmbd]. */
  readonly wk: Matrix;
  /** attn_wv [nEmbd][nEmbd]. */
  readonly wv: Matrix;
  /** attn_wo [nEmbd][nEmbd]. */
  readonly wo: Matrix;
  /** mlp_fc1 [4·nEmbd][nEmbd]. */
  readonly fc1: Matrix;
  /** mlp_fc2 [nEmbd][4·nEmbd]. */
  readonly fc2: Matrix;
}

/**
 * What one layer keeps of one position's forward pass, for the backward pass and for later
 * positions (the key and value are the cache). Every vector is [nEmbd] unless noted.
 */
export interface LayerTape {
  /** The layer's input x (also the attention block's residual). */
  readonly x: Float64Array;
  /** rmsnorm(x): the input of q, k and v. */
  readonly xNorm: Float64Array;
  /** The query. */
  readonly q: Float64Array;
  /** The key: what later positions' queries read. */
  readonly k: Float64Array;
  /** The value. */
  readonly v: Float64Array;
  /** Each head's attention weights over positions 0..this one: [nHead][position + 1]. */
  readonly attnWeights: readonly Float64Array[];
  /** The heads' outputs side by side: the input of attn_wo. */
  readonly xAttn: Float64Array;
  /** x after the attention block (also the MLP block's residual). */
  readonly xMid: Float64Array;
  /** rmsnorm(xMid): the input of mlp_fc1. */
  readonly xMidNorm: Float64Array;
  /** mlp_fc1's output, before relu [4·nEmbd]. */
  readonly hidden: Float64Array;
  /** relu(hidden): the input of mlp_fc2 [4·nEmbd]. */
  readonly hiddenRelu: Float64Array;
  /** The layer's output: the same array as the next layer's x. */
  readonly out: Float64Array;
  /** d(loss)/d(k), gathered from this and every later position's query. */
  readonly dK: Float64Array;
  /** d(loss)/d(v), likewise. */
  readonly dV: Float64Array;
}

/** What the forward pass keeps of one position: its input, every layer's tape, its logits. */
export interface Tape {
  /** The token read at this position. */
  tokenId: number;
  /** wte[token] + wpe[position] [nEmbd]. */
  readonly emb: Float64Array;
  /** One tape per layer; layer 0's x is rmsnorm(emb), the last one's out feeds lm_head. */
  readonly layers: readonly LayerTape[];
  /** The logits of the next token [vocabSize]. */
  readonly logits: Float64Array;
  /** softmax(logits) [vocabSize]. */
  readonly probs: Float64Array;
}

/**
 * Vectors the backward pass reuses at every position and layer (allocating a `Float64Array`
 * costs more than the arithmetic that fills it): each is zeroed or overwritten before use.
 */
export interface Scratch {
  /** d(loss)/d(logits) [vocabSize]. */
  readonly dLogits: Float64Array;
  /** d(loss)/d(probs) [vocabSize]. */
  readonly dProbs: Float64Array;
  /** d(loss)/d(x) on its way down the layers [nEmbd]. */
  readonly dx: Float64Array;
  /** d(loss)/d(emb) [nEmbd]. */
  readonly dEmb: Float64Array;
  /** d(loss)/d(xMid) [nEmbd]. */
  readonly dXMid: Float64Array;
  /** d(loss)/d(xMidNorm) [nEmbd]. */
  readonly dXMidNorm: Float64Array;
  /** d(loss)/d(hidden) [4·nEmbd]. */
  readonly dHidden: Float64Array;
  /** d(loss)/d(xAttn) [nEmbd]. */
  readonly dXAttn: Float64Array;
  /** d(loss)/d(q) [nEmbd]. */
  readonly dQ: Float64Array;
  /** d(loss)/d(xNorm) [nEmbd]. */
  readonly dXNorm: Float64Array;
  /** d(loss)/d(one head's attention weights), for position t at index t: [t + 1]. */
  readonly dWeights: readonly Float64Array[];
  /** d(loss)/d(one head's scores), likewise [t + 1]. */
  readonly dScores: readonly Float64Array[];
}

/**
 * A model whose weights are one `Float64Array` (and their gradients another), with the
 * vectors of a forward and backward pass allocated once: a tape per position, and scratch
 * space.
 */
export interface FastGpt {
  /** Its sizes. */
  readonly config: GptConfig;
  /** Its weights by microgpt's names, each a view into `data` and `grad`. */
  readonly stateDict: Readonly<Record<string, Matrix>>;
  /** Every weight, in kata 08's `params` order. */
  readonly data: Float64Array;
  /** Every gradient, in the same order. */
  readonly grad: Float64Array;
  /** Each layer's weights (the same views as in `stateDict`), by their short names. */
  readonly layers: readonly LayerWeights[];
  /** The tape of each position, 0..blockSize − 1: the forward pass of position t fills tape t. */
  readonly tapes: readonly Tape[];
  /** The backward pass's reused vectors. */
  readonly scratch: Scratch;
}

/** The names and shapes [rows, cols] of kata 08's state dict, in its order. */
export function shapes(config: GptConfig): [string, number, number][] {
  const { vocabSize: v, nEmbd: e, nLayer, blockSize } = config;
  const out: [string, number, number][] = [
    ["wte", v, e],
    ["wpe", blockSize, e],
    ["lm_head", v, e],
  ];
  for (let i = 0; i < nLayer; i++) {
    for (const name of ["attn_wq", "attn_wk", "attn_wv", "attn_wo"]) {
      out.push([`layer${i}.${name}`, e, e]);
    }
    out.push([`layer${i}.mlp_fc1`, 4 * e, e], [`layer${i}.mlp_fc2`, e, 4 * e]);
  }
  return out;
}

/**
 * A model of `config` whose weights are `data` (in kata 08's `params` order), or new ones
 * drawn as kata 08's `createGpt` draws them: `rng.gauss(0, 0.08)` each, in that order.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { MICROGPT } from "../08_gpt/gpt.ts";
 * createFastGpt(MICROGPT, new Random(42)).data.length; // 4192
 * ```
 */
export function createFastGpt(
  config: GptConfig,
  rng: Random,
  data?: Float64Array,
): FastGpt {
  const layout = shapes(config);
  const size = layout.reduce((n, [, rows, cols]) => n + rows * cols, 0);
  if (data === undefined) {
    data = new Float64Array(size);
    for (let i = 0; i < size; i++) data[i] = rng.gauss(0, 0.08);
  }
  const grad = new Float64Array(size);
  const stateDict: Record<string, Matrix> = {};
  let at = 0;
  for (const [name, rows, cols] of layout) {
    const end = at + rows * cols;
    const [d, g] = [data.subarray(at, end), grad.subarray(at, end)];
    stateDict[name] = { rows, cols, data: d, grad: g };
    at = end;
  }
  const { vocabSize, nEmbd: e, nHead, nLayer, blockSize } = config;
  const vec = (n = e) => new Float64Array(n);
  const layerTape = (t: number, x: Float64Array): LayerTape => ({
    x,
    xNorm: vec(),
    q: vec(),
    k: vec(),
    v: vec(),
    attnWeights: Array.from({ length: nHead }, () => vec(t + 1)),
    xAttn: vec(),
    xMid: vec(),
    xMidNorm: vec(),
    hidden: vec(4 * e),
    hiddenRelu: vec(4 * e),
    out: vec(),
    dK: vec(),
    dV: vec(),
  });
  const tapes = Array.from({ length: blockSize }, (_, t): Tape => {
    const layers: LayerTape[] = [];
    for (let li = 0; li < nLayer; li++) {
      // A layer's input is the one before's output: the same array, no copy.
      layers.push(layerTape(t, li === 0 ? vec() : layers[li - 1].out));
    }
    return {
      tokenId: 0,
      emb: vec(),
      layers,
      logits: vec(vocabSize),
      probs: vec(vocabSize),
    };
  });
  const layers = Array.from({ length: nLayer }, (_, i): LayerWeights => ({
    wq: stateDict[`layer${i}.attn_wq`],
    wk: stateDict[`layer${i}.attn_wk`],
    wv: stateDict[`layer${i}.attn_wv`],
    wo: stateDict[`layer${i}.attn_wo`],
    fc1: stateDict[`layer${i}.mlp_fc1`],
    fc2: stateDict[`layer${i}.mlp_fc2`],
  }));
  const perPosition = () =>
    Array.from({ length: blockSize }, (_, t) => vec(t + 1));
  const scratch: Scratch = {
    dLogits: vec(vocabSize),
    dProbs: vec(vocabSize),
    dx: vec(),
    dEmb: vec(),
    dXMid: vec(),
    dXMidNorm: vec(),
    dHidden: vec(4 * e),
    dXAttn: vec(),
    dQ: vec(),
    dXNorm: vec(),
    dWeights: perPosition(),
    dScores: perPosition(),
  };
  return { config, stateDict, data, grad, layers, tapes, scratch };
}

/**
 * `out` = `w` × `x`: each output the dot product of a row of `w` with `x`, summed as kata
 * 04's `linear` does, from 0, left to right.
 *
 * @example
 * ```ts
 * const w = { rows: 1, cols: 2, data: new Float64Array([1, 2]), grad: new Float64Array(2) };
 * const out = new Float64Array(1);
 * linear(new Float64Array([10, 1]), w, out); // out: [12]
 * ```
 */
export function linear(x: Float64Array, w: Matrix, out: Float64Array): void {
  const { rows, cols, data } = w;
  let r = 0;
  // Four rows at a time: four independent sums for the processor to overlap, each still
  // added in kata 04's order, so every output is the same float.
  for (; r + 4 <= rows; r += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const i0 = r * cols, i1 = i0 + cols, i2 = i1 + cols, i3 = i2 + cols;
    for (let c = 0; c < cols; c++) {
      const xc = x[c];
      s0 += data[i0 + c] * xc;
      s1 += data[i1 + c] * xc;
      s2 += data[i2 + c] * xc;
      s3 += data[i3 + c] * xc;
    }
    out[r] = s0;
    out[r + 1] = s1;
    out[r + 2] = s2;
    out[r + 3] = s3;
  }
  for (; r < rows; r++) {
    let s = 0;
    for (let c = 0, i = r * cols; c < cols; c++, i++) s += data[i] * x[c];
    out[r] = s;
  }
}

/**
 * Σ x², from 0, left to right: what rmsnorm and its backward pass both start from.
 *
 * @example
 * ```ts
 * sumOfSquares(new Float64Array([3, -4])); // 25
 * ```
 */
export function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/**
 * `out` = kata 06's rmsnorm of `x`: x · scale, scale = (Σ x² · n^-1 + 1e-5)^-0.5, in
 * microgpt's operations (its `/ len(x)` is a multiplication by `len(x) ** -1`).
 *
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * rmsnorm(new Float64Array([3, -4]), out); // out ≈ [0.8485, -1.1314]
 * ```
 */
export function rmsnorm(x: Float64Array, out: Float64Array): void {
  const scale = (sumOfSquares(x) * x.length ** -1 + 1e-5) ** -0.5;
  for (let i = 0; i < x.length; i++) out[i] = x[i] * scale;
}

/**
 * `out` = kata 05's softmax of `logits`: exp(z − max z), each times the inverse of their sum
 * (microgpt's `e / total` is `e * total ** -1`).
 *
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * softmax(new Float64Array([0, Math.log(3)]), out); // out ≈ [0.25, 0.75]
 * ```
 */
export function softmax(logits: Float64Array, out: Float64Array): void {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]);
  let total = 0;
  for (let i = 0; i < n; i++) total += out[i] = Math.exp(logits[i] - max);
  const inverse = total ** -1;
  for (let i = 0; i < n; i++) out[i] *= inverse;
}

/**
 * Kata 08's `gpt` on the fast engine: fills tape `posId` with the forward pass of `tokenId`
 * at `posId` (reading the keys and values of tapes 0..posId − 1, the cache) and returns its
 * logits. Positions must come in order, from 0, as in microgpt.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { MICROGPT } from "../08_gpt/gpt.ts";
 * const model = createFastGpt(MICROGPT, new Random(42));
 * gptForward(model, 26, 0).length; // 27
 * ```
 */
export function gptForward(
  model: FastGpt,
  tokenId: number,
  posId: number,
): Float64Array {
  const { stateDict: sd, config, tapes } = model;
  const { nEmbd, nHead, nLayer } = config;
  const headDim = nEmbd / nHead;
  const inverseRoot = (headDim ** 0.5) ** -1; // microgpt's `/ head_dim**0.5`
  const tape = tapes[posId];
  tape.tokenId = tokenId;
  const wte = sd.wte.data, wpe = sd.wpe.data;
  for (let i = 0; i < nEmbd; i++) {
    tape.emb[i] = wte[tokenId * nEmbd + i] + wpe[posId * nEmbd + i];
  }
  rmsnorm(tape.emb, tape.layers[0].x);
  for (let li = 0; li < nLayer; li++) {
    const l = tape.layers[li];
    const w = model.layers[li];
    // 1) Multi-head attention block (kata 07)
    rmsnorm(l.x, l.xNorm);
    linear(l.xNorm, w.wq, l.q);
    linear(l.xNorm, w.wk, l.k);
    linear(l.xNorm, w.wv, l.v);
    for (let h = 0; h < nHead; h++) {
      const hs = h * headDim;
      const weights = l.attnWeights[h]; // [posId + 1]
      for (let t = 0; t <= posId; t++) {
        const k = tapes[t].layers[li].k;
        let s = 0;
        for (let j = hs; j < hs + headDim; j++) s += l.q[j] * k[j];
        weights[t] = s * inverseRoot;
      }
      softmax(weights, weights);
      for (let j = hs; j < hs + headDim; j++) {
        let s = 0;
        for (let t = 0; t <= posId; t++) {
          s += weights[t] * tapes[t].layers[li].v[j];
        }
        l.xAttn[j] = s;
      }
    }
    linear(l.xAttn, w.wo, l.xMid);
    for (let i = 0; i < nEmbd; i++) l.xMid[i] += l.x[i]; // the residual
    // 2) MLP block
    rmsnorm(l.xMid, l.xMidNorm);
    linear(l.xMidNorm, w.fc1, l.hidden); // [4·nEmbd]
    for (let i = 0; i < 4 * nEmbd; i++) {
      l.hiddenRelu[i] = Math.max(0, l.hidden[i]);
    }
    linear(l.hiddenRelu, w.fc2, l.out); // also the next layer's x
    for (let i = 0; i < nEmbd; i++) l.out[i] += l.xMid[i]; // the residual
  }
  linear(tape.layers[nLayer - 1].out, sd.lm_head, tape.logits); // [vocabSize]
  return tape.logits;
}

/** Adam's moments for a {@link FastGpt}: kata 09's `Adam` on flat arrays. */
export class FastAdam {
  /** The first moments, one per weight. */
  readonly m: Float64Array;
  /** The second moments, one per weight. */
  readonly v: Float64Array;

  /** An optimizer for `model`'s weights, with moments at 0. */
  constructor(readonly model: FastGpt, readonly config: AdamConfig) {
    this.m = new Float64Array(model.data.length);
    this.v = new Float64Array(model.data.length);
  }

  /** Kata 09's `Adam.step`, operation for operation; the gradients go back to 0. */
  step(step: number, numSteps: number): void {
    const { lr, beta1, beta2, eps } = this.config;
    const { data, grad } = this.model;
    const { m, v } = this;
    const lrT = lr * (1 - step / numSteps);
    const bias1 = 1 - beta1 ** (step + 1);
    const bias2 = 1 - beta2 ** (step + 1);
    for (let i = 0; i < data.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
      v[i] = beta2 * v[i] + (1 - beta2) * grad[i] ** 2;
      data[i] -= lrT * (m[i] / bias1) / ((v[i] / bias2) ** 0.5 + eps);
      grad[i] = 0;
    }
  }
}

/** A training run on the fast engine: kata 11's `Training` with a {@link FastGpt}. */
export interface FastTraining {
  /** Its settings. */
  readonly config: TrainConfig;
  /** The documents, shuffled. */
  readonly docs: readonly string[];
  /** The vocabulary. */
  readonly tokenizer: Tokenizer;
  /** The model. */
  readonly model: FastGpt;
  /** Its optimizer. */
  readonly adam: FastAdam;
  /** The generator, as the draws of the weights left it. */
  readonly rng: Random;
}

/**
 * Kata 11's `setup` on the fast engine: the same shuffle, tokenizer and weights (the same
 * draws of the same generator), in a {@link FastGpt}.
 *
 * @example
 * ```ts
 * import { MICROGPT_TRAIN } from "../11_train/train.ts";
 * setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 10 }).model.data.length; // 3488
 * ```
 */
export function setup(
  docs: readonly string[],
  config: TrainConfig,
): FastTraining {
  const rng = new Random(config.seed);
  const shuffled = [...docs];
  rng.shuffle(shuffled);
  const tokenizer = new Tokenizer(shuffled);
  const { nEmbd, nHead, nLayer, blockSize } = config;
  const model = createFastGpt(
    { vocabSize: tokenizer.vocabSize, nEmbd, nHead, nLayer, blockSize },
    rng,
  );
  const adam = new FastAdam(model, config);
  return { config, docs: shuffled, tokenizer, model, adam, rng };
}

/**
 * Kata 11's `generate` (kata 10's sampler) on the fast engine: the same draws from the same
 * probabilities (microgpt's `logits / temperature` is `logits * temperature ** -1`).
 *
 * @example
 * ```ts
 * import { MICROGPT_TRAIN } from "../11_train/train.ts";
 * generate(setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 0 }), 0.5); // a few letters
 * ```
 */
export function generate(
  training: Pick<FastTraining, "model" | "tokenizer" | "rng">,
  temperature: number,
): string {
  const { model, tokenizer, rng } = training;
  const { blockSize } = model.config;
  const inverse = temperature ** -1;
  let tokenId = tokenizer.bos;
  const ids: number[] = [];
  for (let posId = 0; posId < blockSize; posId++) {
    const logits = gptForward(model, tokenId, posId);
    for (let i = 0; i < logits.length; i++) logits[i] *= inverse;
    const { probs } = model.tapes[posId];
    softmax(logits, probs);
    tokenId = rng.choices(Array.from(probs));
    if (tokenId === tokenizer.bos) break;
    ids.push(tokenId);
  }
  return tokenizer.decode(ids);
}
