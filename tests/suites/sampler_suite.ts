/**
 * Kata 10 · sampler: the property suite, run on `katas/10_sampler` and
 * `solutions/10_sampler`, each with its own tree's katas 02–05.
 *
 * The model is a stand-in with random logits that depend on the token and the position (and
 * records how it is called), so the suite needs no trained GPT. The calls are checked first
 * (what goes in, where it stops), then the draws: their frequencies against the softmax
 * probabilities (a chi-square test on a fixed seed, so it never flakes), the exact draws
 * against `Random.choices` on the same seed, and a near-zero temperature.
 *
 * @module
 */
import fc from "fast-check";
import { Random } from "../../lib/random.ts";
import type * as SamplerModule from "../../solutions/10_sampler/sampler.ts";
import {
  check,
  CheckFailure,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  list,
  matrix,
  prerequisite,
  property,
  suite,
} from "../harness/harness.ts";
import { linearPrerequisites } from "./linear_suite.ts";
import { plainSoftmax } from "../harness/reference.ts";
import { type SoftmaxImpl, softmaxSuite } from "./softmax_suite.ts";

/** The modules kata 10 uses: its own `sampler.ts`, and the same tree's katas 02–05. */
export interface SamplerImpl extends SoftmaxImpl {
  /** `sampler.ts` */
  readonly sampler: typeof SamplerModule;
}

/** A stand-in model: logits = byToken[token] + byPos[pos], elementwise. */
interface Fake {
  readonly vocab: number;
  readonly bos: number;
  readonly blockSize: number;
  readonly nLayer: number;
  readonly temperature: number;
  readonly byToken: readonly (readonly number[])[];
  readonly byPos: readonly (readonly number[])[];
}

/** One call of the model, as it saw its arguments. */
interface Call {
  readonly tokenId: number;
  readonly posId: number;
  /** How many layers' caches it got, and how long each was. */
  readonly cached: readonly number[];
  /** Whether two layers got the very same cache list. */
  readonly shared: boolean;
}

/** The learner's sample on the stand-in `f`, drawing from `rng`: the name's ids and the calls. */
type Run = (
  f: Fake,
  rng: Random,
) => { readonly ids: number[]; readonly calls: Call[] };

const logitsOf = (f: Fake, token: number, pos: number): number[] =>
  f.byToken[token]?.map((x, j) => x + f.byPos[pos % f.blockSize][j]) ??
    Array(f.vocab).fill(NaN);

/** Random stand-ins; `bosLogit` is added to BOS's logit (very low: names run to the end). */
function fakes(
  {
    bosLogit = 0,
    temperatures = fc.constantFrom<number>(0.5, 1, 2),
  }: { bosLogit?: number; temperatures?: fc.Arbitrary<number> } = {},
): fc.Arbitrary<Fake> {
  return fc.record({
    vocab: fc.integer({ min: 2, max: 6 }),
    blockSize: fc.integer({ min: 1, max: 8 }),
    nLayer: fc.integer({ min: 1, max: 3 }),
  }).chain(({ vocab, blockSize, nLayer }) =>
    fc.record({
      vocab: fc.constant(vocab),
      bos: fc.integer({ min: 0, max: vocab - 1 }),
      blockSize: fc.constant(blockSize),
      nLayer: fc.constant(nLayer),
      temperature: temperatures,
      byToken: matrix(vocab, vocab, -2, 2),
      byPos: matrix(blockSize, vocab, -2, 2),
    }).map((f) => ({
      ...f,
      byPos: f.byPos.map((row) =>
        row.map((x, j) => x + (j === f.bos ? bosLogit : 0))
      ),
    }))
  );
}

/** A stand-in in a message: `"(3 tokens, BOS = 0, blockSize 1, 1 layer)"`. */
function where(f: Fake): string {
  return `(${f.vocab} tokens, BOS = ${f.bos}, blockSize ${f.blockSize}, ${f.nLayer} layer${
    f.nLayer === 1 ? "" : "s"
  })`;
}

