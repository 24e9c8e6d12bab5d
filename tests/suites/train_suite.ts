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
  check,
  CheckFailure,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  EXACTISH,
  list,
  type Mistake,
  notImplemented,
  prerequisite,
  property,
  suite,
  type Tolerance,
  whichMistake,
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
type DocumentLoss = TrainImpl["train"]["documentLoss"];

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

/** A run of two steps more than there are documents: past the end of the list. */
const pastTheEnd = () =>
  runs().map(({ docs, config }) => ({
    docs,
    config: { ...config, numSteps: docs.length + 2 },
  }));

/**
 * A model of a run's sizes and a document for it: every token but the first and last a
 * character, BOS (the last id) around them; `long` makes it longer than the block.
 */
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

/** A model, the size of its vocabulary and a document of its tokens, from {@link documents}. */
type DocumentCase = { config: Config; vocab: number; tokens: number[] };

/** A run's configuration in a message: `"(seed 3, 2 steps, nEmbd 2, 1 head, …, lr 0.02)"`. */
const describeRun = (c: Config) =>
  `(seed ${c.seed}, ${count(c.numSteps, "step")}, nEmbd ${c.nEmbd}, ${
    count(c.nHead, "head")
  }, ${count(c.nLayer, "layer")}, blockSize ${c.blockSize}, lr ${c.lr})`;

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
export const trainSuite = suite<TrainImpl>({
  kata: "11_train",
  diagnoses: D,
  prerequisites: (impl) => [
    prerequisite(tokenizerSuite, impl),
    ...gptSuite.prerequisites!(impl), // 02–07
    prerequisite(gptSuite, impl),
    prerequisite(adamSuite, impl),
    prerequisite(samplerSuite, impl),
  ],
  properties: (impl) => [
    property(
      "setup shuffles a copy of the documents with Random(config.seed), and builds the tokenizer on them",
      runs({ minDocs: 5 }),
      ({ docs, config }) => shufflesACopy(impl, docs, config),
    ),
    property(
      "setup draws the weights right after the shuffle from the same generator, gives Adam all of them and the run's settings, and keeps the generator",
      runs(),
      ({ docs, config }) => drawsTheWeights(impl, docs, config),
    ),
    property(
      "documentLoss is the mean of −log p(next token) over a short document (a plain-number reference)",
      documents(false),
      (document) => meanOverShortDocument(impl, document),
      { numRuns: 40 },
    ),
    property(
      "documentLoss cuts a document longer than blockSize to its first blockSize + 1 tokens, as microgpt",
      documents(true),
      (document) => cutsLongDocument(impl, document),
      { numRuns: 40 },
    ),
    property(
      "trainStep trains on document step % docs.length and returns its loss on the weights before the step",
      pastTheEnd(),
      ({ docs, config }) => stepsThroughDocuments(impl, docs, config),
      { numRuns: 30 },
    ),
    property(
      "trainStep moves the weights as backward then Adam's step `step` of numSteps would, and leaves no gradient behind",
      runs({ minSteps: 2, maxSteps: 4 }),
      ({ docs, config }) => movesTheWeights(impl, docs, config),
      { numRuns: 30 },
    ),
    property(
      "train yields numSteps losses, each as soon as its step is taken, those trainStep gives",
      runs({ minSteps: 2, maxSteps: 5 }),
      ({ docs, config }) => yieldsEachLoss(impl, docs, config),
      { numRuns: 30 },
    ),
    property(
      "the same seed gives the same losses bit for bit; another seed gives other losses",
      runs({ maxSteps: 3 }),
      ({ docs, config }) => isDeterministic(impl, docs, config),
      { numRuns: 30 },
    ),
    property(
      "generate draws one name with kata 10's sample, from the run's model and generator, at the given temperature",
      fc.tuple(runs(), fc.constantFrom(0.3, 0.5, 2)),
      ([{ docs, config }, temperature]) =>
        generatesAName(impl, docs, config, temperature),
      { numRuns: 30 },
    ),
    check(
      "on a small dataset and a tiny model, the loss goes down (mean of the last 10 steps below that of the first 10)",
      () => lossFalls(impl),
    ),
  ],
});

