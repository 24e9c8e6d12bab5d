/**
 * microgpt's building blocks on plain numbers, written independently of the katas, in
 * microgpt.py's order of operations: the suites of katas 04 on compare the learner's
 * `Value` graphs with them, value for value and (through central differences) gradient for
 * gradient.
 *
 * @module
 */

/** A matrix as rows: [nout][nin]. */
export type Matrix = readonly (readonly number[])[];

/** Python's `sum`: 0, then each value added left to right. */
export function plainSum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

/** `w` × `x`, each row's products summed left to right from 0, as microgpt's `linear`. */
export function matVec(w: Matrix, x: readonly number[]): number[] {
  return w.map((row) => plainSum(row.map((wi, i) => wi * x[i])));
}

/** microgpt's `softmax`: the max subtracted, exp, each times the total to the power -1. */
export function plainSoftmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l + -max));
  const total = plainSum(exps);
  return exps.map((e) => e * total ** -1);
}

/** microgpt's `rmsnorm`: x times (mean of the squares + 1e-5)^-0.5. */
export function plainRmsnorm(x: readonly number[]): number[] {
  const ms = plainSum(x.map((xi) => xi * xi)) * x.length ** -1;
  const scale = (ms + 1e-5) ** -0.5;
  return x.map((xi) => xi * scale);
}

/** One layer's attention weights on plain numbers. */
export interface PlainAttention {
  /** Queries, [nEmbd][nEmbd]. */
  readonly wq: Matrix;
  /** Keys. */
  readonly wk: Matrix;
  /** Values. */
  readonly wv: Matrix;
  /** Output projection. */
  readonly wo: Matrix;
}

/**
 * Multi-head causal self-attention over a whole sequence at once, in matrix form: Q, K and V
 * for every position, then for each position p and head h the scores against every position
 * t, masked to -Infinity where t > p, softmax, the weighted sum of V. The rows of the result
 * are the outputs of positions 0, 1, …. To name a learner's mistake, the scores can be divided
 * by another `scale` than √headDim, and every head can score against the keys' first slice.
 */
export function causalAttention(
  xs: readonly (readonly number[])[],
  w: PlainAttention,
  nHead: number,
  { scale = (xs[0].length / nHead) ** 0.5, keysFromFirstSlice = false }: {
    scale?: number;
    keysFromFirstSlice?: boolean;
  } = {},
): number[][] {
  const Q = xs.map((x) => matVec(w.wq, x));
  const K = xs.map((x) => matVec(w.wk, x));
  const V = xs.map((x) => matVec(w.wv, x));
  const headDim = xs[0].length / nHead;
  return xs.map((_, p) => {
    const out: number[] = [];
    for (let h = 0; h < nHead; h++) {
      const cols = Array.from({ length: headDim }, (_, j) => h * headDim + j);
      const scores = K.map((k, t) =>
        t > p
          ? -Infinity // the mask: position p does not see later positions
          : plainSum(
            cols.map((c, j) => Q[p][c] * k[keysFromFirstSlice ? j : c]),
          ) * scale ** -1
      );
      const weights = plainSoftmax(scores);
      for (const c of cols) {
        out.push(plainSum(V.slice(0, p + 1).map((v, t) => weights[t] * v[c])));
      }
    }
    return matVec(w.wo, out);
  });
}