/** The stand-in of the chi-square check: 5 tokens, BOS last, temperature 0.7. */
const FIRST: Fake = {
  vocab: 5,
  bos: 4,
  blockSize: 1,
  nLayer: 1,
  temperature: 0.7,
  byToken: Array.from({ length: 5 }, () => [0.3, -0.5, 1.2, 0.1, -1]),
  byPos: [[0, 0, 0, 0, 0]],
};
/** A stand-in whose names are 8 draws of 5 equally likely tokens (BOS is never drawn). */
const PROBE: Fake = {
  vocab: 6,
  bos: 5,
  blockSize: 8,
  nLayer: 1,
  temperature: 1,
  byToken: Array.from({ length: 6 }, () => [0, 0, 0, 0, 0, -100]),
  byPos: Array.from({ length: 8 }, () => [0, 0, 0, 0, 0, 0]),
};
/** Draws of the chi-square check, and its significance: a correct sampler fails 1 in 10^6. */
const DRAWS = 4000;
const ALPHA = 1e-6;
/** The seed of the chi-square check: fixed, so the check gives the same verdict every run. */
const CHI_SEED = 20261123;

/** The mistakes kata 10's suite names. */
export const D = diagnoses("10_sampler", {
  startNotBos:
    "a first input that is not BOS: a name starts from BOS at position 0, as in training",
  posStuck:
    "the position not advanced: call the model with posId = 0, 1, 2, … (the loop counter)",
  oneLayer:
    "caches for one layer whatever nLayer: make one empty key list and one empty value list per layer, Array.from({ length: nLayer }, () => [])",
  sharedLayers:
    "one list shared by every layer (Array(n).fill([]) fills with the same array): make a new one per layer, Array.from({ length: nLayer }, () => [])",
  choicesOnLogits:
    "rng.choices given the logits: they can be negative; give it the probabilities, softmax(logits / temperature) as numbers",
  notFresh:
    "caches kept from an earlier name: make new, empty ones at the start of each name",
  notFedBack:
    "the drawn token not fed back: the next call's tokenId is the token just drawn",
  noStop:
    "a BOS drawn and skipped: BOS ends the name, so break out of the loop",
  bosIncluded: "BOS added to the name: check for BOS before you push the token",
  tooLong:
    "one position too many: a name has at most blockSize tokens (posId < blockSize)",
  tempMultiplied:
    "logits multiplied by the temperature: divide them by it (l.div(temperature))",
  tempIgnored:
    "the temperature left out: divide each logit by it before softmax",
  greedy:
    "always the likeliest token: draw one at random with rng.choices(the probabilities)",
  notRng:
    "draws that are not the seeded RNG's: use rng.choices(probabilities), so a seed gives microgpt's names",
});

/** Kata 10's suite. */
export const samplerSuite = suite<SamplerImpl>({
  kata: "10_sampler",
  diagnoses: D,
  prerequisites: (impl) => [
    ...linearPrerequisites(impl),
    prerequisite(softmaxSuite, impl),
  ],
  properties: (impl) => {
    const run = sampled(impl);
    return [
      property(
        "starts from BOS at position 0 with empty caches, one per layer, and feeds each drawn token back",
        fc.tuple(fakes(), fc.nat()),
        ([f, seed]) => callsLikeMicrogpt(run, f, seed),
      ),
      property(
        "a name has at most blockSize tokens and never contains BOS",
        fc.tuple(fakes(), fakes({ bosLogit: -40 }), fc.nat()),
        // The second stand-in almost never draws BOS: its names run to blockSize.
        ([any, long, seed]) => namesFit(run, [any, long], seed),
      ),
      check(
        `the first tokens' frequencies over ${DRAWS} names match softmax(logits / temperature) (chi-square, p < ${ALPHA})`,
        () => firstTokensFit(run),
      ),
      property(
        "with a seeded Random, the draws are those of rng.choices on the probabilities",
        fc.tuple(fakes(), fc.nat()),
        ([f, seed]) => drawsLikeRng(run, f, seed),
      ),
      property(
        "at a temperature of 1e-4 every draw is the likeliest token",
        fc.tuple(fakes({ temperatures: fc.constant(1e-4) }), fc.nat()),
        ([f, seed]) => coldIsGreedy(run, f, seed),
      ),
    ];
  },
});

