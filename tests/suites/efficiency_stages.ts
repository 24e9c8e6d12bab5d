/**
 * Kata 12's backward pass as the test works it out, one step at a time, and the walk that
 * says where a wrong gradient comes from.
 *
 * {@link ReferencePass} is the backward pass of the given forward tapes on plain arrays, in
 * the steps `gptBackward` and `layerBackward` take: with a {@link Variant}, as a known mistake
 * computes it (the suite's probes), or Σ|terms| of every gradient (what bounds rounding, see
 * {@link roundingBound}). The suite's expected gradients stay the scalar engine's: this
 * reference only locates and names. {@link walk} replays `gptBackward` one call of the
 * learner's code at a time and, after each call, compares every gradient of it that the test
 * can see (the weights' `grad`, the tapes' `dK` and `dV`, `dx`, and the scratch vectors the
 * call wrote) with the reference's, in the order the backward pass computes them: all before
 * the first that differs are right, so that is where the error enters.
 *
 * @module
 */
import { Random } from "../../lib/random.ts";
import type * as EfficiencyModule from "../../solutions/12_efficiency/efficiency.ts";
import type { ModelConfig } from "../harness/harness.ts";

type Fast = typeof EfficiencyModule;
type FastGpt = EfficiencyModule.FastGpt;
type Matrix = EfficiencyModule.Matrix;
type Scratch = EfficiencyModule.Scratch;

// What rounding can do.

/**
 * How far rounding alone can move a gradient computed by two engines in different orders,
 * given Σ|terms| of it (`magnitude`: the gradient with every factor taken by its absolute
 * value and every difference as a sum) and the most roundings on one path of its terms.
 */
export function roundingBound(magnitude: number, roundings: number): number {
  // A sum of products computed in any order, with at most k roundings on each product's way
  // into it, is within γ_k·Σ|terms| of the exact sum, γ_k = k·u / (1 − k·u) (Higham,
  // "Accuracy and Stability of Numerical Algorithms", §3.1); both engines are, so they
  // differ by at most twice that, and cancellation (|Σ| ≪ Σ|terms|) cannot hide from it.
  const ku = roundings * (Number.EPSILON / 2);
  return ((2 * ku) / (1 - ku)) * magnitude;
}

/**
 * The most roundings on one path through the backward pass of a model of `c`, counting a
 * sum of k terms as k + 1: per layer, the sums over fc2's nEmbd rows, fc1's 4·nEmbd, wo's
 * nEmbd, the three of wq, wk and wv into d(xNorm), the two norms' nEmbd, a head's
 * components, the positions twice (the scores' softmax, then the sum into dK or dV), and a
 * few for each power or residual; above the layers, softmax and lm_head over the
 * vocabulary; below them, the first norm and each weight's sums over the positions.
 */
export function roundings(
  { nLayer, nEmbd, blockSize, vocabSize }: ModelConfig,
): number {
  const layer = 12 * nEmbd + 2 * blockSize + 32;
  return nLayer * layer + 2 * vocabSize + nEmbd + 3 * blockSize + 32;
}

/** What rounding can do to each value of a sum whose Σ|terms| are `magnitudes`. */
export const bounds = (magnitudes: ArrayLike<number>, k: number): number[] =>
  Array.from(magnitudes, (m) => roundingBound(m, k));

/** Whether `got` is farther from `expected` than rounding (`allowed`) can take it. */
export const beyond = (got: number, expected: number, allowed: number) =>
  !(Object.is(got, expected) || Math.abs(got - expected) <= allowed);

/** How far `got` is from `expected`, past what rounding (`allowed`, when given) can explain. */
export function offBy(got: number, expected: number, allowed?: number): string {
  if (!Number.isFinite(got)) return "not a finite number";
  const e = (x: number) => x >= 0.01 ? x.toPrecision(2) : x.toExponential(1);
  const off = Math.abs(got - expected);
  if (expected === 0) {
    return `off by ${e(off)} where it should be 0: not rounding`;
  }
  const bound = allowed === undefined
    ? ""
    : `, which stays within ${e(allowed / Math.abs(expected))} here`;
  return `off by ${e(off / Math.abs(expected))} relative: not rounding${bound}`;
}

// The reference backward pass, a step at a time.