// What a run should give, on plain numbers and the same tree's katas.

/** The characters of `docs`, sorted: microgpt's `uchars` (the letters here are ASCII). */
function ucharsOf(docs: readonly string[]): string[] {
  return [...new Set(docs.join(""))].sort();
}

/** `[BOS, ...ids, BOS]` of `doc`, made here from the characters of `docs`. */
function tokensOf(docs: readonly string[], doc: string): number[] {
  const uchars = ucharsOf(docs);
  const bos = uchars.length;
  return [bos, ...[...doc].map((ch) => uchars.indexOf(ch)), bos];
}

/** `docs` shuffled by `rng`, in a new list. */
function shuffled(docs: readonly string[], rng: Random): string[] {
  const out = [...docs];
  rng.shuffle(out);
  return out;
}

/** microgpt's loss of `tokens` on plain numbers: the first min(blockSize, len − 1) targets. */
function expectedLoss(
  sd: Record<string, Matrix>,
  model: Gpt,
  tokens: readonly number[],
): number {
  const n = Math.min(model.config.blockSize, tokens.length - 1);
  return plainLoss(sd, model.config, tokens.slice(0, n + 1));
}

/** −log p of each target (the next token, or with `current` the token itself), plainly. */
function plainTerms(
  sd: Record<string, Matrix>,
  model: Gpt,
  tokens: readonly number[],
  current = false,
): number[] {
  return plainGpt(sd, model.config, tokens.slice(0, -1)).map((logits, p) =>
    -Math.log(plainSoftmax(logits)[current ? tokens[p] : tokens[p + 1]])
  );
}

/** A model of `c`'s sizes, its weights drawn from `seed`, for a vocabulary of `vocabSize`. */
function modelOf(
  { gpt: { createGpt } }: TrainImpl,
  c: Omit<Config, "seed" | "numSteps">,
  vocabSize: number,
  seed: number,
): Gpt {
  const { nEmbd, nHead, nLayer, blockSize } = c;
  return createGpt(
    { vocabSize, nEmbd, nHead, nLayer, blockSize },
    new Random(seed),
  );
}

/** Whether any of `run`'s weights differs from `other`'s. */
function differs(run: Training, other: Training): boolean {
  return run.model.params.some((p, i) => p.data !== other.model.params[i].data);
}

/** Whether `a` and `b` are the same number, NaN being the same as NaN. */
function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || a === b;
}

// What the longer properties check, in the list's order.

function shufflesACopy(
  { train: { setup } }: TrainImpl,
  docs: string[],
  config: Config,
): void {
  const given = [...docs];
  const run = setup(given, config);
  const expected = shuffled(docs, new Random(config.seed));
  const what = `setup(${JSON.stringify(docs)}, ${describeRun(config)})`;
  ensure(
    run.docs.join("\n") === expected.join("\n"),
    () =>
      `${what}: docs is ${JSON.stringify(run.docs)}, expected ${
        JSON.stringify(expected)
      }, as new Random(${config.seed}).shuffle(copy) orders them`,
    () => whyNotShuffled(setup, docs, config, run),
  );
  ensure(
    given.join("\n") === docs.join("\n"),
    () =>
      `${what} changed the list it was given to ${
        JSON.stringify(given)
      }: the caller's documents must stay as they were`,
    D.inPlace,
  );
  const uchars = ucharsOf(docs);
  ensure(
    run.tokenizer.uchars.join() === uchars.join(),
    () =>
      `${what}: the tokenizer's characters are ${
        list(run.tokenizer.uchars)
      }, expected those of the documents, ${list(uchars)}`,
  );
}