/**
 * The learner's sample with a model that records its calls and, like gpt(), adds one key and
 * value per layer per call.
 */
function sampled({ value: { Value }, sampler: { sample } }: SamplerImpl): Run {
  return (f, rng) => {
    const calls: Call[] = [];
    const model: SamplerModule.Model = (tokenId, posId, keys, values) => {
      calls.push({
        tokenId,
        posId,
        cached: keys.map((k) => k.length),
        shared: keys.some((k, i) => keys.indexOf(k) !== i),
      });
      // Like gpt(): one new key and value per layer per call.
      keys.forEach((k) => k.push([new Value(0)]));
      values.forEach((v) => v.push([new Value(0)]));
      return logitsOf(f, tokenId, posId).map((x) => new Value(x));
    };
    let ids: number[];
    try {
      ids = sample(model, f, rng);
    } catch (e) {
      if (e instanceof RangeError && /^choices: /.test(e.message)) {
        throw new CheckFailure(
          `rng.choices threw "${e.message}" ${where(f)}`,
          D.choicesOnLogits,
        );
      }
      throw e;
    }
    return { ids, calls };
  };
}

// What the longer properties check, in the list's order.

function callsLikeMicrogpt(run: Run, f: Fake, seed: number): void {
  // A first name, so a second one shows stale caches.
  const before = run(f, new Random(seed));
  const got = run(f, new Random(seed));
  const { ids, calls } = got;
  const about = (problem: string) => withCalls(f, calls, ids, problem);
  ensure(
    calls.length > 0,
    () =>
      about(
        `the model was never called, expected a first call with BOS = ${f.bos} at position 0`,
      ),
  );
  ensure(
    calls[0].tokenId === f.bos,
    () =>
      about(
        `the first call got token ${calls[0].tokenId}, expected BOS = ${f.bos}`,
      ),
    () => firstNotBos(run) ? D.startNotBos : undefined,
  );
  const pos = calls.findIndex((c, t) => c.posId !== t);
  ensure(
    pos < 0,
    () =>
      about(
        `call ${pos + 1} got position ${calls[pos].posId}, expected ${pos}`,
      ),
    () => twinOf(run, f, seed, got, [[D.posStuck, { stuckAt: 0 }]]),
  );
  const stale = calls.findIndex((c, t) => c.cached.some((n) => n !== t));
  ensure(
    stale < 0,
    () =>
      about(
        `call ${stale + 1} got caches of lengths ${
          list(calls[stale].cached)
        }, expected ${stale} each (the model adds one per call)`,
      ),
    () => stale === 0 && keptFrom(before, calls[0]) ? D.notFresh : undefined,
  );
  ensure(
    !calls[0].shared,
    () => about(`the layers' caches are one and the same list`),
    D.sharedLayers,
  );
  ensure(
    calls[0].cached.length === f.nLayer,
    () =>
      about(
        `the first call got caches for ${
          count(calls[0].cached.length, "layer")
        }, expected ${f.nLayer}`,
      ),
    () =>
      calls[0].cached.length === 1 && oneLayerOnly(run)
        ? D.oneLayer
        : undefined,
  );
  const late = calls.findIndex((c, t) => t > 0 && c.tokenId === f.bos);
  ensure(
    late < 0,
    () => about(`call ${late + 1} got BOS, which should have ended the name`),
    () =>
      twinOf(run, f, seed, got, [
        [D.noStop, { atBos: "skip" }],
        [D.notFedBack, { feeds: "bos" }],
      ]),
  );
  const fed = calls.findIndex((c, t) => t > 0 && c.tokenId !== ids[t - 1]);
  ensure(
    fed < 0,
    () =>
      about(
        `call ${fed + 1} got token ${calls[fed].tokenId}, but the name's ${
          ordinal(fed)
        } token is ${
          ids[fed - 1]
        }: each token drawn goes into the name and into the next call, so the two agree`,
      ),
    () => twinOf(run, f, seed, got, [[D.notFedBack, { feeds: "bos" }]]),
  );
}

