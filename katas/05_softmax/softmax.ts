// Kata 05 · softmax: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/05_softmax/softmax.ts by `deno task stubs`.
/**
 * Kata 05 · softmax: scores (logits) to probabilities, numerically stable.
 *
 * microgpt.py, "Define the model architecture": `softmax(logits)`. The GPT uses it twice:
 * on the attention scores of every head (kata 07) and on the logits of the next token, for
 * the loss (kata 11) and for sampling (kata 10).
 *
 * @module
 */
import type { Value } from "../02_value/value.ts";
import { sum } from "../04_linear/linear.ts";

/**
 * exp(logit) / (the sum of all the exps), for every logit, computed as microgpt does: the
 * largest logit (a plain number, so no gradient flows through it) is subtracted first, so
 * `exp` never overflows. The result is positive, sums to 1 and keeps the logits' order.
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * softmax([new Value(0), new Value(Math.log(3))]).map((p) => p.data); // ≈ [0.25, 0.75]
 * ```
 */
export function softmax(logits: readonly Value[]): Value[] {
  void [logits, sum];
  throw new Error("not implemented: softmax, see README.md");
}