function drawsTheWeights(
  { train: { setup } }: TrainImpl,
  docs: string[],
  config: Config,
): void {
  const run = setup(docs, config);
  const what = `setup(${JSON.stringify(docs)}, ${describeRun(config)})`;
  const vocab = ucharsOf(docs).length + 1;
  const rng = new Random(config.seed);
  rng.shuffle([...docs]);
  const size = layout({ ...config, vocabSize: vocab })
    .reduce((n, [, rows, columns]) => n + rows * columns, 0);
  const draws = Array.from({ length: size }, () => rng.gauss(0, 0.08));
  const fresh = new Random(config.seed);
  const params = run.model.params;
  ensure(
    params.length === size,
    () =>
      `${what}: the model has ${
        count(params.length, "weight")
      }, expected ${size} for a vocabulary of ${vocab} (the characters and BOS)`,
  );
  assertClose(
    params.map((p) => p.data),
    draws,
    `${what}: the weights, against rng.gauss(0, 0.08) drawn after rng.shuffle`,
    {
      tol: BITS,
      mistakes: [[D.freshRng, draws.map(() => fresh.gauss(0, 0.08))]],
    },
  );
  const adamParams = run.adam.params;
  ensure(
    adamParams.length === size &&
      !adamParams.some((p, i) => p !== params[i]),
    () =>
      adamParams.length === size
        ? `${what}: Adam's ${size} parameters are not the model's weights themselves (model.params), but copies or other nodes`
        : `${what}: Adam has ${
          count(adamParams.length, "parameter")
        }, expected the model's ${size} weights themselves (model.params)`,
    D.adamParams,
  );
  ensure(
    run.adam.config.lr === config.lr,
    () =>
      `${what}: Adam's learning rate is ${run.adam.config.lr}, expected the run's, ${config.lr}`,
    D.adamConfig,
  );
  const next = rng.random();
  const got = run.rng.random();
  ensure(
    got === next,
    () =>
      `${what}: run.rng.random() gave ${got}, expected ${next}: the generator, as the shuffle and the weights left it`,
    D.freshRng,
  );
}

function meanOverShortDocument(
  impl: TrainImpl,
  { config, vocab, tokens }: DocumentCase,
): void {
  const model = modelOf(impl, config, vocab, config.seed);
  const sd = numbers(model.stateDict);
  const got = lossOf(impl, model, tokens);
  const again = lossOf(impl, model, tokens);
  ensure(
    sameNumber(again, got),
    () =>
      `documentLoss(model, [${tokens.join(", ")}]) ${
        describeRun(config)
      } gave ${got}, then ${again} for the same document`,
    () => keptState(got, again),
  );
  confirmedLoss(
    impl,
    got,
    expectedLoss(sd, model, tokens),
    `documentLoss(model, [${tokens.join(", ")}]) ${
      describeRun(config)
    }, vocab ${vocab}`,
    lossMistakes(sd, model, tokens),
  );
}

function cutsLongDocument(
  impl: TrainImpl,
  { config, vocab, tokens }: DocumentCase,
): void {
  const model = modelOf(impl, config, vocab, config.seed);
  const sd = numbers(model.stateDict);
  const got = lossOf(impl, model, tokens);
  confirmedLoss(
    impl,
    got,
    expectedLoss(sd, model, tokens),
    `documentLoss(model, [${tokens.join(", ")}]) ${
      describeRun(config)
    }: the mean over the first ${config.blockSize} positions`,
    lossMistakes(sd, model, tokens).filter(([d]) => d === D.cutShort),
  );
}