/** The scratch vectors of layerBackward that a known mistake forgets to zero. */
export type Kept = "dHidden" | "dXMidNorm" | "dXAttn" | "dQ" | "dXNorm";

/** A known mistake in layerBackward, as a change to {@link ReferencePass}. */
export interface Variant {
  /** dXMid starts at 0, not as a copy of dx. */
  readonly noMlpResidual?: boolean;
  /** relu's mask zeroes d(hidden) where hidden > 0. */
  readonly reluInverted?: boolean;
  /** The scores' gradient without the factor 1/√headDim. */
  readonly noInverseRoot?: boolean;
  /** Every position's keys' and values' gradients added to the querying position's tape. */
  readonly ownCache?: boolean;
  /** The scratch vector that is not zeroed. */
  readonly kept?: Kept;
  /**
   * Not a mistake: Σ|terms| of each gradient instead of the gradient, every factor taken by
   * its absolute value and every difference as a sum, for {@link roundingBound}.
   */
  readonly magnitudes?: boolean;
}

/** The vectors layerBackward computes on its way through one layer at one position. */
export interface LayerSteps {
  /** d(loss)/d(hidden), after relu's mask [4·nEmbd]. */
  readonly dHidden: Float64Array;
  /** d(loss)/d(xMidNorm). */
  readonly dXMidNorm: Float64Array;
  /** d(loss)/d(xMid): through the residual and through the MLP. */
  readonly dXMid: Float64Array;
  /** d(loss)/d(xAttn). */
  readonly dXAttn: Float64Array;
  /** d(loss)/d(q). */
  readonly dQ: Float64Array;
  /** d(loss)/d(xNorm). */
  readonly dXNorm: Float64Array;
}

/**
 * The backward pass of the forward passes on `model`'s tapes, written on plain arrays, a
 * step at a time as `gptBackward` takes them: {@link head} at each position, from the last,
 * then {@link layer} for each layer from the top, then {@link embedding}. With a `variant`,
 * as a known mistake in layerBackward computes it, or the magnitudes that bound rounding.
 */
export class ReferencePass {
  /** d(loss)/d(w) so far, laid out as `model.grad`. */
  readonly grad: Float64Array;
  /** d(loss)/d(k) so far, of each tape's layers: `dK[position][layer]`. */
  readonly dK: Float64Array[][];
  /** d(loss)/d(v) so far, likewise. */
  readonly dV: Float64Array[][];
  readonly #kept: Record<Kept, Float64Array>;
  readonly #abs: (x: number) => number;
  /** −1, or 1 for magnitudes, where a difference becomes a sum. */
  readonly #minus: number;

