/**
 * The report protocol between a kata's suite and the tools that run it (the kata runner,
 * `deno task run --mine`): a suite run under `deno test … -- --report` prints one line per
 * event, {@link REPORT_PREFIX}, the run's key and then the event as JSON. The suite writes
 * them with {@link reportLine}; a reader splits what the run printed with {@link outputLines}
 * and reads each line with {@link parseReportLine}.
 *
 * The key is what learner code cannot forge: the reader draws a fresh one per run
 * ({@link newReportKey}) and writes it to the child's stdin, one line per test file
 * ({@link keyInput}); the harness reads its line before the learner's modules are imported,
 * then closes stdin to them, and writes its lines through the stdout writer it kept. A line
 * without the run's key is not a report line.
 *
 * @module
 */

/**
 * What a suite run with `--report` after `--` prints, one line each, for the tools that read
 * it (the kata runner's `runner/run_suites.ts`, `--mine`'s `app/mine.ts`):
 * {@link REPORT_PREFIX} and then the event as JSON. A learner running `deno test` never sees
 * them.
 */
export type ReportEvent =
  /**
   * The kata's test file starts to import its modules (`module`, the kata's own, as
   * `katas/05_softmax/softmax.ts`): `begin` follows once they are loaded.
   */
  | { readonly kata: string; readonly event: "load"; readonly module: string }
  | { readonly kata: string; readonly event: "begin"; readonly seed: number }
  /** A check starts. */
  | { readonly kata: string; readonly event: "check"; readonly check: string }
  | { readonly kata: string; readonly event: "pass"; readonly check: string }
  | {
    readonly kata: string;
    readonly event: "fail";
    readonly check: string;
    /** The failure's message without the diagnosis and replay lines. */
    readonly problem: string;
    /** The diagnosis's text ("this looks like …"), when one matched. */
    readonly diagnosis?: string;
  }
  /** An earlier kata, `needs`, does not pass: its check `check` fails with `why`. */
  | {
    readonly kata: string;
    readonly event: "prerequisite";
    readonly needs: string;
    readonly check: string;
    readonly why: string;
  }
  | { readonly kata: string; readonly event: "end" };

/** The start of every {@link ReportEvent} line. */
export const REPORT_PREFIX = "@kata-report ";

/** How many characters a run's key has: 32 random bytes, in hex. */
export const REPORT_KEY_LENGTH = 64;

/**
 * A fresh key for one run: 32 random bytes from the system's generator, in hex.
 *
 * @example
 * ```ts
 * newReportKey().length; // 64
 * ```
 */
export function newReportKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(REPORT_KEY_LENGTH / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * What the reader writes to the child's stdin: the key, one line for each of `files` test
 * files (in one `deno test`, they share the process's stdin; each harness reads one line).
 *
 * @example
 * ```ts
 * keyInput("ab", 2); // bytes of "ab\nab\n"
 * ```
 */
export function keyInput(key: string, files: number): Uint8Array {
  return new TextEncoder().encode(`${key}\n`.repeat(files));
}

/**
 * Writes the run's key to the child's stdin and closes it; a child that ends before it reads
 * all of it is no error here (its output says what went wrong).
 *
 * @example
 * ```ts ignore
 * await giveKey(child.stdin, keyInput(key, files.length));
 * ```
 */
export async function giveKey(
  stdin: WritableStream<Uint8Array>,
  input: Uint8Array,
): Promise<void> {
  const writer = stdin.getWriter();
  try {
    await writer.write(input);
    await writer.close();
  } catch {
    // The child is gone (stopped, or it failed before its harness ran).
  }
}

/**
 * The line a suite prints for `event`, in the run with the key `key`.
 *
 * @example
 * ```ts
 * reportLine({ kata: "05_softmax", event: "end" }, "k3y");
 * // '@kata-report k3y {"kata":"05_softmax","event":"end"}'
 * ```
 */
export function reportLine(event: ReportEvent, key: string): string {
  return `${REPORT_PREFIX}${key} ${JSON.stringify(event)}`;
}

/**
 * The event a line of a suite run's output reports, when it carries the run's key `key`;
 * undefined for any other line (what Deno or the code under test printed, a forged report
 * line without the key among them).
 *
 * @example
 * ```ts
 * parseReportLine('@kata-report k3y {"kata":"05_softmax","event":"end"}', "k3y");
 * // { kata: "05_softmax", event: "end" }
 * parseReportLine('@kata-report {"kata":"05_softmax","event":"end"}', "k3y"); // undefined
 * parseReportLine("ok | 1 passed", "k3y"); // undefined
 * ```
 */
export function parseReportLine(
  line: string,
  key: string,
): ReportEvent | undefined {
  const start = `${REPORT_PREFIX}${key} `;
  if (!key || !line.startsWith(start)) return undefined;
  try {
    return JSON.parse(line.slice(start.length)) as ReportEvent;
  } catch {
    return undefined;
  }
}

/**
 * The lines of a suite run's output (a child process's stdout or stderr), decoded as UTF-8,
 * each as soon as it ends; a last line without a newline too. Leaving the loop early cancels
 * the stream.
 *
 * @example
 * ```ts
 * const stream = ReadableStream.from([new TextEncoder().encode("a\nb")]);
 * for await (const line of outputLines(stream)) console.log(line); // "a", then "b"
 * ```
 */
export async function* outputLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest) yield rest;
}
