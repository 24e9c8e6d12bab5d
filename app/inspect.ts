/**
 * What `deno task run --serve`'s page shows of a trained model for a name you type: microgpt's
 * forward pass in plain numbers (rmsnorm, attention per head with its softmax weights kept,
 * the MLP with relu, lm_head), read from the weights of any engine by microgpt's names
 * (`app/engines.ts`'s {@linkcode RunParts}: the solutions' or, with `--mine`, the learner's
 * trained weights). It returns, at each position, every layer's and head's attention weights
 * over the positions so far, and the probabilities of the next letter.
 *
 * @module
 */
import { UserError } from "./cli.ts";
import type { Random } from "../lib/random.ts";
import type { RunParts } from "./engines.ts";

/** What the model makes of one name, position by position (BOS first). */
export interface Inspection {
  /** The tokens read, one per position: `"BOS"`, then the name's letters. */
  readonly tokens: string[];
  /** The vocabulary, in token order: the letters, then `"end"` (BOS as the next token). */
  readonly vocab: string[];
  /** Attention weights `[layer][head][position][0..position]`: row t has t + 1 weights. */
  readonly attention: number[][][][];
  /** The logits of the next token at each position `[position][vocab]`. */
  readonly logits: number[][];
  /** softmax(logits): the next token's probabilities `[position][vocab]`. */
  readonly probs: number[][];
}

type Rows = number[][];

/** A weight matrix of `parts` as rows of numbers. */
function rowsOf(parts: RunParts, name: string): Rows {
  const w = parts.weights[name];
  return Array.from(
    { length: w.rows },
    (_, r) => Array.from({ length: w.cols }, (_, c) => w.get(r, c)),
  );
}

const linear = (x: number[], w: Rows) =>
  w.map((row) => row.reduce((s, wi, i) => s + wi * x[i], 0));