function stepsThroughDocuments(
  { train: { setup, trainStep } }: TrainImpl,
  docs: string[],
  c: Config,
): void {
  const run = setup(docs, c);
  for (let step = 0; step < c.numSteps; step++) {
    const sd = numbers(run.model.stateDict);
    const doc = run.docs[step % docs.length];
    const what = `trainStep(run, ${step}) ${describeRun(c)}, docs ${
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
    const expected = expectedLoss(sd, run.model, tokensOf(docs, doc));
    assertClose(got, expected, `${what}: the loss of ${JSON.stringify(doc)}`, {
      mistakes: [[
        D.lossAfter,
        expectedLoss(
          numbers(run.model.stateDict),
          run.model,
          tokensOf(docs, doc),
        ),
      ]],
    });
  }
}

function movesTheWeights(
  impl: TrainImpl,
  docs: string[],
  config: Config,
): void {
  const { setup, trainStep } = impl.train;
  const run = setup(docs, config);
  for (let step = 0; step < config.numSteps; step++) {
    const at: Before = {
      run,
      docs,
      config,
      step,
      data: run.model.params.map((p) => p.data),
      m: [...run.adam.m],
      v: [...run.adam.v],
      doc: run.docs[step % docs.length],
    };
    trainStep(run, step);
    const what = `trainStep(run, ${step}) ${describeRun(config)} on ${
      JSON.stringify(at.doc)
    }`;
    assertClose(
      run.model.params.map((p) => p.data),
      twinStep(impl, at),
      `${what}: the weights after the step, against documentLoss, backward and adam.step(${step}, ${config.numSteps}) on a copy`,
      {
        tol: BITS,
        mistakeTol: EXACTISH,
        mistakes: [
          [D.stepPlusOne, twinStep(impl, at, { adamStep: step + 1 })],
          [D.noBackward, twinStep(impl, at, { grads: false })],
        ],
      },
    );
    const k = run.model.params.findIndex((p) => p.grad !== 0);
    ensure(
      k < 0,
      () =>
        `${what}: params[${k}].grad is ${
          run.model.params[k].grad
        } after the step, expected 0 (Adam's step sets every gradient back to 0)`,
    );
  }
}

function yieldsEachLoss(
  impl: TrainImpl,
  docs: string[],
  config: Config,
): void {
  const { setup, trainStep, train } = impl.train;
  const what = `train(setup(${JSON.stringify(docs)}, ${describeRun(config)}))`;
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
  ensure(
    first.done || !differs(run, once),
    `${what}: when the first loss came out, the weights were not those after step 0 alone`,
    () => notLiveOrLate(impl, docs, config, run),
  );
  const got = first.done ? [] : [first.value, ...it];
  ensure(
    got.length === expected.length,
    () =>
      `${what} yielded ${
        count(got.length, "loss", "losses")
      }, expected ${config.numSteps}, one per step`,
    () => loopMistake(impl, docs, config, got),
  );
  try {
    assertClose(got, expected, `${what}: the losses, step by step`, {
      tol: BITS,
    });
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    throw new CheckFailure(e.problem, loopMistake(impl, docs, config, got));
  }
}

function isDeterministic(
  { train: { setup, train } }: TrainImpl,
  docs: string[],
  config: Config,
): void {
  const losses = (seed: number) => [
    ...train(setup(docs, { ...config, seed })),
  ];
  const a = losses(config.seed);
  const b = losses(config.seed);
  const what = `train(setup(docs, ${describeRun(config)}))`;
  const bad = a.findIndex((x) => !Number.isFinite(x));
  ensure(
    bad < 0,
    () =>
      `${what} gave ${
        list(a)
      }: the loss of step ${bad} is not a finite number, ` +
      `so the runs cannot be compared (a loss is −log p, finite for p > 0)`,
  );
  ensure(
    a.join() === b.join(),
    () => `${what} gave ${list(a)}, then ${list(b)} on the same seed`,
    () => weightsDiffer(setup, docs, config, config) ? D.unseeded : undefined,
  );
  const other = losses(config.seed + 1);
  ensure(
    other.join() !== a.join(),
    () => `${what} and seed ${config.seed + 1} both gave ${list(a)}`,
    () =>
      weightsDiffer(setup, docs, config, { ...config, seed: config.seed + 1 })
        ? undefined
        : D.seedIgnored,
  );
}

function generatesAName(
  impl: TrainImpl,
  docs: string[],
  config: Config,
  temperature: number,
): void {
  const { setup, generate } = impl.train;
  const run = setup(docs, config);
  // Sharper logits than a fresh model's, so that the temperature tells.
  for (const row of run.model.stateDict.lm_head) {
    for (const w of row) w.data *= 40;
  }
  const rng = new Random(0);
  rng.setState(run.rng.getState());
  const fresh = new Random(0);
  fresh.setState(run.rng.getState());
  const atOne = drawName(impl, run, config, 1, fresh);
  const expected = drawName(impl, run, config, temperature, rng);
  const got = generate(run, temperature);
  const what = `generate(run, ${temperature}) ${describeRun(config)}`;
  ensure(
    got === expected,
    () =>
      `${what} gave ${JSON.stringify(got)}, expected ${
        JSON.stringify(expected)
      }: sample(…, { temperature: ${temperature} }, run.rng), decoded`,
    () => got === atOne ? D.temperature : undefined,
  );
  const next = rng.random();
  ensure(
    run.rng.random() === next,
    `${what}: run.rng is not where the draws of this name left it: draw with run.rng itself`,
    D.freshRng,
  );
}