  /** A pass over `model`'s tapes (filled by the given gptForward), no gradient yet. */
  constructor(readonly model: FastGpt, readonly variant: Variant = {}) {
    const e = model.config.nEmbd;
    this.grad = new Float64Array(model.grad.length);
    this.dK = model.tapes.map((t) => t.layers.map(() => new Float64Array(e)));
    this.dV = model.tapes.map((t) => t.layers.map(() => new Float64Array(e)));
    this.#kept = {
      dHidden: new Float64Array(4 * e),
      dXMidNorm: new Float64Array(e),
      dXAttn: new Float64Array(e),
      dQ: new Float64Array(e),
      dXNorm: new Float64Array(e),
    };
    this.#abs = variant.magnitudes ? Math.abs : (x: number) => x;
    this.#minus = variant.magnitudes ? 1 : -1;
  }

  /** The part of {@link grad} that is `m`'s (a matrix of {@link model}). */
  gradOf(m: Matrix): Float64Array {
    const at = m.data.byteOffset / Float64Array.BYTES_PER_ELEMENT;
    return this.grad.subarray(at, at + m.data.length);
  }

  /** lm_head's backward pass at position `t`: returns d(loss)/d(the top layer's output). */
  head(t: number, dLogits: ArrayLike<number>): Float64Array {
    const { tapes, stateDict, config: { nEmbd, nLayer } } = this.model;
    const dx = new Float64Array(nEmbd);
    const dOut = Array.from(dLogits, this.#abs);
    this.#linear(tapes[t].layers[nLayer - 1].out, stateDict.lm_head, dOut, dx);
    return dx;
  }

  /**
   * layerBackward(model, li, t, dx): adds to the layer's weights' gradients and to the keys'
   * and values' of positions 0..t, turns `dx` into d(loss)/d(the layer's input), and returns
   * the vectors it computed on the way (copies).
   */
  layer(li: number, t: number, dx: Float64Array): LayerSteps {
    const e = this.model.config.nEmbd;
    const l = this.model.tapes[t].layers[li];
    const w = this.model.layers[li];
    // The MLP block: out = fc2(relu(fc1(rmsnorm(xMid)))) + xMid
    const dXMid = this.variant.noMlpResidual
      ? new Float64Array(e)
      : Float64Array.from(dx);
    const dHidden = this.#scratch("dHidden");
    this.#linear(l.hiddenRelu, w.fc2, dx, dHidden);
    for (let i = 0; i < 4 * e; i++) {
      if (this.variant.reluInverted ? l.hidden[i] > 0 : l.hidden[i] <= 0) {
        dHidden[i] = 0;
      }
    }
    const dXMidNorm = this.#scratch("dXMidNorm");
    this.#linear(l.xMidNorm, w.fc1, dHidden, dXMidNorm);
    this.#rmsnorm(l.xMid, dXMidNorm, dXMid);
    // The attention block: xMid = wo(heads(q, keys, values)) + x
    dx.set(dXMid);
    const dXAttn = this.#scratch("dXAttn");
    this.#linear(l.xAttn, w.wo, dXMid, dXAttn);
    const dQ = this.#scratch("dQ");
    this.#heads(li, t, dXAttn, dQ);
    const dXNorm = this.#scratch("dXNorm");
    this.#linear(l.xNorm, w.wq, dQ, dXNorm);
    this.#linear(l.xNorm, w.wk, this.dK[t][li], dXNorm);
    this.#linear(l.xNorm, w.wv, this.dV[t][li], dXNorm);
    this.#rmsnorm(l.x, dXNorm, dx);
    const copy = (v: Float64Array) => Float64Array.from(v);
    return {
      dHidden: copy(dHidden),
      dXMidNorm: copy(dXMidNorm),
      dXMid: copy(dXMid),
      dXAttn: copy(dXAttn),
      dQ: copy(dQ),
      dXNorm: copy(dXNorm),
    };
  }

  /** The first rmsnorm's backward pass at position `t`, added to wte and wpe: returns d(emb). */
  embedding(t: number, dx: Float64Array): Float64Array {
    const { tapes, stateDict: sd, config: { nEmbd: e } } = this.model;
    const tape = tapes[t];
    const dEmb = new Float64Array(e);
    this.#rmsnorm(tape.emb, dx, dEmb);
    const wte = this.gradOf(sd.wte), wpe = this.gradOf(sd.wpe);
    for (let i = 0; i < e; i++) {
      wte[tape.tokenId * e + i] += dEmb[i];
      wpe[t * e + i] += dEmb[i];
    }
    return dEmb;
  }

  /** Each head's backward pass at position `t` of layer `li`: dV, dK of 0..t, and dQ. */
  #heads(li: number, t: number, dXAttn: Float64Array, dQ: Float64Array): void {
    const { config: { nEmbd, nHead }, tapes } = this.model;
    const l = tapes[t].layers[li];
    const abs = this.#abs;
    const headDim = nEmbd / nHead;
    const inverseRoot = this.variant.noInverseRoot ? 1 : (headDim ** 0.5) ** -1;
    const into = (d: Float64Array[][], s: number) =>
      d[this.variant.ownCache ? t : s][li];
    for (let h = 0; h < nHead; h++) {
      const weights = l.attnWeights[h];
      const dWeights = new Float64Array(t + 1);
      for (let s = 0; s <= t; s++) {
        const dV = into(this.dV, s);
        for (let j = h * headDim; j < (h + 1) * headDim; j++) {
          dWeights[s] += dXAttn[j] * abs(tapes[s].layers[li].v[j]);
          dV[j] += weights[s] * dXAttn[j];
        }
      }
      let dot = 0;
      for (let s = 0; s <= t; s++) dot += weights[s] * dWeights[s];
      for (let s = 0; s <= t; s++) {
        const dK = into(this.dK, s);
        const dDot = weights[s] * (dWeights[s] + this.#minus * dot) *
          inverseRoot;
        for (let j = h * headDim; j < (h + 1) * headDim; j++) {
          dQ[j] += abs(tapes[s].layers[li].k[j]) * dDot;
          dK[j] += abs(l.q[j]) * dDot;
        }
      }
    }
  }

  /** A scratch vector: zeroed, or kept from the last use when the variant forgets to. */
  #scratch(name: Kept): Float64Array {
    const kept = this.#kept[name];
    return this.variant.kept === name ? kept : new Float64Array(kept.length);
  }

  /** linearBackward: x[c]·dOut[r] into m's gradient, w[r][c]·dOut[r] into dx. */
  #linear(
    x: Float64Array,
    m: Matrix,
    dOut: ArrayLike<number>,
    dx: Float64Array,
  ): void {
    const g = this.gradOf(m);
    const abs = this.#abs;
    for (let r = 0, i = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++, i++) {
        g[i] += abs(x[c]) * dOut[r];
        dx[c] += abs(m.data[i]) * dOut[r];
      }
    }
  }

  /** rmsnormBackward: d(loss)/d(x) into dx, given dOut. */
  #rmsnorm(x: Float64Array, dOut: Float64Array, dx: Float64Array): void {
    const abs = this.#abs;
    let squares = 0, dScale = 0;
    for (let i = 0; i < x.length; i++) {
      squares += x[i] * x[i];
      dScale += abs(x[i]) * dOut[i];
    }
    const ms = squares * x.length ** -1;
    const dSquares = x.length ** -1 *
      (this.#minus * 0.5 * (ms + 1e-5) ** -1.5 * dScale);
    for (let i = 0; i < x.length; i++) {
      dx[i] += (ms + 1e-5) ** -0.5 * dOut[i] + 2 * abs(x[i]) * dSquares;
    }
  }
}

