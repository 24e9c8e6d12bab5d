/**
 * What every command of `deno task kata` is handed, and how a command names a kata.
 *
 * @module
 */
import { UsageError } from "../app/cli.ts";
import { kataNumber } from "../course/manifest.ts";
import { DENO } from "./deno_command.ts";

/** What a command needs: the project, the seed of its test runs, and where it prints. */
export interface Context {
  /** The project's root folder. */
  readonly root: URL;
  /** The fast-check seed of every suite this command runs. */
  readonly seed: number;
  /** Seconds a check may run before it is stopped. */
  readonly limit: number;
  /** Whether to print in colour. */
  readonly color: boolean;
  /** Whether standard output is a terminal (a live status line, a cleared screen). */
  readonly tty: boolean;
}

/**
 * The kata folder that `arg` names: a number (`5`, `05`), a folder (`05_softmax`) or a topic
 * (`softmax`). Throws a {@link UsageError} listing the katas otherwise.
 *
 * @example
 * ```ts
 * resolveKata("5", ["01_tokenizer", "05_softmax"]); // "05_softmax"
 * ```
 */
export function resolveKata(arg: string, katas: readonly string[]): string {
  const wanted = /^\d{1,2}$/.test(arg) ? arg.padStart(2, "0") : arg;
  const found = katas.find((k) =>
    k === wanted || kataNumber(k) === wanted || k.slice(3) === wanted
  );
  if (found) return found;
  throw new UsageError(
    `no kata ${arg}: the katas are ${kataNumber(katas[0])} to ${
      kataNumber(katas[katas.length - 1])
    } (${DENO} task kata list shows them)`,
  );
}
