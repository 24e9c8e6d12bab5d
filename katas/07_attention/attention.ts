// Kata 07 · attention: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/07_attention/attention.ts by `deno task stubs`.
/**
 * Kata 07 · attention: multi-head causal self-attention for one position, with a KV cache.
 *
 * microgpt.py, `gpt()`, the "Multi-head attention block" of each layer (without the rmsnorm
 * before it and the residual after it, which kata 08 adds). The GPT reads one token at a time:
 * each call projects the current position's x into a query, a key and a value, appends the
 * key and value to the layer's cache, and lets the query look at every cached position, this
 * one included and none after it (that is what makes it causal).
 *
 * @module
 */
import type { Value } from "../02_value/value.ts";
import { dot, linear } from "../04_linear/linear.ts";
import { softmax } from "../05_softmax/softmax.ts";

/** One layer's attention weights, microgpt's `layer{i}.attn_wq` … `attn_wo`: each [nEmbd][nEmbd]. */
export interface AttentionWeights {
  /** Queries: what this position looks for. */
  readonly wq: readonly (readonly Value[])[];
  /** Keys: what each position offers to be found by. */
  readonly wk: readonly (readonly Value[])[];
  /** Values: what each position passes on when it is attended to. */
  readonly wv: readonly (readonly Value[])[];
  /** The output projection, applied to the heads' outputs side by side. */
  readonly wo: readonly (readonly Value[])[];
}

/**
 * The attention output for the position whose input is `x` ([nEmbd]): q, k and v are
 * `linear(x, w.wq)` etc.; k and v are appended to `keys` and `values` (this layer's cache,
 * one vector per position so far); each of the `nHead` heads takes its slice of headDim =
 * nEmbd / nHead components, scores every cached position t with q_h · k_h[t] / √headDim,
 * turns the scores into weights with softmax and sums the cached v_h[t] with them; the heads'
 * outputs, side by side, go through `w.wo`. Returns [nEmbd].
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const eye = [[1, 0], [0, 1]].map((row) => row.map((n) => new Value(n)));
 * const keys: Value[][] = [];
 * const values: Value[][] = [];
 * const w = { wq: eye, wk: eye, wv: eye, wo: eye };
 * attention([new Value(1), new Value(2)], w, keys, values, 1).map((o) => o.data); // [1, 2]
 * keys.length; // 1
 * ```
 */
export function attention(
  x: readonly Value[],
  w: AttentionWeights,
  keys: Value[][],
  values: Value[][],
  nHead: number,
): Value[] {
  void [x, w, keys, values, nHead, dot, linear, softmax];
  throw new Error("not implemented: attention, see README.md");
}