/**
 * Every weight's gradient that the backward pass of `model`'s tapes 0..n − 1 gives, for
 * d(loss)/d(logits of position t) = `dL[t]`: with a `variant`, as a known mistake in
 * layerBackward computes it, or the magnitudes that bound rounding.
 */
export function referenceBackward(
  model: FastGpt,
  n: number,
  dL: readonly (readonly number[])[],
  variant: Variant = {},
): number[] {
  const pass = new ReferencePass(model, variant);
  for (let t = n - 1; t >= 0; t--) {
    const dx = pass.head(t, dL[t]);
    for (let li = model.config.nLayer - 1; li >= 0; li--) pass.layer(li, t, dx);
    pass.embedding(t, dx);
  }
  return [...pass.grad];
}

// The walk.

/** A gradient the test can see after one of the learner's calls, and the reference's. */
interface Seen {
  /** Its name in the lesson's terms: `"d(xMid) (dXMid)"`. */
  readonly name: string;
  /** The learner's code that computes it, once the ones before it are right. */
  readonly from: string;
  /** The learner's values. */
  readonly got: ArrayLike<number>;
  /** The reference's. */
  readonly expected: ArrayLike<number>;
  /** Σ|terms| of each of the reference's. */
  readonly magnitudes: ArrayLike<number>;
  /** The name of entry `i`: `"dXMid[2]"`, `"layer0.mlp_fc1.grad[3][0]"`. */
  readonly at: (i: number) => string;
  /**
   * For a scratch vector: whether the call wrote into it. One it left alone is not where the
   * learner keeps that gradient, and says nothing.
   */
  readonly written?: boolean;
  /** Whether it is one vector, shown whole when short (not a matrix, nor several tapes'). */
  readonly vector?: boolean;
}

/** Up to this many entries, a vector that differs is shown whole. */
const SHOWN = 8;

/** Compares what the learner's calls give with the reference's, in the order computed. */
class Walker {
  /** The last gradient found right. */
  #right: string;
  /** The scratch vectors since, that the learner's code did not write and that differ. */
  #unseen: string[] = [];

  /** A walk that starts from `start`, which is right (given), with `k` roundings on a path. */
  constructor(readonly k: number, start: string) {
    this.#right = start;
  }

  /** Starts a position's backward pass from `start`, which is right (given). */
  from(start: string): void {
    this.#right = start;
    this.#unseen = [];
  }

