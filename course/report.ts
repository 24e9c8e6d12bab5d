/**
 * The report protocol between a kata's suite and the tools that run it (the kata runner,
 * `deno task run --mine`): a suite run under `deno test … -- --report` prints one line per
 * event, {@link REPORT_PREFIX} and then the event as JSON. The suite writes them with
 * {@link reportLine}; a reader splits what the run printed with {@link outputLines} and reads
 * each line with {@link parseReportLine}.
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

/**
 * The line a suite prints for `event`.
 *
 * @example
 * ```ts
 * reportLine({ kata: "05_softmax", event: "end" });
 * // '@kata-report {"kata":"05_softmax","event":"end"}'
 * ```
 */
export function reportLine(event: ReportEvent): string {
  return REPORT_PREFIX + JSON.stringify(event);
}

/**
 * The event a line of a suite run's output reports, or undefined for any other line (what
 * Deno or the code under test printed).
 *
 * @example
 * ```ts
 * parseReportLine('@kata-report {"kata":"05_softmax","event":"end"}');
 * // { kata: "05_softmax", event: "end" }
 * parseReportLine("ok | 1 passed"); // undefined
 * ```
 */
export function parseReportLine(line: string): ReportEvent | undefined {
  if (!line.startsWith(REPORT_PREFIX)) return undefined;
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ReportEvent;
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
