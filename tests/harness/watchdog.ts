/**
 * The watchdog of a suite's run: a notice, not a stop, when a check runs so long it is
 * probably stuck in a loop.
 *
 * @module
 */

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

/** A running watchdog: it watches one check at a time. */
export interface Watchdog {
  /** Starts the clock for the check `name`, the one before it done. */
  watch(name: string): void;
  /** Starts the clock for a notice of its own, printed as it is after the time. */
  notice(text: string): void;
  /** Stops the clock: the check is done. */
  rest(): void;
  /** Ends the watchdog's worker. */
  stop(): void;
}

/**
 * A watchdog for the suite `title` that, after {@link STUCK_AFTER_MS} on one check, prints
 * which check looks stuck, what to look for, and `replay`, the command that runs it again.
 */
export function watchdog(title: string, replay: string): Watchdog {
  const worker = new Worker(
    `data:application/javascript,${encodeURIComponent(WATCHDOG)}`,
    { type: "module" },
  );
  return {
    watch: (name) =>
      worker.postMessage(
        `\n${title}: "${name}" has run for ${
          STUCK_AFTER_MS / 1000
        } s and is still going. ` +
          `It is probably stuck in a loop that never advances (a counter or index ` +
          `that is never updated, a stack that never empties). Stop it with Ctrl-C, fix ` +
          `the loop, and replay with \`${replay}\`.\n`,
      ),
    notice: (text) => worker.postMessage(text),
    rest: () => worker.postMessage(""),
    stop: () => worker.terminate(),
  };
}