  /** Where the error enters, when one of `seen` (in order) differs, in `call`. */
  check(call: string, seen: readonly Seen[]): string | undefined {
    for (const s of seen) {
      const allowed = bounds(s.magnitudes, this.k);
      const expected = Array.from(s.expected);
      const i = expected.findIndex((x, j) => beyond(s.got[j], x, allowed[j]));
      if (i < 0) {
        this.#right = s.name;
        this.#unseen = [];
        continue;
      }
      if (s.written === false) {
        this.#unseen.push(s.name);
        continue;
      }
      const unseen = this.#unseen.length === 0
        ? ""
        : `; the test cannot see ${
          this.#unseen.join(" or ")
        } before it, which your code keeps elsewhere than in model.scratch: the error may enter there`;
      const whole = s.vector && expected.length > 1 && expected.length <= SHOWN
        ? ` (all of it: [${Array.from(s.got).join(", ")}], expected [${
          expected.join(", ")
        }])`
        : "";
      return `${call}: ${this.#right} is right, ${s.name} is not: ${
        s.at(i)
      } is ${s.got[i]}, expected ${expected[i]}, ${
        offBy(s.got[i], expected[i], allowed[i])
      }${whole}; it is computed by ${s.from}${unseen}`;
    }
    return undefined;
  }
}

/** A weight matrix's gradient as {@link Seen}: `name` is its key in the state dict. */
function weightSeen(
  name: string,
  what: string,
  from: string,
  m: Matrix,
  ref: ReferencePass,
  mag: ReferencePass,
): Seen {
  return {
    name: what,
    from,
    got: m.grad,
    expected: ref.gradOf(m),
    magnitudes: mag.gradOf(m),
    at: (i) => `${name}.grad[${Math.floor(i / m.cols)}][${i % m.cols}]`,
  };
}

/** A vector as {@link Seen}, named `name` in messages (`"dXMid"`). */
function vectorSeen(
  what: string,
  name: string,
  from: string,
  got: Float64Array,
  expected: Float64Array,
  magnitudes: Float64Array,
  before?: Float64Array,
): Seen {
  return {
    name: what,
    from,
    got,
    expected,
    magnitudes,
    at: (i) => `${name}[${i}]`,
    vector: true,
    written: before === undefined
      ? undefined
      : got.some((x, i) => !Object.is(x, before[i])),
  };
}

/** The keys' or values' gradients (`d` is `"dK"` or `"dV"`) of tapes 0..t, layer li. */
function cacheSeen(
  d: "dK" | "dV",
  what: string,
  from: string,
  model: FastGpt,
  li: number,
  t: number,
  ref: ReferencePass,
  mag: ReferencePass,
): Seen {
  const e = model.config.nEmbd;
  const positions = model.tapes.slice(0, t + 1);
  return {
    name: what,
    from,
    got: positions.flatMap((tape) => [...tape.layers[li][d]]),
    expected: ref[d].slice(0, t + 1).flatMap((l) => [...l[li]]),
    magnitudes: mag[d].slice(0, t + 1).flatMap((l) => [...l[li]]),
    at: (i) => `tapes[${Math.floor(i / e)}].layers[${li}].${d}[${i % e}]`,
  };
}

/** The scratch vectors layerBackward may write, as they are now. */
function snapshot(s: Scratch): LayerSteps {
  const copy = (v: Float64Array) => Float64Array.from(v);
  return {
    dHidden: copy(s.dHidden),
    dXMidNorm: copy(s.dXMidNorm),
    dXMid: copy(s.dXMid),
    dXAttn: copy(s.dXAttn),
    dQ: copy(s.dQ),
    dXNorm: copy(s.dXNorm),
  };
}

