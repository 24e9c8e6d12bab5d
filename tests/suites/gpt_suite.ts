/**
 * Kata 08 · gpt: the property suite, run on `katas/08_gpt` and `solutions/08_gpt`, each with
 * its own tree's katas 02–07.
 *
 * The parameters are checked first (the draws of `matrix`, the state dict's names, order and
 * shapes, microgpt.py's own values for seed 42), then the forward pass: the logits' length, a
 * fresh model's loss, every logit against a plain-number GPT that takes the whole sequence at
 * once with a causal mask (written here, on `tests/harness/reference.ts`), and gradients.
 *
 * @module
 */
import fc from "fast-check";
import { Random } from "../../lib/random.ts";
import type * as GptModule from "../../solutions/08_gpt/gpt.ts";
import { type AttentionImpl, attentionSuite } from "./attention_suite.ts";
import { checkGradients } from "../harness/gradients.ts";
import {
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  count,
  diagnoses,
  forAll,
  type Mistake,
  ROUNDING,
  type Suite,
} from "../harness/harness.ts";
import { linearPrerequisites } from "./linear_suite.ts";
import INIT from "../data/gpt_init_seed42.json" with { type: "json" };
import {
  causalAttention,
  type Matrix,
  matVec,
  plainRmsnorm,
  plainSoftmax,
  plainSum,
} from "../harness/reference.ts";
import { type RmsnormImpl, rmsnormSuite } from "./rmsnorm_suite.ts";
import { softmaxSuite } from "./softmax_suite.ts";

/** The modules kata 08 uses: its own `gpt.ts`, and the same tree's katas 02–07. */
export interface GptImpl extends AttentionImpl, RmsnormImpl {
  /** `gpt.ts` */
  readonly gpt: typeof GptModule;
}

type Node = GptImpl["value"]["Value"]["prototype"];
type Config = GptModule.GptConfig;

/** The state dict's names, in microgpt's order, and each matrix's shape. */
export function layout(c: Config): [string, number, number][] {
  const n = c.nEmbd;
  const out: [string, number, number][] = [
    ["wte", c.vocabSize, n],
    ["wpe", c.blockSize, n],
    ["lm_head", c.vocabSize, n],
  ];
  for (let i = 0; i < c.nLayer; i++) {
    out.push(
      [`layer${i}.attn_wq`, n, n],
      [`layer${i}.attn_wk`, n, n],
      [`layer${i}.attn_wv`, n, n],
      [`layer${i}.attn_wo`, n, n],
      [`layer${i}.mlp_fc1`, 4 * n, n],
      [`layer${i}.mlp_fc2`, n, 4 * n],
    );
  }
  return out;
}

/** A known mistake in the forward pass, as a change to the plain-number GPT below. */
interface Variant {
  readonly noPos?: boolean;
  readonly noFirstNorm?: boolean;
  readonly noPreNorm?: boolean;
  readonly noAttnResidual?: boolean;
  readonly noMlpResidual?: boolean;
  readonly noRelu?: boolean;
  readonly layer0Always?: boolean;
}

/**
 * microgpt's GPT on plain numbers over a whole sequence at once: the logits at every
 * position of `tokens`, attention masked so that no position sees a later one.
 */
export function plainGpt(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
  v: Variant = {},
): number[][] {
  const add = (a: readonly number[], b: readonly number[]) =>
    a.map((x, i) => x + b[i]);
  let xs = tokens.map((t, pos) => {
    const x = v.noPos ? [...sd.wte[t]] : add(sd.wte[t], sd.wpe[pos]);
    return v.noFirstNorm ? x : plainRmsnorm(x);
  });
  for (let li = 0; li < c.nLayer; li++) {
    const l = v.layer0Always ? 0 : li;
    const w = {
      wq: sd[`layer${l}.attn_wq`],
      wk: sd[`layer${l}.attn_wk`],
      wv: sd[`layer${l}.attn_wv`],
      wo: sd[`layer${l}.attn_wo`],
    };
    const normed = xs.map((x) => v.noPreNorm ? x : plainRmsnorm(x));
    const attn = causalAttention(normed, w, c.nHead);
    xs = xs.map((x, p) => v.noAttnResidual ? attn[p] : add(attn[p], x));
    xs = xs.map((x) => {
      let h = matVec(sd[`layer${l}.mlp_fc1`], plainRmsnorm(x));
      if (!v.noRelu) h = h.map((y) => Math.max(0, y));
      const out = matVec(sd[`layer${l}.mlp_fc2`], h);
      return v.noMlpResidual ? out : add(out, x);
    });
  }
  return xs.map((x) => matVec(sd.lm_head, x));
}