/** One name drawn with kata 10's `sample` from `run`'s model at temperature `t`, decoded. */
function drawName(
  { gpt: { gpt }, sampler: { sample } }: TrainImpl,
  run: Training,
  config: Config,
  t: number,
  r: Random,
): string {
  return sample(
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
}

function lossFalls({ train: { setup, documentLoss, train } }: TrainImpl): void {
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
  const once = documentLoss(probe.model, tokens).data;
  const twice = documentLoss(probe.model, tokens).data;
  ensure(
    sameNumber(once, twice),
    () =>
      `documentLoss(model, [${
        tokens.join(", ")
      }]) gave ${once}, then ${twice} for the same document`,
    () => keptState(once, twice),
  );
  for (const seed of [1, 2]) {
    const config: Config = { ...MINI, seed };
    const losses = [...train(setup(docs, config))];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-10));
    ensure(
      last < first - 0.2,
      () =>
        `train(setup(${JSON.stringify(docs)}, ${describeRun(config)})): ` +
        `the mean loss of the first 10 steps is ${first}, of the last 10 ${last}; ` +
        `expected it to fall by more than 0.2`,
    );
  }
}

// Probes: what a planted mistake would compute, or a second run of the learner's code, to
// confirm the diagnosis of a failure.

/**
 * The learner's documentLoss on `tokens`, seen through a list that notes a read past its
 * end; a throw is told apart from the simpler mistakes it may come from.
 */
function lossOf(
  { train: { documentLoss } }: TrainImpl,
  model: Gpt,
  tokens: readonly number[],
): number {
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
    throw whyLossThrew(documentLoss, model, tokens, past, error);
  }
}

/**
 * What to throw when documentLoss threw `error` on `tokens`: a read past the end, caches
 * shared by the layers (one layer works), a document longer than the block, or the error.
 */
function whyLossThrew(
  documentLoss: DocumentLoss,
  model: Gpt,
  tokens: readonly number[],
  past: boolean,
  error: unknown,
): unknown {
  const what = `documentLoss(model, [${tokens.join(", ")}])`;
  const why = `${what} threw ${String(error)}`;
  if (past) {
    return new CheckFailure(
      `${what} read tokens[${tokens.length}], past the end of the document`,
      D.pastEnd,
    );
  }
  const { config } = model;
  if (config.nLayer > 1) {
    let oneLayerWorks = false;
    try {
      documentLoss({ ...model, config: { ...config, nLayer: 1 } }, tokens);
      oneLayerWorks = true;
    } catch { /* the same throw: not the caches */ }
    if (oneLayerWorks) {
      return new CheckFailure(
        `${why} with ${config.nLayer} layers, but not with 1`,
        D.oneCache,
      );
    }
  }
  if (tokens.length - 1 > config.blockSize) {
    return new CheckFailure(
      `${why}: the document has ${tokens.length} tokens, more than blockSize + 1 = ${
        config.blockSize + 1
      }`,
      D.noTruncation,
    );
  }
  return error;
}

/**
 * Why setup's documents are not in the expected order, told by its weights: drawn from
 * Random(42), different on a second call, or the generator's first draws (no shuffle
 * before them), with the documents after them or in their order.
 */
function whyNotShuffled(
  setup: TrainImpl["train"]["setup"],
  docs: readonly string[],
  config: Config,
  run: Training,
): Diagnosis | undefined {
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
}

/** A run as it was before step `step`: its weights, Adam's moments and the step's document. */
interface Before {
  readonly run: Training;
  readonly docs: readonly string[];
  readonly config: Config;
  readonly step: number;
  readonly data: readonly number[];
  readonly m: readonly number[];
  readonly v: readonly number[];
  readonly doc: string;
}

