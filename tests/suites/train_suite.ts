/**
 * Kata 11 · train: the property suite, run on `katas/11_train` and `solutions/11_train`, each
 * with its own tree's katas 01–10.
 *
 * Small generated datasets (letters a–e) and tiny models keep every check fast. The
 * preparation is checked first (the shuffle, the draws, what Adam and the generator are
 * given), then one document's loss against the plain-number GPT of kata 08's suite (short
 * documents, then long ones, then twice in a row), then the steps (which document, the loss
 * they report, how the weights move), the whole loop, its determinism, that it learns, and
 * the samples.
 *
 * @module
 */
import fc from "fast-check";
import { Random } from "../../lib/random.ts";
import type * as TrainModule from "../../solutions/11_train/train.ts";
import type { AdamImpl } from "./adam_suite.ts";
import { adamSuite } from "./adam_suite.ts";
import {
  type GptImpl,
  gptSuite,
  layout,
  numbers,
  plainGpt,
  plainLoss,
} from "./gpt_suite.ts";
import {
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  count,
  diagnoses,
  EXACTISH,
  forAll,
  list,
  notImplemented,
  type Suite,
} from "../harness/harness.ts";
import { type Matrix, plainSoftmax } from "../harness/reference.ts";
import { type SamplerImpl, samplerSuite } from "./sampler_suite.ts";
import { type TokenizerImpl, tokenizerSuite } from "./tokenizer_suite.ts";

/** The modules kata 11 uses: its own `train.ts`, and the same tree's katas 01–10. */
export interface TrainImpl
  extends GptImpl, AdamImpl, SamplerImpl, TokenizerImpl {
  /** `train.ts` */
  readonly train: typeof TrainModule;
}

type Config = TrainModule.TrainConfig;
type Training = TrainModule.Training;
type Gpt = TrainModule.Training["model"];

/** Adam's settings as microgpt has them, written out here rather than taken from kata 09. */
const ADAM = { beta1: 0.85, beta2: 0.99, eps: 1e-8 };

/** The loss check's run: 80 steps of a model with 2 heads of 4. */
const MINI: Config = {
  seed: 1,
  numSteps: 80,
  nEmbd: 8,
  nHead: 2,
  nLayer: 1,
  blockSize: 8,
  lr: 0.05,
  ...ADAM,
};

/**
 * A dataset of distinct documents of 1–7 letters a–e (minDocs to minDocs + 4 of them), and a
 * tiny configuration.
 */
const runs = (
  { minSteps = 1, maxSteps = 6, minDocs = 1 }: {
    minSteps?: number;
    maxSteps?: number;
    minDocs?: number;
  } = {},
) =>
  fc.record({
    docs: fc.uniqueArray(
      fc.string({
        unit: fc.constantFrom(..."abcde"),
        minLength: 1,
        maxLength: 7,
      }),
      { minLength: minDocs, maxLength: minDocs + 4 },
    ),
    seed: fc.nat({ max: 9999 }),
    numSteps: fc.integer({ min: minSteps, max: maxSteps }),
    nHead: fc.integer({ min: 1, max: 2 }),
    headDim: fc.integer({ min: 1, max: 2 }),
    nLayer: fc.integer({ min: 1, max: 2 }),
    blockSize: fc.integer({ min: 2, max: 5 }),
    lr: fc.constantFrom(0.02, 0.05),
  }).map(({ docs, headDim, ...c }): { docs: string[]; config: Config } => ({
    docs,
    config: { ...c, nEmbd: c.nHead * headDim, ...ADAM },
  }));

const describe = (c: Config) =>
  `(seed ${c.seed}, ${count(c.numSteps, "step")}, nEmbd ${c.nEmbd}, ${
    count(c.nHead, "head")
  }, ${count(c.nLayer, "layer")}, blockSize ${c.blockSize}, lr ${c.lr})`;

/** The characters of `docs`, sorted: microgpt's `uchars` (the letters here are ASCII). */
const ucharsOf = (docs: readonly string[]) =>
  [...new Set(docs.join(""))].sort();

