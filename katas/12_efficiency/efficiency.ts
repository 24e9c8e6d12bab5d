// Kata 12 · efficiency: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/12_efficiency/efficiency.ts by `deno task stubs`.
/**
 * Kata 12 · efficiency: the backward pass of microgpt's GPT on `Float64Array`s, by hand.
 *
 * The rest of the engine is given in `engine.ts`, beside this file: the model, its forward
 * pass (which fills a tape per position), Adam, `setup` and `generate`; read it as you need
 * it. Here each backward rule comes after a note on its forward. `gptBackward`, `trainStep`
 * and `train` are given too, and live here because they call yours: `engine.ts` does not
 * import this file. This module re-exports the engine, so it is the whole fast engine.
 *
 * @module
 */
import type { FastGpt, FastTraining, Matrix, Tape } from "./engine.ts";
import { gptForward, softmax, sumOfSquares } from "./engine.ts";
export * from "./engine.ts";

/**
 * Forward: `linear(x, w, out)`, out[r] = Σ_c w[r][c]·x[c], w[r][c] at `w.data[r * w.cols + c]`.
 * Its backward pass: given `dOut` = d(loss)/d(out), adds d(loss)/d(w[r][c]) = x[c]·dOut[r] to
 * `w.grad` and d(loss)/d(x[c]) = Σ_r w[r][c]·dOut[r] to `dx`: the two local gradients of kata
 * 02's `mul`, for every product of the sums.
 *
 * @example
 * ```ts
 * const w = { rows: 1, cols: 2, data: new Float64Array([1, 2]), grad: new Float64Array(2) };
 * const dx = new Float64Array(2);
 * linearBackward(new Float64Array([10, 1]), w, new Float64Array([1]), dx);
 * // w.grad: [10, 1]; dx: [1, 2]
 * ```
 */
export function linearBackward(
  x: Float64Array,
  w: Matrix,
  dOut: Float64Array,
  dx: Float64Array,
): void {
  void [x, w, dOut, dx];
  throw new Error("not implemented: linearBackward, see README.md");
}

/**
 * Forward: `rmsnorm(x, out)`, out[i] = x[i]·scale, ms = Σ x² · n^-1, scale = (ms + 1e-5)^-0.5.
 * Its backward pass: adds d(loss)/d(x) to `dx`, given `dOut`. Each x[i] reaches the outputs
 * two ways: directly (d out[i] / d x[i] = scale), and through the scale that every output
 * shares (d scale / d x[i] = −0.5 · (ms + 1e-5)^-1.5 · 2·x[i] / n).
 *
 * @example
 * ```ts
 * const dx = new Float64Array(2);
 * rmsnormBackward(new Float64Array([3, -4]), new Float64Array([1, 0]), dx);
 * // dx ≈ [0.1810, 0.1358]: kata 06's numbers
 * ```
 */
export function rmsnormBackward(
  x: Float64Array,
  dOut: Float64Array,
  dx: Float64Array,
): void {
  void [x, dOut, dx, sumOfSquares];
  throw new Error("not implemented: rmsnormBackward, see README.md");
}

/**
 * Forward: `softmax(logits, probs)`, p[i] = exp(z[i] − max z) · (Σ_j exp(z[j] − max z))^-1.
 * Its backward pass: adds d(loss)/d(logits) to `dLogits`, given `dProbs`. Every probability
 * depends on every logit, d p[i] / d z[j] = p[i]·([i = j] − p[j]), so d(loss)/d z[j] =
 * p[j]·(dProbs[j] − Σ_i p[i]·dProbs[i]).
 *
 * @example
 * ```ts
 * const dz = new Float64Array(2);
 * softmaxBackward(new Float64Array([0.25, 0.75]), new Float64Array([1, 0]), dz);
 * // dz: [0.1875, -0.1875]
 * ```
 */
export function softmaxBackward(
  probs: Float64Array,
  dProbs: Float64Array,
  dLogits: Float64Array,
): void {
  void [probs, dProbs, dLogits];
  throw new Error("not implemented: softmaxBackward, see README.md");
}

/**
 * Forward: layer `li` of `gptForward`, at position `t`, each vector on tape t's layer li:
 * ```text
 * xNorm = rmsnorm(x);  q, k, v = wq·xNorm, wk·xNorm, wv·xNorm;  xAttn = heads(q, keys, values)
 * xMid  = wo·xAttn + x
 * xMidNorm = rmsnorm(xMid);  hidden = fc1·xMidNorm;  hiddenRelu = relu(hidden)
 * out   = fc2·hiddenRelu + xMid
 * ```
 * Its backward pass: given `dx` = d(loss)/d(out), adds d(loss)/d(w) to the layer's weights'
 * `grad`, adds what position t's query owes to the keys and values of positions 0..t (their
 * tapes' `dK` and `dV`), and overwrites `dx` with d(loss)/d(x). Call it for t = n − 1 down to
 * 0, so that position t's own `dK` and `dV` are complete when it uses them.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { MICROGPT } from "../08_gpt/gpt.ts";
 * const model = createFastGpt(MICROGPT, new Random(42));
 * gptForward(model, 26, 0);
 * const dx = new Float64Array(16).fill(1);
 * layerBackward(model, 0, 0, dx); // dx is now d(loss)/d(the layer's input)
 * ```
 */