/** What the test sees after the learner's `layerBackward(model, li, t, dx)`: two blocks. */
function layerSeen(
  model: FastGpt,
  li: number,
  t: number,
  dx: Float64Array,
  before: LayerSteps,
  [ref, mag]: readonly [ReferencePass, ReferencePass],
  [steps, magSteps, rdx, mdx]: readonly [
    LayerSteps,
    LayerSteps,
    Float64Array,
    Float64Array,
  ],
): { mlp: Seen[]; attention: Seen[] } {
  const s = model.scratch;
  const w = model.layers[li];
  const weight = (key: string, short: string, m: Matrix, from: string) =>
    weightSeen(`layer${li}.${key}`, `${short}'s gradient`, from, m, ref, mag);
  const vector = (what: string, name: keyof LayerSteps, from: string) =>
    vectorSeen(
      what,
      name,
      from,
      s[name],
      steps[name],
      magSteps[name],
      before[name],
    );
  const fc2 = "linearBackward(l.hiddenRelu, w.fc2, dx, dHidden)";
  const fc1 = "linearBackward(l.xMidNorm, w.fc1, dHidden, dXMidNorm)";
  const wo = "linearBackward(l.xAttn, w.wo, dXMid, dXAttn)";
  const scores =
    "the loop over positions s ≤ t: dWeights[s] += dXAttn[j]·(tape s's v[j]), softmaxBackward(weights, dWeights, dScores), dDot = dScores[s]·inverseRoot";
  return {
    mlp: [
      weight("mlp_fc2", "fc2", w.fc2, fc2),
      vector("d(hidden) (dHidden)", "dHidden", `${fc2}, then relu's mask`),
      weight("mlp_fc1", "fc1", w.fc1, fc1),
      vector("d(xMidNorm) (dXMidNorm)", "dXMidNorm", fc1),
      vector(
        "d(xMid) (dXMid)",
        "dXMid",
        "dXMid.set(dx) (the residual), then rmsnormBackward(l.xMid, dXMidNorm, dXMid)",
      ),
    ],
    attention: [
      weight("attn_wo", "wo", w.wo, wo),
      vector("d(xAttn) (dXAttn)", "dXAttn", wo),
      cacheSeen(
        "dV",
        `the dV of tapes 0..${t} (the values' gradients)`,
        "the loop over positions s ≤ t: tape s's dV[j] += weights[s]·dXAttn[j]",
        model,
        li,
        t,
        ref,
        mag,
      ),
      vector(
        "d(q) (dQ)",
        "dQ",
        `${scores}, then dQ[j] += (tape s's k[j])·dDot`,
      ),
      cacheSeen(
        "dK",
        `the dK of tapes 0..${t} (the keys' gradients)`,
        `${scores}, then tape s's dK[j] += l.q[j]·dDot`,
        model,
        li,
        t,
        ref,
        mag,
      ),
      weight(
        "attn_wq",
        "wq",
        w.wq,
        "linearBackward(l.xNorm, w.wq, dQ, dXNorm)",
      ),
      weight(
        "attn_wk",
        "wk",
        w.wk,
        "linearBackward(l.xNorm, w.wk, l.dK, dXNorm), once this position's dK is complete",
      ),
      weight(
        "attn_wv",
        "wv",
        w.wv,
        "linearBackward(l.xNorm, w.wv, l.dV, dXNorm), once this position's dV is complete",
      ),
      vector(
        "d(xNorm) (dXNorm)",
        "dXNorm",
        "the backward passes of wq, wk and wv, each adding into dXNorm",
      ),
      vectorSeen(
        "d(the layer's input) (the dx it leaves)",
        "dx",
        "dx.set(dXMid) (the residual), then rmsnormBackward(l.x, dXNorm, dx)",
        dx,
        rdx,
        mdx,
      ),
    ],
  };
}

/**
 * Where the error enters, when the learner's backward functions, called as `gptBackward`
 * calls them on a model of `c` with weights `data` after the given gptForward of `tokens`
 * (one per position), with d(loss)/d(logits) = `dL[t]` at position t (Σ|terms| of each:
 * `dLMagnitudes`), give a gradient that differs from the {@link ReferencePass}'s: the
 * learner's call, the last gradient that is right and the first that is not, by how much.
 * `undefined` when every gradient the test can see is right, or the learner's code throws.
 */
export function walk(
  fast: Fast,
  c: ModelConfig,
  data: readonly number[],
  tokens: readonly number[],
  dL: readonly (readonly number[])[],
  dLMagnitudes: readonly (readonly number[])[],
): string | undefined {
  try {
    return walkCalls(fast, c, data, tokens, dL, dLMagnitudes);
  } catch {
    return undefined;
  }
}