/** `[BOS, ...ids, BOS]` of `doc`, made here from the characters of `docs`. */
const tokensOf = (docs: readonly string[], doc: string) => {
  const uchars = ucharsOf(docs);
  const bos = uchars.length;
  return [bos, ...[...doc].map((ch) => uchars.indexOf(ch)), bos];
};

/** `docs` shuffled by `rng`, in a new list. */
const shuffled = (docs: readonly string[], rng: Random) => {
  const out = [...docs];
  rng.shuffle(out);
  return out;
};

/** microgpt's loss of `tokens` on plain numbers: the first min(blockSize, len − 1) targets. */
const expectedLoss = (
  sd: Record<string, Matrix>,
  model: Gpt,
  tokens: readonly number[],
) => {
  const n = Math.min(model.config.blockSize, tokens.length - 1);
  return plainLoss(sd, model.config, tokens.slice(0, n + 1));
};

/** −log p of each target (the next token, or with `current` the token itself), plainly. */
const plainTerms = (
  sd: Record<string, Matrix>,
  model: Gpt,
  tokens: readonly number[],
  current = false,
) =>
  plainGpt(sd, model.config, tokens.slice(0, -1)).map((logits, p) =>
    -Math.log(plainSoftmax(logits)[current ? tokens[p] : tokens[p + 1]])
  );

/** The mistakes kata 11's suite names. */
export const D = diagnoses("11_train", {
  notShuffled:
    "the documents left in their order: shuffle them with the seeded generator first, rng.shuffle(docs)",
  seedIgnored:
    "a fixed seed: seed the generator with the run's own, new Random(config.seed)",
  unseeded:
    "a generator without a seed, which differs on every run: new Random(config.seed)",
  initFirst:
    "the weights drawn before the shuffle: microgpt shuffles first, then draws the weights from the same generator",
  inPlace:
    "the caller's list shuffled in place: shuffle a copy, [...docs], and keep that one",
  freshRng:
    "a second generator: the shuffle, the weights and the samples all draw, in turn, from one Random(config.seed)",
  adamParams:
    "Adam given another list than the model's own weights: new Adam(model.params, config)",
  adamConfig:
    "Adam made without the run's settings (its default lr): new Adam(model.params, config)",
  sumNotMean:
    "the sum of the losses, not their mean: multiply by 1 / n, n the number of positions",
  divideByLength:
    "the mean taken over every token: n = min(blockSize, tokens.length − 1) positions have a next token",
  currentToken:
    "the probability of the token fed in, not of the one after it: the target at position p is tokens[p + 1]",
  noNeg:
    "log p without the minus: the loss is −log p, which gets smaller as p gets larger",
  pastEnd:
    "a position too many: the last token has no next token, so n = tokens.length − 1 (at most blockSize)",
  oneCache:
    "one cache list for every layer: make one empty list per layer, Array.from({ length: nLayer }, () => [])",
  noTruncation:
    "a long document fed whole: the model has blockSize positions, so n = min(blockSize, tokens.length − 1)",
  cutShort:
    "a long document cut one position short: n = min(blockSize, tokens.length − 1), not blockSize − 1",
  cacheKept:
    "caches kept from the previous document: make fresh, empty ones in each call",
  noModulo:
    "docs[step] past the end of the list: take docs[step % docs.length], so the list starts over",
  lossAfter:
    "the loss measured after Adam's step: return the loss the step was computed from",
  noBackward:
    "Adam's step without this step's gradients: call backward(loss) first, then adam.step",
  stepPlusOne:
    "Adam given step + 1: the steps count from 0, adam.step(step, numSteps)",
  stopsShort: "a loop that stops one step short: step < numSteps, from 0",
  startsAtOne: "a loop that starts at step 1: the first step is step 0",
  notLive:
    "every step taken before the first loss comes out: yield each loss inside the loop, as soon as it is known",
  temperature:
    "the temperature left out: pass the one you were given to sample",
});

