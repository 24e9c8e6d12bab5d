/**
 * SIGINT and SIGTERM reach the child processes a command started: a command that starts
 * `deno` (the runner's `deno test`, the training of `deno task run`, `--mine`'s gate) hands
 * the child to {@linkcode passSignals}. On either signal, every child still running gets the
 * same signal and is waited for, then the command exits as a shell reports a process a
 * signal ended: 130 for SIGINT, 143 for SIGTERM. So no process outlives the command.
 * A process writing a partial file removes it first ({@linkcode cleanupOnSignal}).
 *
 * @module
 */

/** The signals passed on, with the exit code a shell gives for each (128 + its number). */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

type Passed = keyof typeof EXIT_CODES;

/** The children started and not yet ended. */
const running = new Set<Deno.ChildProcess>();

/** The listeners, installed while a child runs. */
const listeners = new Map<Passed, () => void>();

/** Sends `signal` to every running child, waits for them all, and exits. */
async function passOn(signal: Passed): Promise<never> {
  const children = [...running];
  for (const child of children) {
    try {
      child.kill(signal);
    } catch {
      // It ended on its own in the meantime.
    }
  }
  await Promise.allSettled(children.map((child) => child.status));
  Deno.exit(EXIT_CODES[signal]);
}

/** The listeners go once no child runs, so a signal then ends this process as usual. */
function forget(child: Deno.ChildProcess): void {
  running.delete(child);
  if (running.size) return;
  for (const [signal, listener] of listeners) {
    Deno.removeSignalListener(signal, listener);
  }
  listeners.clear();
}

/**
 * Passes SIGINT and SIGTERM on to `child` until it ends: this process then waits for it and
 * exits with 130 or 143. Returns `child`.
 *
 * @example
 * ```ts
 * const child = passSignals(
 *   new Deno.Command("deno", { args: ["--version"], stdout: "null" }).spawn(),
 * );
 * await child.status;
 * ```
 */
export function passSignals(child: Deno.ChildProcess): Deno.ChildProcess {
  running.add(child);
  for (const signal of Object.keys(EXIT_CODES) as Passed[]) {
    if (listeners.has(signal)) continue;
    const listener = () => void passOn(signal);
    listeners.set(signal, listener);
    Deno.addSignalListener(signal, listener);
  }
  child.status.finally(() => forget(child));
  return child;
}

/**
 * Runs `cleanup` when SIGINT or SIGTERM comes before the returned function is called, then
 * exits as the signal would have ended the process (130, 143): so a process that is writing
 * a partial file removes it when interrupted. Call the returned function once done.
 *
 * @example
 * ```ts
 * const release = cleanupOnSignal(() => console.log("interrupted: cleaning up"));
 * // … the work a signal must not leave half done …
 * release();
 * ```
 */
export function cleanupOnSignal(cleanup: () => void): () => void {
  const installed = (Object.keys(EXIT_CODES) as Passed[]).map((signal) => {
    const listener = () => {
      try {
        cleanup();
      } finally {
        Deno.exit(EXIT_CODES[signal]);
      }
    };
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of installed) {
      Deno.removeSignalListener(signal, listener);
    }
  };
}