function walkCalls(
  fast: Fast,
  c: ModelConfig,
  data: readonly number[],
  tokens: readonly number[],
  dL: readonly (readonly number[])[],
  dLMagnitudes: readonly (readonly number[])[],
): string | undefined {
  const model = fast.createFastGpt(c, new Random(0), Float64Array.from(data));
  tokens.forEach((token, t) => fast.gptForward(model, token, t));
  const { scratch, tapes, stateDict: sd, config: { nLayer, nEmbd } } = model;
  const ref = new ReferencePass(model);
  const mag = new ReferencePass(model, { magnitudes: true });
  const walker = new Walker(roundings(c), "");
  const n = tokens.length;
  // As gptBackward does, call for call.
  for (let t = 0; t < n; t++) {
    for (const l of tapes[t].layers) {
      l.dK.fill(0);
      l.dV.fill(0);
    }
  }
  for (let t = n - 1; t >= 0; t--) {
    const tape = tapes[t];
    const { dLogits, dx, dEmb } = scratch;
    dLogits.fill(0);
    for (let i = 0; i < dLogits.length; i++) dLogits[i] += dL[t][i];
    dx.fill(0);
    fast.linearBackward(tape.layers[nLayer - 1].out, sd.lm_head, dLogits, dx);
    const rdx = ref.head(t, dL[t]), mdx = mag.head(t, dLMagnitudes[t]);
    const head = "linearBackward(out, lm_head, dLogits, dx)";
    walker.from(`d(loss)/d(logits) at position ${t}`);
    const found = walker.check(
      `at position ${t}, gptBackward's call ${head}`,
      [
        weightSeen("lm_head", "lm_head's gradient", head, sd.lm_head, ref, mag),
        vectorSeen(
          `d(layer ${nLayer - 1}'s output) (dx)`,
          "dx",
          head,
          dx,
          rdx,
          mdx,
        ),
      ],
    ) ?? walkLayers(fast, model, t, [ref, mag], [rdx, mdx], walker);
    if (found !== undefined) return found;
    dEmb.fill(0);
    fast.rmsnormBackward(tape.emb, dx, dEmb);
    const wte = sd.wte.grad, wpe = sd.wpe.grad;
    for (let i = 0; i < nEmbd; i++) {
      wte[tape.tokenId * nEmbd + i] += dEmb[i];
      wpe[t * nEmbd + i] += dEmb[i];
    }
    const norm = "rmsnormBackward(tape.emb, dx, dEmb)";
    const last = walker.check(
      `at position ${t}, gptBackward's call ${norm}`,
      [
        vectorSeen(
          "d(emb) (dEmb)",
          "dEmb",
          norm,
          dEmb,
          ref.embedding(t, rdx),
          mag.embedding(t, mdx),
        ),
        weightSeen("wte", "wte's gradient", norm, sd.wte, ref, mag),
        weightSeen("wpe", "wpe's gradient", norm, sd.wpe, ref, mag),
      ],
    );
    if (last !== undefined) return last;
  }
  return undefined;
}

/** The learner's layerBackward at position `t`, from the top layer down, each call checked. */
function walkLayers(
  fast: Fast,
  model: FastGpt,
  t: number,
  passes: readonly [ReferencePass, ReferencePass],
  [rdx, mdx]: readonly [Float64Array, Float64Array],
  walker: Walker,
): string | undefined {
  const { dx } = model.scratch;
  for (let li = model.config.nLayer - 1; li >= 0; li--) {
    const before = snapshot(model.scratch);
    fast.layerBackward(model, li, t, dx);
    const steps = passes[0].layer(li, t, rdx);
    const magSteps = passes[1].layer(li, t, mdx);
    const { mlp, attention } = layerSeen(
      model,
      li,
      t,
      dx,
      before,
      passes,
      [steps, magSteps, rdx, mdx],
    );
    const call =
      `layerBackward(model, ${li}, ${t}, dx) (layer ${li}, position ${t})`;
    const found = walker.check(`${call}, in the MLP block`, mlp) ??
      walker.check(`${call}, in the attention block`, attention);
    if (found !== undefined) return found;
  }
  return undefined;
}

// The loss.