/** Kata 11's suite. */
export const trainSuite: Suite<TrainImpl> = {
  kata: "11_train",
  diagnoses: D,
  prerequisites: (impl) => [
    { kata: "01_tokenizer", checks: tokenizerSuite.checks(impl) },
    ...gptSuite.prerequisites!(impl), // 02–07
    { kata: "08_gpt", checks: gptSuite.checks(impl) },
    { kata: "09_adam", checks: adamSuite.checks(impl) },
    { kata: "10_sampler", checks: samplerSuite.checks(impl) },
  ],
  checks: (
    {
      backward: { backward },
      gpt: { createGpt, gpt },
      adam: { Adam },
      sampler: { sample },
      train: { setup, documentLoss, trainStep, train, generate },
    },
  ): Check[] => {
    /** A model of `c`'s sizes, its weights drawn from `seed`, for a vocabulary of `vocab`. */
    const modelOf = (
      c: Omit<Config, "seed" | "numSteps">,
      vocabSize: number,
      seed: number,
    ) => {
      const { nEmbd, nHead, nLayer, blockSize } = c;
      return createGpt(
        { vocabSize, nEmbd, nHead, nLayer, blockSize },
        new Random(seed),
      );
    };
    /**
     * The learner's documentLoss on `tokens`, seen through a list that notes a read past its
     * end; a throw is told apart from the simpler mistakes it may come from.
     */
    const lossOf = (model: Gpt, tokens: readonly number[]) => {
      let past = false;
      const watched = new Proxy([...tokens], {
        get(target, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) {
            if (Number(key) >= target.length) past = true;
          }
          return Reflect.get(target, key, receiver);
        },
      });
      try {
        return documentLoss(model, watched).data;
      } catch (error) {
        if (error instanceof CheckFailure || notImplemented(error)) throw error;
        const what = `documentLoss(model, [${tokens.join(", ")}])`;
        const why = `${what} threw ${String(error)}`;
        if (past) {
          throw new CheckFailure(
            `${what} read tokens[${tokens.length}], past the end of the document`,
            D.pastEnd,
          );
        }
        const { config } = model;
        if (config.nLayer > 1) {
          let oneLayerWorks = false;
          try {
            documentLoss(
              { ...model, config: { ...config, nLayer: 1 } },
              tokens,
            );
            oneLayerWorks = true;
          } catch { /* the same throw: not the caches */ }
          if (oneLayerWorks) {
            throw new CheckFailure(
              `${why} with ${config.nLayer} layers, but not with 1`,
              D.oneCache,
            );
          }
        }
        if (tokens.length - 1 > config.blockSize) {
          throw new CheckFailure(
            `${why}: the document has ${tokens.length} tokens, more than blockSize + 1 = ${
              config.blockSize + 1
            }`,
            D.noTruncation,
          );
        }
        throw error;
      }
    };
    /** A model of `c`'s sizes and a document for it: every token but the first and last a
     * character, BOS (the last id) around them; `long` makes it longer than the block. */
    const documents = (long: boolean) =>
      runs().chain(({ config }) =>
        fc.record({
          config: fc.constant(config),
          vocab: fc.integer({ min: 2, max: 5 }),
        }).chain(({ config, vocab }) =>
          fc.record({
            config: fc.constant(config),
            vocab: fc.constant(vocab),
            chars: fc.array(fc.integer({ min: 0, max: vocab - 2 }), {
              minLength: long ? config.blockSize : 0,
              maxLength: long ? config.blockSize + 3 : config.blockSize - 1,
            }),
          })
        )
      ).map(({ config, vocab, chars }) => ({
        config,
        vocab,
        tokens: [vocab - 1, ...chars, vocab - 1],
      }));
    /**
     * Why setup's documents are not in the expected order, told by its weights: drawn from
     * Random(42), different on a second call, or the generator's first draws (no shuffle
     * before them), with the documents after them or in their order.
     */
    const whyNotShuffled = (
      docs: readonly string[],
      config: Config,
      run: Training,
    ) => {
      const got = run.model.params.map((p) => p.data);
      const draws = (rng: Random) => got.map(() => rng.gauss(0, 0.08));
      const same = (xs: number[]) => xs.every((x, i) => x === got[i]);
      const at42 = new Random(42);
      at42.shuffle([...docs]);
      if (config.seed !== 42 && same(draws(at42))) return D.seedIgnored;
      const again = setup([...docs], config).model.params.map((p) => p.data);
      if (!again.every((x, i) => x === got[i])) return D.unseeded;
      const fresh = new Random(config.seed);
      if (same(draws(fresh))) {
        const after = shuffled(docs, fresh).join("\n");
        if (run.docs.join("\n") === docs.join("\n")) return D.notShuffled;
        if (run.docs.join("\n") === after) return D.initFirst;
      }
      return undefined;
    };
    return [
      {
        name:
          "11 train: setup shuffles a copy of the documents with Random(config.seed), and builds the tokenizer on them",
        run: () =>
          forAll(runs({ minDocs: 5 }), ({ docs, config }) => {
            const given = [...docs];
            const run = setup(given, config);
            const expected = shuffled(docs, new Random(config.seed));
            const what = `setup(${JSON.stringify(docs)}, ${describe(config)})`;
            if (run.docs.join("\n") !== expected.join("\n")) {
              throw new CheckFailure(
                `${what}: docs is ${JSON.stringify(run.docs)}, expected ${
                  JSON.stringify(expected)
                }, as new Random(${config.seed}).shuffle(copy) orders them`,
                whyNotShuffled(docs, config, run),
              );
            }
            if (given.join("\n") !== docs.join("\n")) {
              throw new CheckFailure(
                `${what} changed the list it was given to ${
                  JSON.stringify(given)
                }: the caller's documents must stay as they were`,
                D.inPlace,
              );
            }
            const uchars = ucharsOf(docs);
            if (run.tokenizer.uchars.join() !== uchars.join()) {
              throw new CheckFailure(
                `${what}: the tokenizer's characters are ${
                  list(run.tokenizer.uchars)
                }, expected those of the documents, ${list(uchars)}`,
              );
            }
          }),
      },
      {
        name:
          "11 train: setup draws the weights right after the shuffle from the same generator, gives Adam all of them and the run's settings, and keeps the generator",
        run: () =>
          forAll(runs(), ({ docs, config }) => {
            const run = setup(docs, config);
            const what = `setup(${JSON.stringify(docs)}, ${describe(config)})`;
            const vocab = ucharsOf(docs).length + 1;
            const rng = new Random(config.seed);
            rng.shuffle([...docs]);
            const size = layout({ ...config, vocabSize: vocab })
              .reduce((n, [, rows, columns]) => n + rows * columns, 0);
            const draws = Array.from(
              { length: size },
              () => rng.gauss(0, 0.08),
            );
            const fresh = new Random(config.seed);
            const params = run.model.params;
            if (params.length !== size) {
              throw new CheckFailure(
                `${what}: the model has ${
                  count(params.length, "weight")
                }, expected ${size} for a vocabulary of ${vocab} (the characters and BOS)`,
              );
            }
            assertClose(
              params.map((p) => p.data),
              draws,
              `${what}: the weights, against rng.gauss(0, 0.08) drawn after rng.shuffle`,
              {
                tol: BITS,
                mistakes: [[
                  D.freshRng,
                  draws.map(() => fresh.gauss(0, 0.08)),
                ]],
              },
            );
            const adamParams = run.adam.params;
            if (
              adamParams.length !== size ||
              adamParams.some((p, i) => p !== params[i])
            ) {
              throw new CheckFailure(
                adamParams.length === size
                  ? `${what}: Adam's ${size} parameters are not the model's weights themselves (model.params), but copies or other nodes`
                  : `${what}: Adam has ${
                    count(adamParams.length, "parameter")
                  }, expected the model's ${size} weights themselves (model.params)`,
                D.adamParams,
              );
            }
            if (run.adam.config.lr !== config.lr) {
              throw new CheckFailure(
                `${what}: Adam's learning rate is ${run.adam.config.lr}, expected the run's, ${config.lr}`,
                D.adamConfig,
              );
            }
            const next = rng.random();
            const got = run.rng.random();
            if (got !== next) {
              throw new CheckFailure(
                `${what}: run.rng.random() gave ${got}, expected ${next}: the generator, as the shuffle and the weights left it`,
                D.freshRng,
              );
            }
          }),
      },
      {
        name:
          "11 train: documentLoss is the mean of −log p(next token) over a short document (a plain-number reference)",
        run: () =>
          forAll(documents(false), ({ config, vocab, tokens }) => {
            const model = modelOf(config, vocab, config.seed);
            const sd = numbers(model.stateDict);
            const got = lossOf(model, tokens);
            const terms = plainTerms(sd, model, tokens);
            const n = terms.length;
            const total = terms.reduce((a, b) => a + b, 0);
            const expected = expectedLoss(sd, model, tokens);
            const current = plainTerms(sd, model, tokens, true);
            if (lossOf(model, tokens) !== got) {
              throw new CheckFailure(
                `documentLoss(model, [${tokens.join(", ")}]) ${
                  describe(config)
                } gave ${got}, then ${
                  lossOf(model, tokens)
                } for the same document`,
                D.cacheKept,
              );
            }
            const short = Math.min(config.blockSize - 1, n);
            assertClose(
              got,
              expected,
              `documentLoss(model, [${tokens.join(", ")}]) ${
                describe(config)
              }, vocab ${vocab}`,
              {
                tol: EXACTISH,
                mistakeTol: { rtol: 1e-9, atol: 1e-12 },
                mistakes: [
                  [D.sumNotMean, total],
                  [D.divideByLength, total / (n + 1)],
                  [D.noNeg, -expected],
                  [D.currentToken, current.reduce((a, b) => a + b, 0) / n],
                  [
                    D.cutShort,
                    short === 0
                      ? NaN
                      : plainLoss(sd, model.config, tokens.slice(0, short + 1)),
                  ],
                ],
              },
            );
          }, 40),
      },
      {
        name:
          "11 train: documentLoss cuts a document longer than blockSize to its first blockSize + 1 tokens, as microgpt",
        run: () =>
          forAll(documents(true), ({ config, vocab, tokens }) => {
            const model = modelOf(config, vocab, config.seed);
            const sd = numbers(model.stateDict);
            const got = lossOf(model, tokens);
            const b = config.blockSize;
            assertClose(
              got,
              expectedLoss(sd, model, tokens),
              `documentLoss(model, [${tokens.join(", ")}]) ${
                describe(config)
              }: the mean over the first ${b} positions`,
              {
                mistakeTol: { rtol: 1e-9, atol: 1e-12 },
                mistakes: [[
                  D.cutShort,
                  plainLoss(sd, model.config, tokens.slice(0, b)),
                ]],
              },
            );
          }, 40),
      },
      {
        name:
          "11 train: trainStep trains on document step % docs.length and returns its loss on the weights before the step",
        run: () =>
          forAll(
            // Past the end of the list: two steps more than there are documents.
            runs().map(({ docs, config }) => ({
              docs,
              config: { ...config, numSteps: docs.length + 2 },
            })),
            ({ docs, config: c }) => {
              const run = setup(docs, c);
              for (let step = 0; step < c.numSteps; step++) {
                const sd = numbers(run.model.stateDict);
                const doc = run.docs[step % docs.length];
                const what = `trainStep(run, ${step}) ${describe(c)}, docs ${
                  JSON.stringify(run.docs)
                }`;
                let got: number;
                try {
                  got = trainStep(run, step);
                } catch (error) {
                  if (notImplemented(error) || step < docs.length) throw error;
                  throw new CheckFailure(
                    `${what} threw ${String(error)}: the list has only ${
                      count(docs.length, "document")
                    }`,
                    D.noModulo,
                  );
                }
                const expected = expectedLoss(
                  sd,
                  run.model,
                  tokensOf(docs, doc),
                );
                assertClose(
                  got,
                  expected,
                  `${what}: the loss of ${JSON.stringify(doc)}`,
                  {
                    mistakes: [[
                      D.lossAfter,
                      expectedLoss(
                        numbers(run.model.stateDict),
                        run.model,
                        tokensOf(docs, doc),
                      ),
                    ]],
                  },
                );
              }
            },
            30,
          ),
      },
      {
        name:
          "11 train: trainStep moves the weights as backward then Adam's step `step` of numSteps would, and leaves no gradient behind",
        run: () =>
          forAll(runs({ minSteps: 2, maxSteps: 4 }), ({ docs, config }) => {
            const run = setup(docs, config);
            for (let step = 0; step < config.numSteps; step++) {
              const before = run.model.params.map((p) => p.data);
              const m = [...run.adam.m];
              const v = [...run.adam.v];
              const doc = run.docs[step % docs.length];
              /** Kata 08–09's pieces on a copy of the weights and moments. */
              const twin = (
                { grads = true, adamStep = step }: {
                  grads?: boolean;
                  adamStep?: number;
                } = {},
              ) => {
                const model = modelOf(config, run.tokenizer.vocabSize, 0);
                model.params.forEach((p, i) => p.data = before[i]);
                const adam = new Adam(model.params, config);
                m.forEach((x, i) => adam.m[i] = x);
                v.forEach((x, i) => adam.v[i] = x);
                const loss = documentLoss(model, tokensOf(docs, doc));
                if (grads) backward(loss);
                adam.step(adamStep, config.numSteps);
                return model.params.map((p) => p.data);
              };
              trainStep(run, step);
              const what = `trainStep(run, ${step}) ${describe(config)} on ${
                JSON.stringify(doc)
              }`;
              assertClose(
                run.model.params.map((p) => p.data),
                twin(),
                `${what}: the weights after the step, against documentLoss, backward and adam.step(${step}, ${config.numSteps}) on a copy`,
                {
                  tol: BITS,
                  mistakeTol: EXACTISH,
                  mistakes: [
                    [D.stepPlusOne, twin({ adamStep: step + 1 })],
                    [D.noBackward, twin({ grads: false })],
                  ],
                },
              );
              const k = run.model.params.findIndex((p) => p.grad !== 0);
              if (k >= 0) {
                throw new CheckFailure(
                  `${what}: params[${k}].grad is ${
                    run.model.params[k].grad
                  } after the step, expected 0 (Adam's step sets every gradient back to 0)`,
                );
              }
            }
          }, 30),
      },
      {
        name:
          "11 train: train yields numSteps losses, each as soon as its step is taken, those trainStep gives",
        run: () =>
          forAll(runs({ minSteps: 2, maxSteps: 5 }), ({ docs, config }) => {
            const what = `train(setup(${JSON.stringify(docs)}, ${
              describe(config)
            }))`;
            const twin = setup(docs, config);
            const expected = Array.from(
              { length: config.numSteps },
              (_, step) => trainStep(twin, step),
            );
            // Live: after the first loss comes out, only step 0 has moved the weights.
            const run = setup(docs, config);
            const once = setup(docs, config);
            trainStep(once, 0);
            const it = train(run);
            const first = it.next();
            const differs = (other: Training) =>
              run.model.params.some((p, i) =>
                p.data !== other.model.params[i].data
              );
            if (!first.done && differs(once)) {
              const skipped = setup(docs, config);
              trainStep(skipped, 1);
              throw new CheckFailure(
                `${what}: when the first loss came out, the weights were not those after step 0 alone`,
                differs(skipped) ? D.notLive : D.startsAtOne,
              );
            }
            const got = first.done ? [] : [first.value, ...it];
            if (got.length !== expected.length) {
              throw new CheckFailure(
                `${what} yielded ${
                  got.length === 1 ? "1 loss" : `${got.length} losses`
                }, expected ${config.numSteps}, one per step`,
                got.length === expected.length - 1
                  ? (got[0] === expected[0] ? D.stopsShort : D.startsAtOne)
                  : undefined,
              );
            }
            const shifted = setup(docs, config);
            assertClose(got, expected, `${what}: the losses, step by step`, {
              tol: BITS,
              mistakes: [[
                D.startsAtOne,
                expected.map((_, s) => trainStep(shifted, s + 1)),
              ]],
            });
          }, 30),
      },
      {
        name:
          "11 train: the same seed gives the same losses bit for bit; another seed gives other losses",
        run: () =>
          forAll(runs({ maxSteps: 3 }), ({ docs, config }) => {
            const losses = (seed: number) => [
              ...train(setup(docs, { ...config, seed })),
            ];
            const a = losses(config.seed);
            const b = losses(config.seed);
            const what = `train(setup(docs, ${describe(config)}))`;
            if (a.join() !== b.join()) {
              throw new CheckFailure(
                `${what} gave ${list(a)}, then ${list(b)} on the same seed`,
                D.unseeded,
              );
            }
            const other = losses(config.seed + 1);
            if (other.join() === a.join()) {
              throw new CheckFailure(
                `${what} and seed ${config.seed + 1} both gave ${list(a)}`,
                D.seedIgnored,
              );
            }
          }, 30),
      },
      {
        name:
          "11 train: generate draws one name with kata 10's sample, from the run's model and generator, at the given temperature",
        run: () =>
          forAll(
            fc.tuple(runs(), fc.constantFrom(0.3, 0.5, 2)),
            ([{ docs, config }, temperature]) => {
              const run = setup(docs, config);
              // Sharper logits than a fresh model's, so that the temperature tells.
              for (const row of run.model.stateDict.lm_head) {
                for (const w of row) w.data *= 40;
              }
              const rng = new Random(0);
              rng.setState(run.rng.getState());
              const draw = (t: number, r: Random) =>
                sample(
                  (tokenId, posId, keys, values) =>
                    gpt(run.model, tokenId, posId, keys, values),
                  {
                    bos: run.tokenizer.bos,
                    blockSize: config.blockSize,
                    nLayer: config.nLayer,
                    temperature: t,
                  },
                  r,
                ).map((id) => run.tokenizer.uchars[id]).join("");
              const fresh = new Random(0);
              fresh.setState(run.rng.getState());
              const atOne = draw(1, fresh);
              const expected = draw(temperature, rng);
              const got = generate(run, temperature);
              const what = `generate(run, ${temperature}) ${describe(config)}`;
              if (got !== expected) {
                throw new CheckFailure(
                  `${what} gave ${JSON.stringify(got)}, expected ${
                    JSON.stringify(expected)
                  }: sample(…, { temperature: ${temperature} }, run.rng), decoded`,
                  got === atOne ? D.temperature : undefined,
                );
              }
              const next = rng.random();
              if (run.rng.random() !== next) {
                throw new CheckFailure(
                  `${what}: run.rng is not where the draws of this name left it: draw with run.rng itself`,
                  D.freshRng,
                );
              }
            },
            30,
          ),
      },
      {
        name:
          "11 train: on a small dataset and a tiny model, the loss goes down (mean of the last 10 steps below that of the first 10)",
        run: () => {
          // Ten names of a–e, each seen eight times; fixed, so it never flakes.
          const docs = [
            "abe",
            "bea",
            "cab",
            "dab",
            "ebb",
            "ace",
            "bad",
            "cad",
            "dee",
            "eda",
          ];
          // A document's loss twice first: caches kept from call to call would grow over
          // the 80 steps and make this check crawl.
          const probe = setup(docs, { ...MINI, seed: 1 });
          const tokens = probe.tokenizer.wrap(docs[0]);
          if (
            documentLoss(probe.model, tokens).data !==
              documentLoss(probe.model, tokens).data
          ) {
            throw new CheckFailure(
              `documentLoss(model, [${
                tokens.join(", ")
              }]) gave two losses for the same document`,
              D.cacheKept,
            );
          }
          for (const seed of [1, 2]) {
            const config: Config = { ...MINI, seed };
            const losses = [...train(setup(docs, config))];
            const mean = (xs: number[]) =>
              xs.reduce((a, b) => a + b, 0) / xs.length;
            const first = mean(losses.slice(0, 10));
            const last = mean(losses.slice(-10));
            if (!(last < first - 0.2)) {
              throw new CheckFailure(
                `train(setup(${JSON.stringify(docs)}, ${describe(config)})): ` +
                  `the mean loss of the first 10 steps is ${first}, of the last 10 ${last}; ` +
                  `expected it to fall by more than 0.2`,
              );
            }
          }
        },
      },
    ];
  },
};