/**
 * The weights after step `at.step` as kata 08–09's pieces give them, on a copy of the weights
 * and moments: documentLoss, backward (unless `grads` is false), and adam.step(`adamStep`).
 */
function twinStep(
  impl: TrainImpl,
  at: Before,
  { grads = true, adamStep = at.step }: {
    grads?: boolean;
    adamStep?: number;
  } = {},
): number[] {
  const { backward: { backward }, adam: { Adam } } = impl;
  const { documentLoss } = impl.train;
  const { run, docs, config, data, m, v, doc } = at;
  const model = modelOf(impl, config, run.tokenizer.vocabSize, 0);
  model.params.forEach((p, i) => p.data = data[i]);
  const adam = new Adam(model.params, config);
  m.forEach((x, i) => adam.m[i] = x);
  v.forEach((x, i) => adam.v[i] = x);
  const loss = documentLoss(model, tokensOf(docs, doc));
  if (grads) backward(loss);
  adam.step(adamStep, config.numSteps);
  return model.params.map((p) => p.data);
}

/**
 * Whether train's first loss came too late or a step too far on, when the run's weights
 * then were not those after step 0 alone: those after every step (all the steps taken
 * first), or after step 1 alone (the loop started at 1).
 */
function notLiveOrLate(
  { train: { setup, trainStep } }: TrainImpl,
  docs: string[],
  config: Config,
  run: Training,
): Diagnosis | undefined {
  const all = setup(docs, config);
  for (let step = 0; step < config.numSteps; step++) trainStep(all, step);
  if (!differs(run, all)) return D.notLive;
  const skipped = setup(docs, config);
  trainStep(skipped, 1);
  return differs(run, skipped) ? undefined : D.startsAtOne;
}

/** The losses of `n` steps from step `first` on, of a fresh run: what such a loop yields. */
function stepLosses(
  { train: { setup, trainStep } }: TrainImpl,
  docs: readonly string[],
  config: Config,
  first: number,
  n: number,
): number[] {
  const run = setup(docs, config);
  return Array.from({ length: n }, (_, s) => trainStep(run, first + s));
}

/**
 * The loops that take the wrong steps: each mistake, the step it starts from, and how many
 * steps more or fewer than numSteps it takes.
 */
const LOOPS: readonly (readonly [Diagnosis, number, number])[] = [
  [D.stopsShort, 0, -1],
  [D.startsAtOne, 1, -1],
  [D.startsAtOne, 1, 0],
];

/**
 * A run of 3 documents and 5 steps: a loop one step short, or from step 1, yields 4 losses,
 * one per document 3, one past the end 6.
 */
const PROBE_DOCS = ["ab", "c", "bca"];
const PROBE_TRAINING: Config = {
  seed: 3,
  numSteps: 5,
  nEmbd: 2,
  nHead: 1,
  nLayer: 1,
  blockSize: 4,
  lr: 0.05,
  ...ADAM,
};

/**
 * The loop of {@link LOOPS} whose losses `got` (train's, on `docs` and `config`) are, bit
 * for bit, confirmed by the learner's train on {@link PROBE_DOCS}.
 */
function loopMistake(
  impl: TrainImpl,
  docs: readonly string[],
  config: Config,
  got: readonly number[],
): Diagnosis | undefined {
  const twin = (
    ds: readonly string[],
    c: Config,
    first: number,
    more: number,
  ) => stepLosses(impl, ds, c, first, c.numSteps + more);
  const loop = LOOPS.find(([d, first, more]) =>
    whichMistake(got, [[d, twin(docs, config, first, more)]], BITS)
  );
  if (!loop) return undefined;
  const [d, first, more] = loop;
  let atProbe: number[];
  try {
    const { setup, train } = impl.train;
    atProbe = [...train(setup(PROBE_DOCS, PROBE_TRAINING))];
  } catch {
    return undefined;
  }
  return whichMistake(
    atProbe,
    [[d, twin(PROBE_DOCS, PROBE_TRAINING, first, more)]],
    BITS,
  );
}

/**
 * What the planted mistakes of documentLoss would give for `tokens` (its first
 * n = min(blockSize, tokens.length − 1) targets), on plain numbers.
 */