function rmsnorm(x: number[]): number[] {
  const ms = x.reduce((s, xi) => s + xi * xi, 0) / x.length;
  const scale = (ms + 1e-5) ** -0.5;
  return x.map((xi) => xi * scale);
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

const add = (a: number[], b: number[]) => a.map((ai, i) => ai + b[i]);

/**
 * Why `name` cannot be inspected with `parts` (empty, longer than the model's block size
 * allows, or with a character outside the vocabulary), or undefined when it can.
 *
 * @example
 * ```ts ignore
 * nameProblem(parts, "émile"); // "\"é\" is not in the model's vocabulary …"
 * ```
 */
export function nameProblem(
  parts: RunParts,
  name: string,
): string | undefined {
  const chars = [...name];
  const most = parts.config.blockSize - 1;
  if (chars.length === 0) return "type a name first";
  if (chars.length > most) {
    const shown = chars.length > 20 ? `${chars.slice(0, 20).join("")}…` : name;
    return `"${shown}" has ${chars.length} characters: the model reads at most ${most} (--block-size ${parts.config.blockSize} minus one for BOS) — type a shorter name`;
  }
  const unknown = chars.find((ch) => !parts.uchars.includes(ch));
  if (unknown !== undefined) {
    return `${JSON.stringify(unknown)} is not in the model's vocabulary (${
      parts.uchars.join("")
    }): type a name made of those characters`;
  }
  return undefined;
}

/**
 * The trained model's attention weights and next-letter probabilities at each position of
 * BOS + `name`. A name {@link nameProblem} refuses is a one-line `UserError`.
 *
 * @example
 * ```ts
 * import * as fast from "../solutions/12_efficiency/efficiency.ts";
 * import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
 * import { fastEngine } from "./engines.ts";
 * const engine = fastEngine(fast);
 * const run = engine.setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 1 });
 * inspect(engine.parts(run), "ava").probs.length; // 4: BOS, a, v, a
 * ```
 */
export function inspect(parts: RunParts, name: string): Inspection {
  const problem = nameProblem(parts, name);
  if (problem !== undefined) throw new UserError(problem);
  const bos = parts.uchars.length;
  const ids = [bos, ...[...name].map((ch) => parts.uchars.indexOf(ch))];
  const { attention, logits } = forward(parts, ids);
  return {
    tokens: ["BOS", ...name],
    vocab: [...parts.uchars, "end"],
    attention,
    logits,
    probs: logits.map(softmax),
  };
}

/**
 * A name sampled from `parts`'s weights as they are, at `temperature`, with `rng`: a
 * generator of its own, so the run's generator (and what it prints) stays as it is. The
 * page shows one every so many steps while the model trains.
 *
 * @example
 * ```ts
 * import * as fast from "../solutions/12_efficiency/efficiency.ts";
 * import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
 * import { Random } from "../lib/random.ts";
 * import { fastEngine } from "./engines.ts";
 * const engine = fastEngine(fast);
 * const run = engine.setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 1 });
 * preview(engine.parts(run), new Random(1), 0.5); // a few letters
 * ```
 */
export function preview(
  parts: RunParts,
  rng: Random,
  temperature: number,
): string {
  const bos = parts.uchars.length;
  const ids = [bos];
  while (ids.length < parts.config.blockSize) {
    const logits = forward(parts, ids).logits.at(-1)!;
    const next = rng.choices(softmax(logits.map((l) => l / temperature)));
    if (next === bos) break;
    ids.push(next);
  }
  return ids.slice(1).map((id) => parts.uchars[id]).join("");
}

/**
 * microgpt's forward pass over the tokens `ids` (from position 0), on the weights of
 * `parts`: each position's logits, and each layer's and head's attention weights.
 */
function forward(
  parts: RunParts,
  ids: readonly number[],
): { attention: number[][][][]; logits: Rows } {
  const { nLayer, nHead, nEmbd } = parts.config;
  const headDim = nEmbd / nHead;
  const [wte, wpe, lmHead] = ["wte", "wpe", "lm_head"].map((n) =>
    rowsOf(parts, n)
  );
  const layers = Array.from({ length: nLayer }, (_, li) => {
    const w = (n: string) => rowsOf(parts, `layer${li}.${n}`);
    return {
      wq: w("attn_wq"),
      wk: w("attn_wk"),
      wv: w("attn_wv"),
      wo: w("attn_wo"),
      fc1: w("mlp_fc1"),
      fc2: w("mlp_fc2"),
      keys: [] as Rows,
      values: [] as Rows,
    };
  });
  const attention = layers.map(() =>
    Array.from({ length: nHead }, () => [] as Rows)
  );
  const logits: Rows = [];
  ids.forEach((tokenId, posId) => {
    let x = rmsnorm(add(wte[tokenId], wpe[posId]));
    layers.forEach((l, li) => {
      // 1) Multi-head attention block
      const residual = x;
      const xn = rmsnorm(x);
      const q = linear(xn, l.wq);
      l.keys.push(linear(xn, l.wk));
      l.values.push(linear(xn, l.wv));
      const xAttn: number[] = [];
      for (let h = 0; h < nHead; h++) {
        const hs = h * headDim;
        const scores = l.keys.map((k) => {
          let s = 0;
          for (let j = hs; j < hs + headDim; j++) s += q[j] * k[j];
          return s / headDim ** 0.5;
        });
        const weights = softmax(scores);
        attention[li][h].push(weights);
        for (let j = hs; j < hs + headDim; j++) {
          xAttn.push(weights.reduce((s, wt, t) => s + wt * l.values[t][j], 0));
        }
      }
      x = add(linear(xAttn, l.wo), residual);
      // 2) MLP block
      const hidden = linear(rmsnorm(x), l.fc1).map((v) => Math.max(0, v));
      x = add(linear(hidden, l.fc2), x);
    });
    logits.push(linear(x, lmHead));
  });
  return { attention, logits };
}