function namesFit(run: Run, fs: readonly Fake[], seed: number): void {
  for (const f of fs) {
    const got = run(f, new Random(seed));
    const { ids } = got;
    ensure(
      !ids.includes(f.bos),
      () => `the name ${list(ids)} contains BOS = ${f.bos} ${where(f)}`,
      () =>
        twinOf(run, f, seed, got, [[D.bosIncluded, { atBos: "pushThenStop" }]]),
    );
    ensure(
      ids.length <= f.blockSize,
      () =>
        `the name ${
          list(ids)
        } has ${ids.length} tokens, more than blockSize = ${f.blockSize} ${
          where(f)
        }`,
      () => twinOf(run, f, seed, got, [[D.tooLong, { oneMore: true }]]),
    );
  }
}

function firstTokensFit(run: Run): void {
  const rng = new Random(CHI_SEED);
  const counts = Array(FIRST.vocab).fill(0);
  for (let k = 0; k < DRAWS; k++) {
    const [first = FIRST.bos] = run(FIRST, rng).ids;
    counts[first]++;
  }
  const logits = FIRST.byToken[FIRST.bos];
  const p = plainSoftmax(logits.map((l) => l / FIRST.temperature));
  const critical = chiSquareCritical(FIRST.vocab - 1, ALPHA);
  const stat = chiSquare(counts, p);
  ensure(
    stat <= critical,
    () =>
      `first tokens over ${DRAWS} names, logits ${
        list(logits)
      }, temperature ${FIRST.temperature}: ` +
      `counts ${list(counts)}, expected about ${
        list(p.map((q) => Math.round(q * DRAWS)))
      }; ` +
      `chi-square ${stat.toFixed(1)}, above ${critical.toFixed(1)}`,
    () => frequencyMistake(run, counts, logits, critical),
  );
}

function drawsLikeRng(run: Run, f: Fake, seed: number): void {
  const got = run(f, new Random(seed)).ids;
  const expected = plainSample(f, new Random(seed));
  ensure(
    got.join() === expected.join(),
    () =>
      `with new Random(${seed}) the name is ${list(got)}, expected ${
        list(expected)
      } ${where(f)}`,
    () => seedIgnored(run, seed) ? D.notRng : undefined,
  );
}

function coldIsGreedy(run: Run, f: Fake, seed: number): void {
  // Logits on a grid of 1/128 can tie: only check stand-ins whose best is clear.
  const got = run(f, new Random(seed)).ids;
  let token = f.bos;
  const expected: number[] = [];
  for (let pos = 0; pos < f.blockSize; pos++) {
    const l = logitsOf(f, token, pos);
    const top = Math.max(...l);
    if (l.filter((x) => x === top).length > 1) return;
    token = l.indexOf(top);
    if (token === f.bos) break;
    expected.push(token);
  }
  ensure(
    got.join() === expected.join(),
    () =>
      `at temperature 1e-4 the name is ${
        list(got)
      }, expected the likeliest tokens ${list(expected)} ${where(f)}`,
  );
}

