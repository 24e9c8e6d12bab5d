/**
 * The report protocol between a kata's suite and the tools that run it (the kata runner,
 * `deno task run --mine`): a suite run under `deno test … -- --report` prints one line per
 * event, {@link REPORT_PREFIX} and then the event as JSON.
 *
 * @module
 */

/**
 * What a suite run with `--report` after `--` prints, one line each, for the kata runner
 * (`runner/kata.ts`): {@link REPORT_PREFIX} and then the event as JSON. A learner running
 * `deno test` never sees them.
 */
export type ReportEvent =
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
