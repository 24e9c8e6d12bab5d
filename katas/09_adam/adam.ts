// Kata 09 · adam: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/09_adam/adam.ts by `deno task stubs`.
/**
 * Kata 09 · adam: one step of the Adam optimizer, with the learning rate decaying linearly.
 *
 * microgpt.py, the training loop: after `loss.backward()`, every parameter moves against its
 * gradient. Adam keeps two running averages per parameter, of the gradient (`m`, the
 * momentum) and of its square (`v`), and steps by their ratio, so every parameter moves by
 * about the learning rate, whatever the scale of its gradient. Then the gradients are set
 * back to 0 for the next step.
 *
 * @module
 */
import type { Value } from "../02_value/value.ts";

/** Adam's hyperparameters: microgpt's are {@link MICROGPT_ADAM}. */
export interface AdamConfig {
  /** The learning rate at step 0; it decays linearly to 0 at the last step. */
  readonly lr: number;
  /** How much of the running average of the gradient is kept each step. */
  readonly beta1: number;
  /** How much of the running average of the squared gradient is kept each step. */
  readonly beta2: number;
  /** Added to the root of the second moment, so that a zero gradient divides nothing by 0. */
  readonly eps: number;
}

/** microgpt's `learning_rate, beta1, beta2, eps_adam = 0.01, 0.85, 0.99, 1e-8`. */
export const MICROGPT_ADAM: AdamConfig = {
  lr: 0.01,
  beta1: 0.85,
  beta2: 0.99,
  eps: 1e-8,
};

/**
 * The optimizer of a flat list of parameters: it owns one first moment (`m`) and one second
 * moment (`v`) per parameter, both starting at 0.
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const p = new Value(1);
 * const adam = new Adam([p]);
 * p.grad = 0.5;
 * adam.step(0, 1000); // p.data ≈ 1 - 0.01, p.grad = 0
 * ```
 */
export class Adam {
  /** The first moments, microgpt's `m`: one per parameter. */
  readonly m: number[];
  /** The second moments, microgpt's `v`: one per parameter. */
  readonly v: number[];

  /** An optimizer for `params`, with moments at 0. */
  constructor(
    readonly params: readonly Value[],
    readonly config: AdamConfig = MICROGPT_ADAM,
  ) {
    this.m = params.map(() => 0);
    this.v = params.map(() => 0);
  }

  /**
   * Step `step` (0, 1, … numSteps - 1) of `numSteps`: with lr_t = lr · (1 - step / numSteps),
   * for every parameter p with gradient g:
   * m = beta1·m + (1 - beta1)·g, v = beta2·v + (1 - beta2)·g²,
   * m̂ = m / (1 - beta1^(step+1)), v̂ = v / (1 - beta2^(step+1)),
   * p.data -= lr_t · m̂ / (v̂^0.5 + eps), then p.grad = 0.
   */
  step(step: number, numSteps: number): void {
    void [step, numSteps];
    throw new Error("not implemented: Adam.step, see README.md");
  }
}
