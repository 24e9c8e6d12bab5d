/**
 * The test harness every kata suite is built from.
 *
 * A suite is a list of named checks, each a plain function that throws on failure, so the
 * same checks run in `deno test` (through {@link runSuite}) and in the honesty meta-test
 * (`tests/meta/honesty_test.ts`), which runs them directly against stubs and planted mistakes.
 *
 * @module
 */
import fc from "fast-check";
import { REPORT_PREFIX, type ReportEvent } from "../../course/report.ts";

/** One named property of a kata: `run` throws a {@link CheckFailure} when it does not hold. */
export interface Check {
  /** What holds, in plain words, prefixed by the kata number: `"02 value: add sums"`. */
  readonly name: string;
  /** Throws when the property does not hold. */
  readonly run: () => void | Promise<void>;
}

/** An earlier kata that a suite builds on, with the checks that prove it is done. */
export interface Prerequisite {
  /** The earlier kata's folder name, e.g. `"02_value"`. */
  readonly kata: string;
  /** Its checks, run on the same tree's modules. */
  readonly checks: readonly Check[];
}

/**
 * A kata's property suite: a function of the implementation modules of one tree
 * (`katas/` or `solutions/`), so one suite tests the learner's code and the reference alike.
 */
export interface Suite<Impl> {
  /** The kata's folder name, e.g. `"03_backward"`. */
  readonly kata: string;
  /** The mistakes the checks can name, from {@link diagnoses}. */
  readonly diagnoses: Readonly<Record<string, Diagnosis>>;
  /** The earlier katas whose modules `impl` includes; checked first. */
  readonly prerequisites?: (impl: Impl) => Prerequisite[];
  /** The kata's own checks. */
  readonly checks: (impl: Impl) => Check[];
}

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

/**
 * A failed check: the message says what was expected, what came, and for which input; when
 * the failure matches a known mistake, `diagnosis` names it and the message ends with
 * "this looks like …".
 */