function lossMistakes(
  sd: Record<string, Matrix>,
  model: Gpt,
  tokens: readonly number[],
): Mistake[] {
  const n = Math.min(model.config.blockSize, tokens.length - 1);
  const within = tokens.slice(0, n + 1);
  const terms = plainTerms(sd, model, within);
  const total = terms.reduce((a, b) => a + b, 0);
  const expected = expectedLoss(sd, model, tokens);
  const current = plainTerms(sd, model, within, true);
  const short = Math.min(model.config.blockSize - 1, n);
  return [
    [D.sumNotMean, total],
    [D.divideByLength, total / tokens.length],
    [D.noNeg, -expected],
    [D.currentToken, current.reduce((a, b) => a + b, 0) / n],
    [
      D.cutShort,
      short === 0
        ? NaN
        : plainLoss(sd, model.config, tokens.slice(0, short + 1)),
    ],
  ];
}

/** How near a mistake's value a loss must be to name it (its sums run in another order). */
const LOSS_MISTAKE_TOL: Tolerance = { rtol: 1e-9, atol: 1e-12 };

/**
 * A fixed model and document on which every mistake of {@link lossMistakes} gives its own
 * value, none of them the loss: 3 targets in a block of 3 (so a mean over every token, over
 * blockSize positions or over one position fewer differ), 2 heads.
 */
const PROBE_RUN: Omit<Config, "numSteps"> = {
  seed: 5,
  nEmbd: 4,
  nHead: 2,
  nLayer: 1,
  blockSize: 3,
  lr: 0.05,
  ...ADAM,
};
/** The vocabulary of {@link PROBE_RUN}'s model: 3 characters and BOS. */
const PROBE_VOCAB = 4;
/** A document of {@link PROBE_RUN}'s: BOS, 2 characters, BOS. */
const PROBE_TOKENS = [3, 0, 2, 3];

/**
 * `got`, the learner's loss of a document, against microgpt's `expected`; a mistake among
 * `mistakes` whose value it matches is named only when {@link atProbeDocument} confirms it.
 */
function confirmedLoss(
  impl: TrainImpl,
  got: number,
  expected: number,
  what: string,
  mistakes: readonly Mistake[],
): void {
  try {
    assertClose(got, expected, what, {
      tol: EXACTISH,
      mistakeTol: LOSS_MISTAKE_TOL,
      mistakes,
    });
  } catch (e) {
    if (!(e instanceof CheckFailure) || !e.diagnosis) throw e;
    throw new CheckFailure(e.problem, atProbeDocument(impl, e.diagnosis));
  }
}

/**
 * `mistake` when the learner's loss of {@link PROBE_TOKENS} on {@link PROBE_RUN}'s model is
 * that mistake's value there too.
 */
function atProbeDocument(
  impl: TrainImpl,
  mistake: Diagnosis,
): Diagnosis | undefined {
  const model = modelOf(impl, PROBE_RUN, PROBE_VOCAB, PROBE_RUN.seed);
  const sd = numbers(model.stateDict);
  let got: number;
  try {
    got = impl.train.documentLoss(model, PROBE_TOKENS).data;
  } catch {
    return undefined;
  }
  const twins = lossMistakes(sd, model, PROBE_TOKENS);
  return whichMistake(
    got,
    twins.filter(([d]) => d === mistake),
    LOSS_MISTAKE_TOL,
  );
}

/**
 * Caches kept from call to call, when one document gave two losses: only when both are
 * numbers (NaN from a wrong formula differs from itself, but keeps nothing).
 */
function keptState(first: number, second: number): Diagnosis | undefined {
  return Number.isFinite(first) && Number.isFinite(second)
    ? D.cacheKept
    : undefined;
}

/** Whether setup gives other weights for `b` than for `a` (on the same documents). */
function weightsDiffer(
  setup: TrainImpl["train"]["setup"],
  docs: readonly string[],
  a: Config,
  b: Config,
): boolean {
  const [x, y] = [a, b].map((c) =>
    setup([...docs], c).model.params.map((p) => p.data)
  );
  return x.length !== y.length || x.some((w, i) => !sameNumber(w, y[i]));
}
