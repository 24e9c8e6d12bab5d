/**
 * Diagnoses: the known learner mistakes a suite recognises, each with a stable id.
 *
 * @module
 */

/**
 * A known learner mistake that a suite recognises. Its `id` is its identity: a planted mutant
 * names the diagnosis it expects by id, and the honesty meta-test checks that it is the first
 * one the learner sees (see {@link diagnoses}).
 */
export interface Diagnosis {
  /** Unique across the project: `"03_backward/assign"`. */
  readonly id: string;
  /** What the learner reads after "this looks like": the mistake, then the fix. */
  readonly text: string;
}

/**
 * A kata's diagnoses, made from `{ key: text }`: each gets the id `"<kata>/<key>"`.
 *
 * @example
 * ```ts
 * const D = diagnoses("02_value", { swappedProduct: "the product rule with the grads swapped" });
 * D.swappedProduct.id; // "02_value/swappedProduct"
 * ```
 */
export function diagnoses<K extends string>(
  kata: string,
  texts: Record<K, string>,
): Record<K, Diagnosis> {
  const out = {} as Record<K, Diagnosis>;
  for (const key of Object.keys(texts) as K[]) {
    out[key] = { id: `${kata}/${key}`, text: texts[key] };
  }
  return out;
}
