// Kata 06 · rmsnorm: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/06_rmsnorm/rmsnorm.ts by `deno task stubs`.
/**
 * Kata 06 · rmsnorm: scale a vector to a root mean square of about 1.
 *
 * microgpt.py, "Define the model architecture": `rmsnorm(x)`, the last helper before `gpt`.
 * The GPT normalizes the embedding, then the input of every attention and MLP block (kata
 * 08), so the numbers flowing through it stay in a steady range. Unlike GPT-2's LayerNorm it
 * subtracts no mean and has no learned scale.
 *
 * @module
 */
import type { Value } from "../02_value/value.ts";
import { sum } from "../04_linear/linear.ts";

/**
 * `x` times (mean(x²) + 1e-5)^-0.5: every element divided by the vector's root mean square
 * (the 1e-5 keeps an all-zero vector finite).
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * rmsnorm([new Value(3), new Value(-4)]).map((v) => v.data); // ≈ [0.8485, -1.1314]
 * ```
 */
export function rmsnorm(x: readonly Value[]): Value[] {
  void [x, sum];
  throw new Error("not implemented: rmsnorm, see README.md");
}
