/**
 * Errors for people: a command-line entry point prints one line saying what is wrong and what
 * to do, exits 2 for bad usage and 1 for a failed run, and shows a stack trace only when
 * `DEBUG=1`.
 *
 * @module
 */
import { passSignals } from "./signals.ts";

/**
 * Bad flags or arguments; {@linkcode runMain} prints the message and exits with code 2.
 *
 * @example
 * ```ts
 * throw new UsageError("unknown flag --nope — see --help");
 * ```
 */
export class UsageError extends Error {
  /** The class name, shown in stack traces. */
  override name = "UsageError";
}

/**
 * Bad input such as a missing dataset; {@linkcode runMain} prints the message and exits with
 * code 1.
 *
 * @example
 * ```ts
 * throw new UserError("dataset file not found: data/names.txt — run `deno task download`");
 * ```
 */
export class UserError extends Error {
  /** The class name, shown in stack traces. */
  override name = "UserError";
}

/**
 * Runs `main` and turns any error into one line on stderr and an exit code: 2 for a
 * {@linkcode UsageError}, 1 for anything else. Unexpected errors also get a hint, or the stack
 * trace when the environment variable `DEBUG` is `1` (read only if `--allow-env=DEBUG` already
 * grants it; never prompts).
 *
 * @example
 * ```ts
 * if (import.meta.main) {
 *   await runMain(() => console.log("hello"));
 * }
 * ```
 */
export async function runMain(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (refusedOutright(error)) {
      // No grant opens it, and --allow-all is never the advice: it is a system path.
      const what = message.match(/"(.*)"/)?.[1] ?? message;
      console.error(
        `error: ${what} is not a regular file Deno may open here: give a regular file, such as one in data/`,
      );
      Deno.exit(1);
    }
    if (error instanceof Deno.errors.NotCapable) {
      // The task grants only what it needs (see deno.json): say so instead of a stack trace.
      const what = message.replace(/, run again with .*$/, "");
      console.error(
        `error: ${what}: this task may only use what deno.json grants it`,
      );
      Deno.exit(1);
    }
    console.error(`error: ${message}`);
    if (error instanceof UsageError) Deno.exit(2);
    if (error instanceof UserError) Deno.exit(1);
    if (debug()) {
      console.error(error instanceof Error ? error.stack : error);
    } else {
      console.error("set DEBUG=1 to see the stack trace");
    }
    Deno.exit(1);
  }
}

/**
 * Whether Deno refused a path outright, whatever the grants ("Requires all access to …, run
 * again with the --allow-all flag"): it does so for the system's device files (the standard
 * input's, the full device) and process files, none of them a regular file. Its advice is
 * never shown.
 *
 * @example
 * ```ts
 * try {
 *   await Deno.stat(Deno.args[0]); // the standard input's device file, say
 * } catch (error) {
 *   if (refusedOutright(error)) console.log("not a regular file");
 * }
 * ```
 */
export function refusedOutright(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable &&
    error.message.includes("Requires all access");
}

/** The system's errors a user can meet with a path, said in words, by their number. */
const OS_REASONS: Readonly<Record<number, string>> = {
  28: "the disk is full",
  36: "its name is too long for the file system",
  40: "it is a loop of symbolic links",
  122: "the disk quota is full",
};

/**
 * What the system's `error` says of a path, in words, for the errors a user can meet and fix
 * (a name too long, a loop of links, a full disk); undefined for any other error.
 *
 * @example
 * ```ts
 * osReason(new Error("File name too long (os error 36): stat 'x'")); // "its name is too long for the file system"
 * ```
 */
export function osReason(error: unknown): string | undefined {
  const code = osErrorCode(error);
  return code === undefined ? undefined : OS_REASONS[code];
}

/**
 * The system's error number in `error`'s message (`… (os error 28)`), if it has one.
 *
 * @example
 * ```ts
 * osErrorCode(new Error("No space left on device (os error 28)")); // 28
 * ```
 */
export function osErrorCode(error: unknown): number | undefined {
  const code = /\(os error (\d+)\)/.exec((error as Error)?.message ?? "")?.[1];
  return code === undefined ? undefined : Number(code);
}

/**
 * Starts `deno` with `options`, for `what` (`"for the training run"`): a `deno` that is not
 * on the PATH is a one-line {@linkcode UserError} saying so. SIGINT and SIGTERM are passed
 * on to it while it runs (`app/signals.ts`). Needs `--allow-run=deno`.
 *
 * @example
 * ```ts
 * const child = spawnDeno("to check your katas", { args: ["--version"], stdout: "null" });
 * await child.status;
 * ```
 */
export function spawnDeno(
  what: string,
  options: Deno.CommandOptions,
): Deno.ChildProcess {
  try {
    return passSignals(new Deno.Command("deno", options).spawn());
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new UserError(
      `cannot start \`deno\` ${what} — put the deno executable on your PATH (or use npx -y deno@2.9.6 task run)`,
    );
  }
}

function debug(): boolean {
  const env = { name: "env", variable: "DEBUG" } as const;
  return Deno.permissions.querySync(env).state === "granted" &&
    Deno.env.get("DEBUG") === "1";
}