/** The mean of -log p(next token) over `tokens`, on plain numbers, as microgpt's loss. */
export function plainLoss(
  sd: Readonly<Record<string, Matrix>>,
  c: Config,
  tokens: readonly number[],
): number {
  const logits = plainGpt(sd, c, tokens.slice(0, -1));
  const losses = logits.map((l, p) =>
    -Math.log(plainSoftmax(l)[tokens[p + 1]])
  );
  return plainSum(losses) * (1 / losses.length);
}

/** The weights of a state dict as plain numbers, by name. */
export const numbers = (
  sd: Readonly<Record<string, readonly (readonly { data: number }[])[]>>,
): Record<string, number[][]> =>
  Object.fromEntries(
    Object.entries(sd).map(([k, m]) => [k, m.map((r) => r.map((v) => v.data))]),
  );

/** Small random configurations: 1–2 heads of 1–2 components, 1–2 layers. */
const configs = (maxLayers = 2): fc.Arbitrary<Config> =>
  fc.record({
    vocabSize: fc.integer({ min: 2, max: 5 }),
    nHead: fc.integer({ min: 1, max: 2 }),
    headDim: fc.integer({ min: 1, max: 2 }),
    nLayer: fc.integer({ min: 1, max: maxLayers }),
    blockSize: fc.integer({ min: 1, max: 4 }),
  }).map(({ headDim, ...c }) => ({ ...c, nEmbd: c.nHead * headDim }));

/** A configuration, a seed and a token sequence of at most blockSize tokens. */
const sequences = (maxLayers = 2) =>
  configs(maxLayers).chain((c) =>
    fc.record({
      c: fc.constant(c),
      seed: fc.nat(),
      tokens: fc.array(fc.integer({ min: 0, max: c.vocabSize - 1 }), {
        minLength: 1,
        maxLength: c.blockSize,
      }),
    })
  );

const describe = (c: Config) =>
  `(vocab ${c.vocabSize}, nEmbd ${c.nEmbd}, ${count(c.nHead, "head")}, ${
    count(c.nLayer, "layer")
  }, blockSize ${c.blockSize})`;

/** The mistakes kata 08's suite names. */
export const D = diagnoses("08_gpt", {
  columnMajor:
    "a matrix filled column by column: draw its entries row by row, as microgpt's nested list does",
  variance:
    "0.08 used as the variance: it is the standard deviation, rng.gauss(0, 0.08)",
  transposedShape:
    "matrix(nout, nin) with nin rows: it has nout rows of nin entries",
  lmHeadLast:
    "lm_head made after the layers: microgpt makes wte, wpe, lm_head, then the layers, and the order of the draws decides every value",
  mlpShapes:
    "mlp_fc1 and mlp_fc2 with swapped shapes: fc1 is [4·nEmbd][nEmbd] (it widens), fc2 is [nEmbd][4·nEmbd]",
  oneLayer: "one layer whatever nLayer: loop over every layer, i < nLayer",
  noLmHead:
    "the hidden vector returned as it is: the logits are linear(x, lm_head), one per token",
  noPos: "the position embedding left out: x = wte[token] + wpe[position]",
  noFirstNorm:
    "no rmsnorm after the embedding: microgpt normalizes x = rmsnorm(wte[token] + wpe[pos]) before the layers",
  noPreNorm:
    "no rmsnorm before attention: the attention block starts with x = rmsnorm(x), after keeping x as the residual",
  noAttnResidual:
    "no residual around attention: add the block's input back, x = attention(…) + x_residual",
  noMlpResidual:
    "no residual around the MLP: add the block's input back, x = fc2(…) + x_residual",
  noRelu: "no relu between fc1 and fc2: x = relu(fc1(x)), each element",
  layer0Always:
    "layer 0's weights in every layer: layer li uses `layer${li}.attn_wq` and the rest of its own",
  embDetached:
    "the embedding added on plain numbers (.data): no gradient reaches wte and wpe; add the nodes with add",
});

