/**
 * The context checks run in: the fast-check seed, the command that replays a failure, and
 * whether the checks are the prerequisite gate of a later kata. Nothing is read at import:
 * the seed comes from `Deno.args` when the first property asks for it ({@link runContext}),
 * and `runSuite` and the gate change the rest for the checks they run ({@link withContext}).
 *
 * @module
 */

/** How many random cases a property tries; the default of fast-check. */
export const NUM_RUNS = 100;

/**
 * How many cases a property tries when it runs as a prerequisite of a later kata: the gate
 * only asks whether the earlier kata is done (its own suite tries {@link NUM_RUNS}), and
 * kata 11 runs ten katas' checks before its own.
 */
export const GATE_RUNS = 20;

/** What the checks of a run share. */
export interface RunContext {
  /** The fast-check seed: the `--seed=N` given after `--`, or a random one. */
  readonly seed: number;
  /** The command that replays this run, printed under every property's failure. */
  readonly replay: string;
  /** Whether checks run as the prerequisite gate of a later kata (see {@link inGate}). */
  readonly gate: boolean;
}

/**
 * The seed given after `--` on the command line (`deno test katas/02_value -- --seed=42`),
 * `undefined` when there is none, or the text that is not a whole number.
 *
 * @example
 * ```ts
 * seedArgument(["--seed=42"]); // 42
 * seedArgument(["--seed", "x"]); // { bad: "x" }
 * ```
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

/**
 * A fresh context for the command-line arguments `args`: the seed they give, or a random one
 * when they give none (a seed that is not a whole number fails the suite: see `runSuite`).
 */
export function contextFromArgs(args: readonly string[]): RunContext {
  const arg = seedArgument(args);
  const seed = typeof arg === "number"
    ? arg
    : Math.floor(Math.random() * 2 ** 31);
  return {
    seed,
    replay: `add \`-- --seed=${seed}\` to your deno test command`,
    gate: false,
  };
}

let current: RunContext | undefined;

/**
 * The context of this run, made from `Deno.args` the first time it is asked for: one seed
 * for the whole process, so every failure of a run replays with the same `--seed`.
 */
export function runContext(): RunContext {
  return current ??= contextFromArgs(Deno.args);
}

/**
 * Runs `f` with the context changed by `changes` (a suite's replay command, the gate), and
 * puts it back when `f` has settled.
 *
 * @example
 * ```ts
 * await withContext({ gate: true }, () => inGate()); // true
 * ```
 */
export async function withContext<T>(
  changes: Partial<RunContext>,
  f: () => T | Promise<T>,
): Promise<T> {
  const before = runContext();
  current = { ...before, ...changes };
  try {
    return await f();
  } finally {
    current = before;
  }
}

/**
 * Whether checks are running as the prerequisite gate of a later kata (see
 * `checkPrerequisites`): a check may then skip costly guards its own suite keeps.
 */
export function inGate(): boolean {
  return runContext().gate;
}