/**
 * What lossAndGrad's callback should give gptBackward at each of the n positions of `tokens`
 * on a model of `c` with weights `data`, from the given forward pass: d(loss)/d(probs) and
 * d(loss)/d(logits), and Σ|terms| of each d(logits); with `current`, for the token fed in as
 * the target (a known mistake). `model` holds the forward pass's tapes.
 */
export function lossLogits(
  fast: Fast,
  c: ModelConfig,
  data: readonly number[],
  tokens: readonly number[],
  current = false,
): {
  model: FastGpt;
  dProbs: number[][];
  dL: number[][];
  magnitudes: number[][];
} {
  const model = fast.createFastGpt(c, new Random(0), Float64Array.from(data));
  const n = Math.min(c.blockSize, tokens.length - 1);
  const dProbs: number[][] = [],
    dL: number[][] = [],
    magnitudes: number[][] = [];
  for (let t = 0; t < n; t++) {
    const p = new Float64Array(c.vocabSize);
    fast.softmax(fast.gptForward(model, tokens[t], t), p);
    const target = tokens[current ? t : t + 1];
    const dp = Array.from(p, () => 0);
    dp[target] = (1 / p[target]) * (-1 * (1 / n));
    let dot = 0;
    for (let i = 0; i < p.length; i++) dot += p[i] * dp[i];
    dProbs.push(dp);
    dL.push(Array.from(p, (pj, j) => pj * (dp[j] - dot)));
    // p[j]·(|dProbs[j]| + p[target]·|dProbs[target]|), dProbs[target] = −1 / (n·p[target])
    magnitudes.push(
      Array.from(p, (pj, j) => (pj + (j === target ? 1 : 0)) / n),
    );
  }
  return { model, dProbs, dL, magnitudes };
}

/**
 * Where the error enters when lossAndGrad of `tokens` on a model of `c` with weights `data`
 * adds a wrong gradient to model.grad, though its loss is right: `got` is what it left in
 * model.scratch, position 0's dProbs and dLogits (the last that gptBackward asks its
 * callback for). When they are right, {@link walk} runs the learner's backward functions
 * from the right d(logits) at every position; when those are right too, the error is in
 * lossAndGrad, outside them (but for `inside`, where only those are located).
 */
export function walkLoss(
  fast: Fast,
  c: ModelConfig,
  data: readonly number[],
  tokens: readonly number[],
  got: { readonly dProbs: Float64Array; readonly dLogits: Float64Array },
  { inside = false } = {},
): string | undefined {
  const n = Math.min(c.blockSize, tokens.length - 1);
  const { dProbs, dL, magnitudes } = lossLogits(fast, c, data, tokens);
  const walker = new Walker(roundings(c), "the loss");
  const first = walker.check(
    "at position 0, in lossAndGrad's callback to gptBackward (position 0 is the last it is called for: model.scratch keeps what it left)",
    [
      {
        name: "d(probs) (dProbs)",
        from:
          "dProbs.fill(0), then dProbs[target] = (1 / p[target])·(−1·(1 / n)), target = tokens[t + 1]",
        got: got.dProbs,
        expected: dProbs[0],
        magnitudes: dProbs[0].map(Math.abs),
        at: (i) => `dProbs[${i}]`,
        vector: true,
        written: got.dProbs.some((x) => x !== 0),
      },
      {
        name: "d(logits) (dLogits)",
        from: "softmaxBackward(tape.probs, dProbs, dLogits)",
        got: got.dLogits,
        expected: dL[0],
        magnitudes: magnitudes[0],
        at: (i) => `dLogits[${i}]`,
        vector: true,
      },
    ],
  );
  if (first !== undefined) return first;
  const below = walk(fast, c, data, tokens.slice(0, n), dL, magnitudes);
  if (below !== undefined) {
    return `position 0's d(logits) from lossAndGrad is right, and from the right d(logits) at every position, ${below}`;
  }
  if (inside) return undefined;
  return `in lossAndGrad, outside the backward functions: position 0's d(logits) is right, and from the right d(logits) at every position your linearBackward, layerBackward and rmsnormBackward give every gradient right; so it is ${
    n > 1 ? `the d(logits) of a later position (1 to ${n - 1}), or ` : ""
  }how lossAndGrad calls gptBackward`;
}