/** `n` as an ordinal: `"1st"`, `"2nd"`, `"3rd"`, `"4th"`, `"11th"`. */
function ordinal(n: number): string {
  const teen = Math.floor(n / 10) % 10 === 1;
  return `${n}${teen ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** A failure of the calls: `problem`, the stand-in, every call (token, position) and the name. */
function withCalls(
  f: Fake,
  calls: readonly Call[],
  ids: readonly number[],
  problem: string,
): string {
  return `${problem} ${where(f)}; the calls (token, position): ${
    calls.map((c) => `(${c.tokenId}, ${c.posId})`).join(" ") || "none"
  }, the name: ${list(ids)}`;
}

// The references: microgpt's sampling on plain numbers, and the chi-square test.

/** microgpt's sampling loop on plain numbers, drawing from `rng`: the name's ids. */
function plainSample(f: Fake, rng: Random): number[] {
  return plainRun(f, rng).ids;
}

/**
 * A planted mistake of the sampling loop, for {@link plainRun}: the position stuck, BOS fed
 * at every call, a drawn BOS skipped or pushed to the name, one position too many.
 */
interface Slip {
  /** The position given at every call, instead of the loop counter. */
  readonly stuckAt?: number;
  /** The token fed at every call, instead of the one just drawn. */
  readonly feeds?: "bos";
  /** At a drawn BOS: skip it and go on, or push it to the name and stop. */
  readonly atBos?: "skip" | "pushThenStop";
  /** blockSize + 1 positions. */
  readonly oneMore?: boolean;
  /** The likeliest token (the first, in a tie) instead of a draw. */
  readonly greedy?: boolean;
}

/** A sampling loop's name and its calls (token, position), on plain numbers. */
interface PlainRun {
  readonly ids: number[];
  readonly inputs: (readonly [number, number])[];
}

/** microgpt's sampling loop on plain numbers, drawing from `rng`, with the mistake `slip`. */
function plainRun(f: Fake, rng: Random, slip: Slip = {}): PlainRun {
  let token = f.bos;
  const ids: number[] = [];
  const inputs: (readonly [number, number])[] = [];
  for (let pos = 0; pos < f.blockSize + (slip.oneMore ? 1 : 0); pos++) {
    const input = slip.feeds === "bos" ? f.bos : token;
    const at = slip.stuckAt ?? pos;
    inputs.push([input, at]);
    const probs = plainSoftmax(
      logitsOf(f, input, at).map((l) => l * f.temperature ** -1),
    );
    token = slip.greedy
      ? probs.indexOf(Math.max(...probs))
      : rng.choices(probs);
    if (token === f.bos && slip.atBos === "skip") continue;
    if (token === f.bos && slip.atBos !== "pushThenStop") break;
    ids.push(token);
    if (token === f.bos) break;
  }
  return { ids, inputs };
}

/** The chi-square statistic of `counts` against the probabilities `p`. */
function chiSquare(counts: readonly number[], p: readonly number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce(
    (acc, c, i) => acc + (c - n * p[i]) ** 2 / (n * p[i]),
    0,
  );
}

/**
 * The chi-square value exceeded with probability `alpha` for an even number of degrees of
 * freedom, where the tail has a closed form: e^(-x/2) · Σ_{i < df/2} (x/2)^i / i!.
 */
function chiSquareCritical(df: number, alpha: number): number {
  const tail = (x: number) => {
    let term = 1;
    let sum = 1;
    for (let i = 1; i < df / 2; i++) sum += term *= x / 2 / i;
    return Math.exp(-x / 2) * sum;
  };
  let [lo, hi] = [0, 1000];
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Probes: what a planted mistake would compute, or a second run that tells two mistakes apart.

/**
 * A fixed stand-in on which the loop's mistakes give names and calls of their own: BOS is
 * neither the first nor the last token (so token 0 is not BOS), unlikely at first and likelier
 * at each position, the logits depend on the token fed and the position, 2 layers and a
 * blockSize of 6 (so one cache per position is not one per layer).
 */
const TELL: Fake = {
  vocab: 5,
  bos: 2,
  blockSize: 6,
  nLayer: 2,
  temperature: 1,
  byToken: [
    [0.4, -0.3, 0, 0.2, -0.4],
    [-0.2, 0.5, 0, -0.4, 0.3],
    [0.3, 0.1, 0, 0.4, -0.2],
    [0.5, -0.1, 0, 0.1, 0.2],
    [-0.3, 0.4, 0, 0.2, 0.5],
  ],
  byPos: [
    [0.2, -0.1, -9, 0.1, 0],
    [0, 0.3, -0.5, -0.2, 0.1],
    [-0.1, 0, 0, 0.2, -0.3],
    [0.3, -0.2, 0.3, 0, 0.1],
    [0, 0.1, 0.6, -0.1, 0.2],
    [-0.2, 0.2, 1, 0.1, 0],
  ],
};
/** The seeds of the names drawn on {@link TELL}. */
const TELL_SEEDS = [1, 2, 3, 4, 5];

/** The learner's name and calls on `f` from `new Random(seed)`, or nothing when it throws. */
function tryRun(run: Run, f: Fake, seed: number): ReturnType<Run> | undefined {
  try {
    return run(f, new Random(seed));
  } catch {
    return undefined;
  }
}

/** Whether the learner's name and calls `got` are those of `twin`. */
function sameRun(got: ReturnType<Run> | undefined, twin: PlainRun): boolean {
  return got !== undefined && got.ids.join() === twin.ids.join() &&
    got.calls.map((c) => `${c.tokenId}@${c.posId}`).join() ===
      twin.inputs.map(([t, p]) => `${t}@${p}`).join();
}

/**
 * The first of `mistakes` whose plain-number twin gives the learner's name and calls `got`
 * (on `f` from `new Random(seed)`), and on {@link TELL} from each of {@link TELL_SEEDS}.
 */
function twinOf(
  run: Run,
  f: Fake,
  seed: number,
  got: ReturnType<Run>,
  mistakes: readonly (readonly [Diagnosis, Slip])[],
): Diagnosis | undefined {
  return mistakes.find(([, slip]) =>
    sameRun(got, plainRun(f, new Random(seed), slip)) &&
    TELL_SEEDS.every((s) =>
      sameRun(tryRun(run, TELL, s), plainRun(TELL, new Random(s), slip))
    )
  )?.[0];
}

/** Whether the first call on {@link TELL} is there, and given another token than BOS. */
function firstNotBos(run: Run): boolean {
  const first = tryRun(run, TELL, TELL_SEEDS[0])?.calls[0];
  return first !== undefined && first.tokenId !== TELL.bos;
}

/**
 * Whether `first`, the first call of a second name, got caches that go on from the name
 * `before`: as long as they were at its first call, plus one per call it made.
 */
function keptFrom(before: ReturnType<Run>, first: Call): boolean {
  const start = before.calls[0]?.cached[0];
  return start !== undefined &&
    first.cached.every((n) => n === start + before.calls.length);
}

/** Whether the first call on {@link TELL} (2 layers, blockSize 6) got one layer's caches. */
function oneLayerOnly(run: Run): boolean {
  return tryRun(run, TELL, TELL_SEEDS[0])?.calls[0]?.cached.length === 1;
}

/**
 * Which mistake the first tokens' `counts` fit: always the likeliest (when the names on
 * {@link TELL} are the likeliest tokens too), or a wrong temperature.
 */
function frequencyMistake(
  run: Run,
  counts: readonly number[],
  logits: readonly number[],
  critical: number,
): Diagnosis | undefined {
  const fits = (q: number[]) => chiSquare(counts, q) <= critical;
  const best = logits.indexOf(Math.max(...logits));
  const greedy = () =>
    TELL_SEEDS.every((s) =>
      sameRun(
        tryRun(run, TELL, s),
        plainRun(TELL, new Random(s), { greedy: true }),
      )
    );
  return counts[best] === DRAWS
    ? (greedy() ? D.greedy : undefined)
    : fits(plainSoftmax(logits.map((l) => l * FIRST.temperature)))
    ? D.tempMultiplied
    : fits(plainSoftmax(logits))
    ? D.tempIgnored
    : undefined;
}

/**
 * Whether the same seed gives different names, so the draws are not rng's. The probe's names
 * are 8 tokens of 5 equally likely ones, so two differ at once.
 */
function seedIgnored(run: Run, seed: number): boolean {
  const names = Array.from(
    { length: 3 },
    () => run(PROBE, new Random(seed)).ids.join(),
  );
  return names.some((n) => n !== names[0]);
}
