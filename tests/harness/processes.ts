/**
 * For the tests that a signal to a command leaves no process behind: start a task as
 * deno.json runs it ({@linkcode startTask}), wait until it has started a child, send it a
 * signal and see which of its children are still there ({@linkcode signalAndSurvivors}).
 * Children are found with `ps`, so these tests need `--allow-run=deno,ps`.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url);

/**
 * Starts `deno task <task> …args` as deno.json runs it, with the permissions it gives, in
 * `cwd` (a scratch copy of the project, or the project), its output piped.
 *
 * @example
 * ```ts ignore
 * const child = await startTask("kata", ROOT, []);
 * ```
 */
export async function startTask(
  task: string,
  cwd: URL,
  args: readonly string[],
): Promise<Deno.ChildProcess> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const [deno, ...flags] = config.tasks[task].command.split(" ");
  if (deno !== "deno") throw new Error(`task ${task} does not start deno`);
  return new Deno.Command("deno", {
    args: [...flags, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** What a finished command printed, and its exit code. */
export interface Ran {
  /** The exit code. */
  readonly code: number;
  /** What it printed on stdout. */
  readonly stdout: string;
  /** What it printed on stderr. */
  readonly stderr: string;
}

/**
 * Runs `deno task -q <task> …args` in `cwd` (the project by default) as a person types it,
 * without colours and with no input, and returns what it printed. Needs `--allow-run=deno`.
 *
 * @example
 * ```ts ignore
 * const ran = await runTask("run", ["--steps", "1"]);
 * ```
 */
export async function runTask(
  task: string,
  args: readonly string[],
  cwd: URL = ROOT,
): Promise<Ran> {
  const out = await new Deno.Command("deno", {
    args: ["task", "-q", task, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/**
 * The process ids of the children of process `pid`, from `ps`.
 *
 * @example
 * ```ts ignore
 * await childrenOf(Deno.pid); // [] when this process started none
 * ```
 */
export async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "pid=", "--ppid", String(pid)],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(stdout).split("\n").map((l) => l.trim())
    .filter(Boolean).map(Number);
}

/** Whether a process `pid` exists (and is not a zombie waiting to be reaped). */
async function alive(pid: number): Promise<boolean> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "stat=", "-p", String(pid)],
    stdout: "piped",
    stderr: "null",
  }).output();
  const stat = new TextDecoder().decode(stdout).trim();
  return stat !== "" && !stat.startsWith("Z");
}

/** What became of a command sent a signal: its exit, and its children still running. */
export interface AfterSignal {
  /** How the command ended. */
  readonly status: Deno.CommandStatus;
  /** The children it had when the signal came that still run after it ended. */
  readonly survivors: readonly number[];
  /** What it printed on stderr. */
  readonly stderr: string;
}

/**
 * Waits (up to `wait` ms) until `command` has a child, then sends it `signal`, waits for it
 * to end and returns which of those children still run (they are left running, as this
 * process may not end them: the test that fails names them). Throws when no child came.
 *
 * @example
 * ```ts ignore
 * const { status, survivors } = await signalAndSurvivors(child, "SIGTERM");
 * ```
 */
export async function signalAndSurvivors(
  command: Deno.ChildProcess,
  signal: Deno.Signal,
  wait = 60_000,
): Promise<AfterSignal> {
  // Read as it comes, so the command never blocks on a full pipe; the reading stops when
  // the command ends, as a child that outlives it would hold the pipes open.
  const stderr = collect(command.stderr);
  const stdout = collect(command.stdout);
  const start = Date.now();
  let children: number[] = [];
  while (!children.length && Date.now() - start < wait) {
    await new Promise((r) => setTimeout(r, 200));
    children = await childrenOf(command.pid);
  }
  if (!children.length) {
    command.kill("SIGKILL");
    await command.status;
    throw new Error(`no child in ${wait} ms:\n${await stderr}`);
  }
  // Past the moment the child was started: the command has had time to listen.
  await new Promise((r) => setTimeout(r, 500));
  command.kill(signal);
  const status = await command.status;
  const survivors: number[] = [];
  for (const pid of children) if (await alive(pid)) survivors.push(pid);
  await stdout.stop();
  return { status, survivors, stderr: await stderr.stop() };
}

/** Reads `stream` as it comes; `stop()` stops reading and gives what came. */
function collect(
  stream: ReadableStream<Uint8Array>,
): { stop: () => Promise<string> } {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const reading = (async () => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        text += decoder.decode(r.value, { stream: true });
      }
    } catch {
      // Stopped.
    }
  })();
  return {
    stop: async () => {
      await reader.cancel();
      await reading;
      return text;
    },
  };
}