export class CheckFailure extends Error {
  /** The error's name, shown before its message. */
  override name = "CheckFailure";
  /** The known mistake this failure looks like, if any. */
  readonly diagnosis?: Diagnosis;
  /** What went wrong, without the diagnosis line. */
  readonly problem: string;
  /**
   * A failure whose message is `problem`, then "this looks like" and the diagnosis when there
   * is one, then `trailer` (such as the replay line).
   */
  constructor(problem: string, diagnosis?: Diagnosis, trailer = "") {
    super(
      problem +
        (diagnosis ? `\n    this looks like ${diagnosis.text}` : "") + trailer,
    );
    this.problem = problem;
    this.diagnosis = diagnosis;
    // The message says it all: the harness's own stack frames would only bury it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Whether `error` is a stub's "not implemented" throw (made by `runner/stubs.ts`): the learner
 * has not written that part yet, so no mistake should be diagnosed from it.
 */
export function notImplemented(error: unknown): boolean {
  return error instanceof Error && /^not implemented: /.test(error.message);
}

/** A suite could not run because an earlier kata it builds on does not pass yet. */
export class PrerequisiteFailure extends Error {
  /** The error's name, shown before its message. */
  override name = "PrerequisiteFailure";
  /**
   * A failure whose `message` names the earlier kata to finish; `needs` is that kata,
   * `check` its failing check and `why` the first line of that check's failure.
   */
  constructor(
    message: string,
    readonly needs = "",
    readonly check = "",
    readonly why = "",
  ) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * The seed given after `--` on the command line (`deno test katas/02_value -- --seed=42`),
 * `undefined` when there is none, or the text that is not a whole number.
 */
export function seedArgument(
  args: readonly string[],
): number | undefined | { bad: string } {
  const i = args.findIndex((a) => a === "--seed" || a.startsWith("--seed="));
  if (i < 0) return undefined;
  const value = args[i] === "--seed"
    ? args[i + 1]
    : args[i].slice("--seed=".length);
  return /^-?\d{1,15}$/.test(value ?? "")
    ? Number(value)
    : { bad: value ?? "" };
}

const seedArg = seedArgument(Deno.args);

/**
 * The fast-check seed of this run: the `--seed=N` given after `--` replays a run; otherwise a
 * fresh random seed. (A seed that is not a whole number fails the suite: see {@link runSuite}.)
 */
export const SEED: number = typeof seedArg === "number"
  ? seedArg
  : Math.floor(Math.random() * 2 ** 31);

/** The command that replays this run, set by {@link runSuite} for the kata it runs. */
let replay = `add \`-- --seed=${SEED}\` to your deno test command`;

/** How many random cases a property tries; the default of fast-check. */
export const NUM_RUNS = 100;

/**
 * How many cases a property tries when it runs as a prerequisite of a later kata: the gate
 * only asks whether the earlier kata is done (its own suite tries {@link NUM_RUNS}), and
 * kata 11 runs ten katas' checks before its own.
 */
export const GATE_RUNS = 20;

let gate = false;

/**
 * Whether checks are running as the prerequisite gate of a later kata (see
 * {@link checkPrerequisites}): a check may then skip costly guards its own suite keeps.
 */
export function inGate(): boolean {
  return gate;
}

/**
 * Runs a fast-check property with this run's {@link SEED}. On failure it throws one
 * {@link CheckFailure} whose message is the property's own message, the smallest failing
 * input fast-check found, and how to replay it.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * forAll(fc.integer(), (n) => {
 *   if (n + 0 !== n) throw new CheckFailure(`${n} + 0 should be ${n}`);
 * });
 * ```
 */
export function forAll<T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => void,
  numRuns: number = NUM_RUNS,
): void {
  const details = fc.check(fc.property(arb, predicate), {
    seed: SEED,
    numRuns: gate ? Math.min(numRuns, GATE_RUNS) : numRuns,
  });
  if (!details.failed) return;
  const failure = asFailure(details.errorInstance);
  throw new CheckFailure(
    `${failure.problem}\n    input: ${fc.stringify(details.counterexample)}`,
    failure.diagnosis,
    `\n    replay: ${replay}`,
  );
}

/**
 * `error` as a {@link CheckFailure}: a CheckFailure stays itself; anything else was thrown by
 * the code under test, so the failure says what it was and where it was thrown (the stack is
 * not shown).
 *
 * @example
 * ```ts
 * asFailure(new TypeError("x is undefined")).message; // "TypeError: x is undefined\n    at …"
 * ```
 */
export function asFailure(error: unknown): CheckFailure {
  if (error instanceof CheckFailure) return error;
  if (!(error instanceof Error)) return new CheckFailure(String(error));
  return new CheckFailure(`${error.name}: ${error.message}${where(error)}`);
}

const ROOT = new URL("../../", import.meta.url).href;

/** The first stack frame of `error` in the project's code outside `tests/`, if any. */
function where(error: Error): string {
  for (const line of (error.stack ?? "").split("\n")) {
    const m = /(file:\/\/\S+?:\d+:\d+)\)?$/.exec(line.trim());
    if (m && m[1].startsWith(ROOT) && !m[1].startsWith(`${ROOT}tests/`)) {
      return `\n    at ${m[1].slice(ROOT.length)}`;
    }
  }
  return "";
}

const reporting = Deno.args.includes("--report");

function report(event: ReportEvent): void {
  if (reporting) console.log(REPORT_PREFIX + JSON.stringify(event));
}

/** How long a check may run before the watchdog says it looks stuck. */
export const STUCK_AFTER_MS = 5_000;

// A worker made from inline code (it needs no permission) that prints a notice when a check
// runs too long. It cannot stop the check: a worker cannot interrupt the main thread, and one
// that runs the learner's code would need --allow-read. Suites stop the loops they can see
// with `guardReads`; this catches the rest, so a hang is never silent.
const WATCHDOG = `let timer;
self.onmessage = ({ data }) => {
  clearTimeout(timer);
  if (data) timer = setTimeout(() => console.error(data), ${STUCK_AFTER_MS});
};`;

/**
 * Registers a suite with `Deno.test`: one test per kata (`"02 value"`, so `--filter 02`
 * selects it), one step per check, named without the repeated kata prefix. `testUrl` is the
 * calling test file's `import.meta.url`: failures print the command that replays them.
 */
export function runSuite<Impl>(
  suite: Suite<Impl>,
  impl: Impl,
  testUrl: string,
): void {
  const title = suite.kata.replace("_", " ");
  const folder = /\/((?:katas|solutions)\/[^/]+)\/[^/]+$/.exec(testUrl)?.[1] ??
    `katas/${suite.kata}`;
  replay = `deno test ${folder} -- --seed=${SEED}`;
  Deno.test(title, async (t) => {
    if (typeof seedArg === "object") {
      throw new CheckFailure(
        `--seed=${seedArg.bad} is not a whole number: give the number a failure printed, ` +
          `as in \`deno test ${folder} -- --seed=1234\``,
      );
    }
    const watchdog = new Worker(
      `data:application/javascript,${encodeURIComponent(WATCHDOG)}`,
      { type: "module" },
    );
    const watch = (name: string) =>
      watchdog.postMessage(
        `\n${title}: "${name}" has run for ${
          STUCK_AFTER_MS / 1000
        } s and is still going. ` +
          `It is probably stuck in a loop that never advances (a counter or index ` +
          `that is never updated, a stack that never empties). Stop it with Ctrl-C, fix ` +
          `the loop, and replay with \`${replay}\`.\n`,
      );
    const kata = suite.kata;
    report({ kata, event: "begin", seed: SEED });
    try {
      watch("the check of the earlier katas");
      try {
        await checkPrerequisites(suite, impl);
      } catch (e) {
        if (e instanceof PrerequisiteFailure) {
          const { needs, check, why } = e;
          report({ kata, event: "prerequisite", needs, check, why });
        }
        throw e;
      }
      for (const check of suite.checks(impl)) {
        const name = check.name.replace(`${title}: `, "");
        await t.step(name, async () => {
          watch(name);
          report({ kata, event: "check", check: name });
          try {
            await check.run();
            report({ kata, event: "pass", check: name });
          } catch (e) {
            const failure = asFailure(e); // the learner's error, without the harness's stack
            const { problem, diagnosis } = failure;
            report({
              kata,
              event: "fail",
              check: name,
              problem,
              diagnosis: diagnosis?.text,
            });
            throw failure;
          } finally {
            watchdog.postMessage("");
          }
        });
      }
    } finally {
      watchdog.terminate();
      report({ kata, event: "end" });
    }
  });
}

/**
 * Throws a {@link PrerequisiteFailure} that names the earlier kata to finish, and the check of
 * it that fails, when one of the suite's prerequisites does not pass. The checks run as a
 * gate: each property tries {@link GATE_RUNS} cases.
 */
export async function checkPrerequisites<Impl>(
  suite: Suite<Impl>,
  impl: Impl,
): Promise<void> {
  for (const pre of suite.prerequisites?.(impl) ?? []) {
    for (const check of pre.checks) {
      gate = true;
      try {
        await check.run();
      } catch (e) {
        const why = asFailure(e).message.split("\n")[0];
        throw new PrerequisiteFailure(
          `kata ${suite.kata} builds on your kata ${pre.kata}, which does not pass yet: ` +
            `finish it first with \`deno test katas/${pre.kata}\`\n` +
            `    (its check "${check.name}" fails: ${why})`,
          pre.kata,
          check.name,
          why,
        );
      } finally {
        gate = false;
      }
    }
  }
}

/**
 * Makes every read of `key` on `objects` count against one budget: read number `limit + 1`
 * throws `exceeded()`. A learner's loop that never advances keeps reading the same fields, so
 * it fails at once with a diagnosis instead of hanging (see {@link STUCK_AFTER_MS} for loops
 * that read nothing a suite can count). Returns a function that lifts the budget, for the
 * suite's own reads afterwards.
 *
 * @example
 * ```ts
 * const node = { children: [] as unknown[] };
 * guardReads([node], "children", 2, () => new CheckFailure("loop never ends"));
 * node.children; node.children; // fine
 * // node.children; // throws "loop never ends"
 * ```
 */
export function guardReads<T extends object>(
  objects: Iterable<T>,
  key: keyof T & string,
  limit: number,
  exceeded: () => CheckFailure,
): () => void {
  let reads = 0;
  let armed = true;
  for (const object of objects) {
    const value = object[key];
    Object.defineProperty(object, key, {
      get() {
        if (armed && ++reads > limit) throw exceeded();
        return value;
      },
      configurable: true,
      enumerable: true,
    });
  }
  return () => {
    armed = false;
  };
}

/** `n` and the noun, singular or plural: `count(1, "character")` is `"1 character"`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------
// Comparing numbers

/** Relative and absolute tolerance: `|a - b| <= atol + rtol * max(|a|, |b|)`. */
export interface Tolerance {
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance, for values near zero. */
  readonly atol: number;
}

/** For values that should match plain arithmetic up to rounding. */
export const EXACTISH: Tolerance = { rtol: 1e-12, atol: 1e-12 };
/** For values that must equal a plain-number computation done in the same order, bit for bit. */
export const BITS: Tolerance = { rtol: 0, atol: 0 };
/**
 * Relative only, for naming a mistake in a bit-for-bit check: a value within it of the
 * expected one differs by rounding alone (the same math, in another order).
 */
export const ROUNDING: Tolerance = { rtol: 1e-12, atol: 0 };
/**
 * For a gradient against its central-difference estimate (h = 1e-5, float64). The absolute
 * part covers gradients near 0, where the estimate's own error (h²/6 times the third
 * derivative) is all that is left.
 */
export const GRADIENT: Tolerance = { rtol: 1e-6, atol: 1e-6 };

/** Whether `a` and `b` agree within `tol` (NaN agrees only with NaN). */
export function isClose(
  a: number,
  b: number,
  tol: Tolerance = EXACTISH,
): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <=
    tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** A known mistake and the value it would produce, for {@link assertClose}. */
export type Mistake = readonly [Diagnosis, number | readonly number[]];

/**
 * Throws a {@link CheckFailure} unless `actual` is close to `expected`, elementwise.
 * The message names `what`, the first index that differs and both values. `mistakes` lists
 * known mistakes with the value each would produce: the first one that `actual` matches is
 * the failure's diagnosis, matched within `mistakeTol` (by default `tol`; a bit-for-bit check
 * names mistakes within {@link ROUNDING}, as their values are computed in another order). A
 * mistake whose value is the expected one is skipped: it cannot explain the difference. When
 * no mistake matches and `actual` is within `mistakeTol` of `expected`, the diagnosis is
 * `order`: the same math, in another order.
 *
 * @example
 * ```ts
 * assertClose(2 * 3, 6, "2 * 3");
 * assertClose([1, 2], [1, 2.0000000000001], "the grads");
 * ```
 */
export function assertClose(
  actual: number | readonly number[],
  expected: number | readonly number[],
  what: string,
  {
    tol = EXACTISH,
    mistakes = [],
    mistakeTol = tol,
    order,
  }: {
    tol?: Tolerance;
    mistakes?: readonly Mistake[];
    mistakeTol?: Tolerance;
    order?: Diagnosis;
  } = {},
): void {
  const diff = firstDifference(actual, expected, tol);
  if (diff === undefined) return;
  // A mistake that would give the expected value too cannot be what went wrong here.
  const telling = mistakes.filter(([, wrong]) =>
    firstDifference(wrong, expected, mistakeTol) !== undefined
  );
  const rounding = firstDifference(actual, expected, mistakeTol) === undefined;
  throw new CheckFailure(
    `${what}: ${diff}`,
    whichMistake(actual, telling, mistakeTol) ?? (rounding ? order : undefined),
  );
}

/**
 * The first of `mistakes` whose value `actual` matches within `tol`: the diagnosis for a
 * failure whose message a check words itself.
 */
export function whichMistake(
  actual: number | readonly number[],
  mistakes: readonly Mistake[],
  tol: Tolerance = EXACTISH,
): Diagnosis | undefined {
  return mistakes.find(([, wrong]) =>
    firstDifference(actual, wrong, tol) === undefined
  )?.[0];
}

function firstDifference(
  actual: number | readonly number[],
  expected: number | readonly number[],
  tol: Tolerance,
): string | undefined {
  if (typeof expected === "number" || typeof actual === "number") {
    if (typeof actual === "number" && typeof expected === "number") {
      return isClose(actual, expected, tol)
        ? undefined
        : `expected ${expected}, got ${actual}`;
    }
    return `expected ${fmt(expected)}, got ${fmt(actual)}`;
  }
  if (actual.length !== expected.length) {
    return `expected ${expected.length} values ${
      fmt(expected)
    }, got ${actual.length}: ${fmt(actual)}`;
  }
  const i = actual.findIndex((a, k) => !isClose(a, expected[k], tol));
  return i < 0
    ? undefined
    : `at index ${i} expected ${expected[i]}, got ${actual[i]}`;
}

function fmt(x: unknown): string {
  return Array.isArray(x) ? list(x) : String(x);
}

/** A list as a learner reads it in a message: `list([1, 2.5])` is `"[1, 2.5]"`. */
export function list(xs: readonly unknown[]): string {
  return `[${xs.join(", ")}]`;
}

// ---------------------------------------------------------------------------------------
// Gradients

/**
 * The central-difference estimate of the gradient of `f` at `x`:
 * `(f(x + h·e_i) - f(x - h·e_i)) / 2h` for every coordinate `i`.
 *
 * @example
 * ```ts
 * numericGrad(([a, b]) => a * b, [2, 3]); // ≈ [3, 2]
 * ```
 */
export function numericGrad(
  f: (x: number[]) => number,
  x: readonly number[],
  h = 1e-5,
): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** What {@link weighted} needs of a node: the learner's `Value` has it. */
export interface Scalable<V> {
  /** this + other */
  add(other: V | number): V;
  /** this · other */
  mul(other: V | number): V;
}

/**
 * Reduces a vector output to one number with random weights, `o[0]·w[0] + o[1]·w[1] + …`, so
 * that a gradient check on the result tests every output (a plain sum would hide mistakes
 * that cancel). On nodes (the learner's `Value`s) it builds the same sum as a graph.
 *
 * @example
 * ```ts
 * weighted([1, 2], [0.5, -1]); // 0.5 - 2 = -1.5
 * ```
 */
export function weighted(
  outputs: readonly number[],
  weights: readonly number[],
): number;
/** The same reduction on nodes: a graph whose root is the weighted sum. */
export function weighted<V extends Scalable<V>>(
  outputs: readonly V[],
  weights: readonly number[],
): V;
export function weighted<V extends Scalable<V>>(
  outputs: readonly (number | V)[],
  weights: readonly number[],
): number | V {
  if (outputs.every((o) => typeof o === "number")) {
    return (outputs as number[]).reduce((acc, o, i) => acc + o * weights[i], 0);
  }
  const nodes = outputs as V[];
  return nodes.slice(1).reduce(
    (acc, o, i) => acc.add(o.mul(weights[i + 1])),
    nodes[0].mul(weights[0]),
  );
}

// ---------------------------------------------------------------------------------------
// Arbitraries

/**
 * Reals in [min, max] on a grid of step 1/128 offset by half a step, so never exactly 0:
 * spread evenly, unlike `fc.double`, which piles up near zero.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * fc.sample(real(-3, 3), 3); // e.g. [-0.99609375, 2.50390625, 0.00390625]
 * ```
 */
export function real(min = -3, max = 3): fc.Arbitrary<number> {
  return fc.integer({
    min: Math.ceil(min * 128 - 0.5),
    max: Math.floor(max * 128 - 0.5),
  }).map((k) => (k + 0.5) / 128);
}

/**
 * Reals in [min, max] with every bit of the mantissa in use (a grid value of {@link real}
 * times 1 + a random fraction in (0, 1/2] of 53 bits), for checks that must see the order of a sum: on
 * the grid, sums are exact, so every order gives the same bits.
 */
export function anyReal(min = -3, max = 3): fc.Arbitrary<number> {
  const half = fc.integer({ min: 0, max: 2 ** 26 - 1 });
  return fc.tuple(real(min / 1.5, max / 1.5), half, half)
    .map(([r, hi, lo]) => r * (1 + (hi * 2 ** 26 + lo + 1) / 2 ** 53));
}

/** Reals in [min, max] with min > 0, for log and fractional powers. */
export function positive(min = 0.05, max = 4): fc.Arbitrary<number> {
  return real(min, max);
}

/** Random weights in [-2, 2] for {@link weighted}, one per output. */
export function weights(n: number): fc.Arbitrary<number[]> {
  return fc.array(real(-2, 2), { minLength: n, maxLength: n });
}