export function layerBackward(
  model: FastGpt,
  li: number,
  t: number,
  dx: Float64Array,
): void {
  void [model, li, t, dx];
  throw new Error("not implemented: layerBackward, see README.md");
}

/**
 * Given: the backward pass of `gptForward` over tapes 0..n−1, `dLogitsOf(t, tape, dLogits)`
 * adding d(loss)/d(logits of position t) to `dLogits`: adds d(loss)/d(w) to `model.grad` for
 * every weight. Positions go last to first, each through lm_head, the layers top to bottom
 * ({@link layerBackward}), the first rmsnorm and the embeddings.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { MICROGPT } from "../08_gpt/gpt.ts";
 * const model = createFastGpt(MICROGPT, new Random(42));
 * gptForward(model, 26, 0);
 * gptBackward(model, 1, (_t, _tape, dLogits) => dLogits.fill(1));
 * model.grad.some((g) => g !== 0); // true
 * ```
 */
export function gptBackward(
  model: FastGpt,
  n: number,
  dLogitsOf: (t: number, tape: Tape, dLogits: Float64Array) => void,
): void {
  const { stateDict: sd, config: { nEmbd, nLayer }, tapes } = model;
  for (let t = 0; t < n; t++) {
    for (const l of tapes[t].layers) {
      l.dK.fill(0);
      l.dV.fill(0);
    }
  }
  for (let t = n - 1; t >= 0; t--) {
    const tape = tapes[t];
    const { dLogits, dx, dEmb } = model.scratch;
    dLogits.fill(0);
    dLogitsOf(t, tape, dLogits);
    dx.fill(0); // d(loss)/d(x), on its way down
    linearBackward(tape.layers[nLayer - 1].out, sd.lm_head, dLogits, dx);
    for (let li = nLayer - 1; li >= 0; li--) layerBackward(model, li, t, dx);
    dEmb.fill(0);
    rmsnormBackward(tape.emb, dx, dEmb);
    const wte = sd.wte.grad, wpe = sd.wpe.grad;
    for (let i = 0; i < nEmbd; i++) {
      wte[tape.tokenId * nEmbd + i] += dEmb[i];
      wpe[t * nEmbd + i] += dEmb[i];
    }
  }
}

/**
 * Kata 11's `documentLoss` and kata 03's `backward` in one: the mean of −log p(next token)
 * over the first n = min(blockSize, tokens.length − 1) positions of `tokens`, computed as
 * microgpt does; the gradient of that loss is added to `model.grad`. Returns the loss.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { MICROGPT } from "../08_gpt/gpt.ts";
 * const model = createFastGpt(MICROGPT, new Random(42));
 * lossAndGrad(model, [26, 4, 12, 12, 0, 26]); // 3.2252…, as kata 11's documentLoss
 * ```
 */
export function lossAndGrad(model: FastGpt, tokens: readonly number[]): number {
  void [model, tokens, gptForward, softmax];
  throw new Error("not implemented: lossAndGrad, see README.md");
}

/**
 * Given: kata 11's `trainStep` on the fast engine, where your backward pass runs: the loss
 * and gradient of document `step % docs.length`, then Adam's step. Returns the loss.
 *
 * @example
 * ```ts
 * import { MICROGPT_TRAIN } from "../11_train/train.ts";
 * trainStep(setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 2 }), 0); // ≈ 1.6
 * ```
 */
export function trainStep(training: FastTraining, step: number): number {
  const { docs, tokenizer, model, adam, config } = training;
  const loss = lossAndGrad(model, tokenizer.wrap(docs[step % docs.length]));
  adam.step(step, config.numSteps);
  return loss;
}

/**
 * Given: kata 11's `train` on the fast engine: every step in turn, yielding its loss.
 *
 * @example
 * ```ts
 * import { MICROGPT_TRAIN } from "../11_train/train.ts";
 * const run = setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 3 });
 * [...train(run)].length; // 3
 * ```
 */
export function* train(training: FastTraining): Generator<number> {
  for (let step = 0; step < training.config.numSteps; step++) {
    yield trainStep(training, step);
  }
}
