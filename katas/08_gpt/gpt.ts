// Kata 08 · gpt: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/08_gpt/gpt.ts by `deno task stubs`.
/**
 * Kata 08 · gpt: the model's parameters, and one forward step of the whole network.
 *
 * microgpt.py, "Initialize the parameters" and `gpt()`: every weight is a {@link Value} drawn
 * from a Gaussian; the forward pass embeds one token at one position, runs it through the
 * transformer layers (attention, then an MLP, each after an rmsnorm and with a residual
 * connection around it) and returns the logits of the next token.
 *
 * @module
 */
import type { Random } from "../../lib/random.ts";
import { Value } from "../02_value/value.ts";
import { linear } from "../04_linear/linear.ts";
import { rmsnorm } from "../06_rmsnorm/rmsnorm.ts";
import { attention } from "../07_attention/attention.ts";

/** The model's sizes; microgpt's are {@link MICROGPT}. */
export interface GptConfig {
  /** How many tokens there are (the characters, and BOS). */
  readonly vocabSize: number;
  /** The width of every vector inside the model. */
  readonly nEmbd: number;
  /** Attention heads per layer; they split nEmbd between them. */
  readonly nHead: number;
  /** Transformer layers. */
  readonly nLayer: number;
  /** The most positions the model can take. */
  readonly blockSize: number;
}

/** microgpt's `n_embd, n_head, n_layer, block_size = 16, 4, 1, 16`, for its 27 tokens. */
export const MICROGPT: GptConfig = {
  vocabSize: 27,
  nEmbd: 16,
  nHead: 4,
  nLayer: 1,
  blockSize: 16,
};

/** The weights by microgpt's names: `"wte"`, `"layer0.attn_wq"`, … each [rows][columns]. */
export type StateDict = Record<string, Value[][]>;

/** A model: its sizes, its weights by name, and all of them in one flat list. */
export interface Gpt {
  /** Its sizes. */
  readonly config: GptConfig;
  /** Its weights by name. */
  readonly stateDict: StateDict;
  /** Every weight, matrix by matrix in the state dict's order, each row by row. */
  readonly params: Value[];
}

/**
 * microgpt's `matrix(nout, nin)`: nout rows of nin new Values, each drawn with
 * `rng.gauss(0, std)`, row by row.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * matrix(2, 3, new Random(42)).map((row) => row.length); // [3, 3]
 * ```
 */
export function matrix(
  nout: number,
  nin: number,
  rng: Random,
  std = 0.08,
): Value[][] {
  void [nout, nin, rng, std];
  throw new Error("not implemented: matrix, see README.md");
}

/**
 * A new model: the state dict `wte` [vocab][nEmbd], `wpe` [blockSize][nEmbd], `lm_head`
 * [vocab][nEmbd], then for each layer i `layer{i}.attn_wq`, `attn_wk`, `attn_wv`, `attn_wo`
 * [nEmbd][nEmbd], `mlp_fc1` [4·nEmbd][nEmbd] and `mlp_fc2` [nEmbd][4·nEmbd], drawn in that
 * order; `params` lists them all, in the same order.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * createGpt(MICROGPT, new Random(42)).params.length; // 4192
 * ```
 */
export function createGpt(config: GptConfig, rng: Random): Gpt {
  void [config, rng];
  throw new Error("not implemented: createGpt, see README.md");
}

/**
 * The logits ([vocabSize]) of the token after `tokenId` at position `posId`: x = wte[token] +
 * wpe[pos], rmsnorm; then for each layer, x += attention(rmsnorm(x)) (with this layer's
 * weights and caches `keys[li]`, `values[li]`, which it appends to) and x +=
 * fc2(relu(fc1(rmsnorm(x)))); the logits are lm_head · x.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * const model = createGpt(MICROGPT, new Random(42));
 * gpt(model, 26, 0, [[]], [[]]).length; // 27
 * ```
 */
export function gpt(
  model: Gpt,
  tokenId: number,
  posId: number,
  keys: Value[][][],
  values: Value[][][],
): Value[] {
  void [model, tokenId, posId, keys, values, linear, rmsnorm, attention];
  throw new Error("not implemented: gpt, see README.md");
}