/** Kata 08's suite. */
export const gptSuite: Suite<GptImpl> = {
  kata: "08_gpt",
  diagnoses: D,
  prerequisites: (impl) => [
    ...linearPrerequisites(impl),
    { kata: "05_softmax", checks: softmaxSuite.checks(impl) },
    { kata: "06_rmsnorm", checks: rmsnormSuite.checks(impl) },
    { kata: "07_attention", checks: attentionSuite.checks(impl) },
  ],
  checks: (
    {
      value: { Value },
      backward: { backward },
      softmax: { softmax },
      linear: { sum },
      gpt: { matrix, createGpt, gpt },
    },
  ): Check[] => {
    /** The learner's logits at every position of `tokens`, one call per position. */
    const forward = (model: GptModule.Gpt, tokens: readonly number[]) => {
      const keys: Node[][][] = Array.from(
        { length: model.config.nLayer },
        () => [],
      );
      const values: Node[][][] = Array.from(
        { length: model.config.nLayer },
        () => [],
      );
      return tokens.map((t, pos) => gpt(model, t, pos, keys, values));
    };
    /** microgpt's loss on the learner's nodes: mean of -log p(next token). */
    const loss = (model: GptModule.Gpt, tokens: readonly number[]) => {
      const logits = forward(model, tokens.slice(0, -1));
      const losses = logits.map((l, p) =>
        softmax(l)[tokens[p + 1]].log().neg()
      );
      return sum(losses).mul(1 / losses.length);
    };
    return [
      {
        name: "08 gpt: matrix(nout, nin) draws rng.gauss(0, 0.08), row by row",
        run: () =>
          forAll(
            fc.record({
              nout: fc.integer({ min: 1, max: 4 }),
              nin: fc.integer({ min: 1, max: 4 }),
              seed: fc.nat(),
            }),
            ({ nout, nin, seed }) => {
              const m = matrix(nout, nin, new Random(seed));
              const what = `matrix(${nout}, ${nin}, new Random(${seed}))`;
              if (m.length !== nout || m.some((r) => r.length !== nin)) {
                throw new CheckFailure(
                  `${what} has ${count(m.length, "row")} of ${
                    m[0]?.length
                  }, expected ${count(nout, "row")} of ${nin}`,
                  m.length === nin && m[0]?.length === nout
                    ? D.transposedShape
                    : undefined,
                );
              }
              const rng = new Random(seed);
              const draws = Array.from({ length: nout * nin }, () =>
                rng.gauss(0, 0.08));
              const rng2 = new Random(seed);
              const small = Array.from({ length: nout * nin }, () =>
                rng2.gauss(0, 0.0064));
              assertClose(
                m.flat().map((v) =>
                  v.data
                ),
                draws,
                `${what}, row by row`,
                {
                  tol: BITS,
                  mistakes: [
                    [
                      D.columnMajor,
                      m.flat().map((_, k) =>
                        draws[(k % nin) * nout + Math.floor(k / nin)]
                      ),
                    ],
                    [D.variance, small],
                  ],
                },
              );
            },
          ),
      },
      {
        name:
          "08 gpt: createGpt draws microgpt's matrices, in its order and shapes, and params lists them all",
        run: () =>
          forAll(fc.tuple(configs(3), fc.nat()), ([c, seed]) => {
            const model = createGpt(c, new Random(seed));
            const expected = layout(c);
            const names = Object.keys(model.stateDict);
            const what = `createGpt(${describe(c)})`;
            const got = names.map((k) => {
              const m = model.stateDict[k];
              return `${k} ${m.length}×${m[0]?.length}`;
            });
            const want = expected.map(([k, r, co]) => `${k} ${r}×${co}`);
            if (got.join() !== want.join()) {
              const sameSet =
                [...got].sort().join() === [...want].sort().join();
              const fc1 = `layer0.mlp_fc1 ${c.nEmbd}×${4 * c.nEmbd}`;
              throw new CheckFailure(
                `${what}: the state dict is\n      ${
                  got.join(", ")
                }\n    expected\n      ${want.join(", ")}`,
                got.includes(fc1)
                  ? D.mlpShapes
                  : sameSet && names.at(-1) === "lm_head"
                  ? D.lmHeadLast
                  : names.length === 9 && c.nLayer > 1
                  ? D.oneLayer
                  : undefined,
              );
            }
            const flat = Object.values(model.stateDict).flat(2);
            const size = c.nEmbd * (2 * c.vocabSize + c.blockSize) +
              12 * c.nLayer * c.nEmbd ** 2;
            if (model.params.length !== size) {
              throw new CheckFailure(
                `${what}: params has ${model.params.length} entries, expected ${size}: ` +
                  `every weight of the state dict (n·(2·vocab + block) + 12·layers·n²)`,
              );
            }
            const k = model.params.findIndex((p, k) => p !== flat[k]);
            if (k >= 0) {
              throw new CheckFailure(
                `${what}: params[${k}] is not the state dict's weight number ${k} ` +
                  `(matrix by matrix, row by row), but a copy or another weight: ` +
                  `list the Value nodes themselves, in the state dict's order`,
              );
            }
            const rng = new Random(seed);
            assertClose(
              flat.map((p) => p.data),
              flat.map(() => rng.gauss(0, 0.08)),
              `${what}: the weights, in the state dict's order, against rng.gauss(0, 0.08) drawn in turn`,
              { tol: BITS },
            );
          }),
      },
      {
        name:
          "08 gpt: for seed 42, microgpt's configuration starts from microgpt.py's own values (CPython)",
        run: () => {
          const model = createGpt(
            { ...INIT.config, nHead: 4 },
            new Random(42),
          );
          for (const m of INIT.matrices) {
            const mine = model.stateDict[m.name];
            assertClose(
              [...mine[0].slice(0, 3), ...mine[mine.length - 1].slice(-3)].map((
                v,
              ) => v.data),
              [...m.first, ...m.last],
              `${m.name}: its first and last 3 weights, against microgpt.py's (tests/data/gpt_init_seed42.json)`,
              { tol: BITS },
            );
          }
        },
      },
      {
        name: "08 gpt: gpt returns one logit per token",
        run: () =>
          forAll(sequences(), ({ c, seed, tokens }) => {
            const model = createGpt(c, new Random(seed));
            const got = forward(model, tokens.slice(0, 1))[0].length;
            if (got !== c.vocabSize) {
              throw new CheckFailure(
                `gpt(model, ${tokens[0]}, 0, …) ${describe(c)} returned ${
                  count(got, "logit")
                }, expected vocabSize = ${c.vocabSize}`,
                got === c.nEmbd ? D.noLmHead : undefined,
              );
            }
          }),
      },
      {
        name:
          "08 gpt: a fresh model's loss, averaged over every possible next token, is close to ln(vocabSize) (within 0.25)",
        run: () =>
          forAll(
            fc.record({
              seed: fc.nat(),
              tokens: fc.array(fc.integer({ min: 0, max: 26 }), {
                minLength: 1,
                maxLength: 8,
              }),
            }),
            ({ seed, tokens }) => {
              const c = {
                vocabSize: 27,
                nEmbd: 16,
                nHead: 4,
                nLayer: 1,
                blockSize: 16,
              };
              // -ln p averaged over all 27 targets at every position: by Jensen at least
              // ln 27, and close to it when the logits are small, whatever the document.
              const model = createGpt(c, new Random(seed));
              const all = forward(model, tokens).flatMap((logits) =>
                softmax(logits).map((p) => -Math.log(p.data))
              );
              const l = all.reduce((a, b) => a + b, 0) / all.length;
              if (!(Math.abs(l - Math.log(27)) <= 0.25)) {
                throw new CheckFailure(
                  `a fresh model ${describe(c)} on tokens [${
                    tokens.join(", ")
                  }]: -ln p averaged over every position and every possible next token is ${l}, expected about ln(27) = ${
                    Math.log(27)
                  }: small random weights give every token about the same probability`,
                );
              }
            },
            // A whole model per case: 10 cases.
            10,
          ),
      },
      {
        name:
          "08 gpt: position by position with the caches equals the whole sequence at once with a causal mask, bit for bit",
        run: () =>
          forAll(sequences(), ({ c, seed, tokens }) => {
            const model = createGpt(c, new Random(seed));
            const sd = numbers(model.stateDict);
            const got = forward(model, tokens).map((l) => l.map((v) => v.data));
            const expected = plainGpt(sd, c, tokens);
            const variants = ([
              [D.noPos, { noPos: true }],
              [D.noFirstNorm, { noFirstNorm: true }],
              [D.noPreNorm, { noPreNorm: true }],
              [D.noAttnResidual, { noAttnResidual: true }],
              [D.noMlpResidual, { noMlpResidual: true }],
              [D.noRelu, { noRelu: true }],
              [D.layer0Always, { layer0Always: true }],
            ] as const).map(([d, v]) =>
              [d, plainGpt(sd, c, tokens, v)] as const
            );
            got.forEach((logits, p) => {
              assertClose(
                logits,
                expected[p],
                `the logits at position ${p} of tokens [${tokens.join(", ")}] ${
                  describe(c)
                }`,
                {
                  tol: BITS,
                  mistakes: variants.map(([d, v]): Mistake => [d, v[p]]),
                  mistakeTol: ROUNDING,
                },
              );
            });
          }),
      },
      {
        name:
          "08 gpt: gradients of the mean loss match central differences, on every embedding weight and 24 others (a tiny model)",
        run: () =>
          forAll(
            // Not shrunk: a smaller seed is just another model, and each try is costly.
            fc.noShrink(fc.record({
              seed: fc.nat(),
              tokens: fc.array(fc.integer({ min: 0, max: 2 }), {
                minLength: 4,
                maxLength: 4,
              }),
              // The 28 embedding weights, and 24 of the 204 others.
              others: fc.uniqueArray(fc.integer({ min: 28, max: 231 }), {
                minLength: 24,
                maxLength: 24,
              }),
            })),
            ({ seed, tokens, others }) => {
              const c = {
                vocabSize: 3,
                nEmbd: 4,
                nHead: 2,
                nLayer: 1,
                blockSize: 4,
              };
              const model = createGpt(c, new Random(seed));
              const shapes = layout(c);
              const params = model.params.map((p) => p.data);
              const unflatten = <T>(flat: readonly T[]) => {
                const sd: Record<string, T[][]> = {};
                let k = 0;
                for (const [name, rows, cols] of shapes) {
                  sd[name] = Array.from({ length: rows }, () =>
                    flat.slice(k, k += cols));
                }
                return sd;
              };
              const label = (i: number) => {
                let k = i;
                for (const [name, rows, cols] of shapes) {
                  if (k < rows * cols) {
                    return `${name}[${Math.floor(k / cols)}][${k % cols}]`;
                  }
                  k -= rows * cols;
                }
                return `#${i}`;
              };
              checkGradients(
                (x) =>
                  new Value(x),
                backward,
                {
                  what: `the mean loss on tokens [${tokens.join(", ")}] ${
                    describe(c)
                  }`,
                  params,
                  label,
                  build: (leaves) => [
                    loss({
                      config: c,
                      stateDict: unflatten(leaves),
                      params: leaves,
                    }, tokens),
                  ],
                  plain: (p) => [plainLoss(unflatten(p), c, tokens)],
                  weights: [1],
                  coords: [
                    ...Array.from({ length: 28 }, (_, k) => k),
                    ...others,
                  ],
                  diagnose: (grads) => {
                    const wte = shapes[0][1] * shapes[0][2];
                    const wpe = shapes[1][1] * shapes[1][2];
                    return grads.slice(0, wte + wpe).every((g) => g === 0)
                      ? D.embDetached
                      : undefined;
                  },
                },
              );
            },
            // 52 weights, each nudged both ways through the whole model: 10 cases.
            10,
          ),
      },
    ];
  },
};
