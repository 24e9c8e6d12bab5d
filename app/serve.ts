/**
 * `deno task run --serve`: a local page that shows the model training. The server
 * ({@linkcode serveRun}) runs in `deno task run`'s own process, which may only listen on
 * 127.0.0.1 and read the page's four files (`app/page/`); the training runs in the second
 * Deno process `app/run.ts` starts with exactly the permissions a run without `--serve` has
 * (`app/trainer.ts`). They talk in JSON lines: the training prints its events on its
 * standard output (`app/printers.ts`'s `--serve` printer), which the server relays to the
 * page as Server-Sent Events (`/events`); the server writes `{"start":true}` on the
 * training's standard input when the first page opens (so the page sees the whole curve
 * grow), then one `{"name":…}` per question of the page (`/inspect?name=…`), which the
 * training answers with `app/inspect.ts` on its trained weights, one `{"answer":…}` line each.
 *
 * The server answers only GET requests for a fixed list of paths (no part of a URL is ever
 * joined to a folder), and only when the Host header names 127.0.0.1 or localhost at its
 * own port (a page of another site that a DNS name points at 127.0.0.1 gets nothing).
 *
 * @module
 */
import { outputLines } from "../course/report.ts";
import { UserError } from "./cli.ts";
import type { RunParts } from "./engines.ts";
import { Random } from "../lib/random.ts";
import { inspect, preview } from "./inspect.ts";
import { write } from "./printers.ts";

/** The one address the page is served on. */
export const HOST = "127.0.0.1";

/** The longest `name` the server passes on to the training, in characters. */
const MAX_QUERY = 200;

/** The page's files: each path the server answers, with its file in `app/page/` and type. */
const FILES: Readonly<Record<string, readonly [string, string]>> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/page.js": ["page.js", "text/javascript; charset=utf-8"],
  "/chart.js": ["chart.js", "text/javascript; charset=utf-8"],
  "/page.css": ["page.css", "text/css; charset=utf-8"],
};

const encoder = new TextEncoder();

/** `line` as a JSON object, or undefined when it is none. */
function objectOf(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * In the training: waits for the server's `{"start":true}` line on `input` (a page opened).
 * Throws a one-line error when the input ends first.
 *
 * @example
 * ```ts ignore
 * await waitForStart(outputLines(Deno.stdin.readable));
 * ```
 */
export async function waitForStart(
  input: AsyncIterator<string>,
): Promise<void> {
  for (let r = await input.next(); !r.done; r = await input.next()) {
    if (objectOf(r.value)?.start === true) return;
  }
  throw new UserError("the page's server closed before a page opened");
}

/**
 * In the training, after the names: answers each `{"name":…}` line of `input` with one
 * `{"answer":…}` line, the {@linkcode inspect}ion of that name on `parts` or
 * `{"error":…}` saying what is wrong with it, until `input` ends.
 *
 * @example
 * ```ts ignore
 * await answerQueries(engine.parts(run), outputLines(Deno.stdin.readable));
 * ```
 */
export async function answerQueries(
  parts: RunParts,
  input: AsyncIterator<string>,
): Promise<void> {
  for (let r = await input.next(); !r.done; r = await input.next()) {
    const name = objectOf(r.value)?.name;
    if (typeof name !== "string") continue;
    let answer: unknown;
    try {
      answer = inspect(parts, name);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      answer = { error: error.message };
    }
    write(JSON.stringify({ answer }) + "\n");
  }
}

/** How many names the page is shown while the model trains (the last at the last step). */
const PREVIEWS = 10;

/**
 * In the training: what to call after each step to show the page, {@link PREVIEWS} times
 * during the training, a name sampled from the weights as they are then, as a
 * `{"type":"preview"}` line. The names come from a generator of their own, seeded with
 * `--seed`: the run's generator, its weights and what it prints stay as without `--serve`.
 *
 * @example
 * ```ts ignore
 * const show = previewer(engine.parts(run), options);
 * for (let step = 1; step <= options.steps; step++) show(step);
 * ```
 */
export function previewer(
  parts: RunParts,
  options: { seed: number; steps: number; temperature: number },
): (step: number) => void {
  const rng = new Random(options.seed);
  const every = Math.ceil(options.steps / PREVIEWS);
  return (step) => {
    if (step % every !== 0 && step !== options.steps) return;
    const name = preview(parts, rng, options.temperature);
    write(JSON.stringify({ type: "preview", step, name }) + "\n");
  };
}

/** The page's files, read once: path → body and type. */
async function readPage(): Promise<
  Map<string, [Uint8Array<ArrayBuffer>, string]>
> {
  const page = new Map<string, [Uint8Array<ArrayBuffer>, string]>();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    const body = await Deno.readFile(
      new URL(`./page/${file}`, import.meta.url),
    );
    page.set(path, [body, type]);
  }
  return page;
}

/**
 * What the server holds of a run: the training process, the events so far (each new page
 * gets them all), the pages listening, and the questions waiting for their answer.
 */
class Relay {
  readonly history: Uint8Array[] = [];
  readonly pages = new Set<ReadableStreamDefaultController<Uint8Array>>();
  readonly waiting: ((answer: unknown) => void)[] = [];
  started = false;
  done = false;
  readonly #input: WritableStreamDefaultWriter<Uint8Array>;

  constructor(readonly child: Deno.ChildProcess) {
    this.#input = child.stdin.getWriter();
  }

  /** Writes `message` as a line on the training's standard input. */
  tell(message: unknown): Promise<void> {
    return this.#input.write(encoder.encode(JSON.stringify(message) + "\n"));
  }

  /** Sends the event `data` (a JSON line) to every page, and to the pages yet to open. */
  event(data: string): void {
    const bytes = encoder.encode(`data: ${data}\n\n`);
    this.history.push(bytes);
    for (const page of this.pages) page.enqueue(bytes);
  }

  /** A page's `/events`: every event so far, then each as it comes. */
  events(): Response {
    let me: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        me = controller;
        for (const bytes of this.history) controller.enqueue(bytes);
        this.pages.add(controller);
      },
      cancel: () => void this.pages.delete(me),
    });
    if (!this.started) {
      this.started = true;
      this.tell({ start: true }).catch(() => {}); // a training that ended says so itself
    }
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
      },
    });
  }

  /** The training's answer about `name`. */
  ask(name: string): Promise<unknown> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.tell({ name }).catch(() =>
        resolve({ error: "the training has stopped" })
      );
    });
  }

  /** Reads the training's standard output: answers to questions, events, anything else. */
  async readOutput(): Promise<void> {
    for await (const line of outputLines(this.child.stdout)) {
      const message = objectOf(line);
      if (message === undefined) {
        console.log(line); // a learner's console.log in their katas, say
      } else if ("answer" in message) {
        this.waiting.shift()?.(message.answer);
      } else {
        if (message.type === "done") this.done = true;
        this.event(line);
      }
    }
  }

  /** Passes the training's standard error on, and shows each line on the page too. */
  async readErrors(): Promise<void> {
    for await (const line of outputLines(this.child.stderr)) {
      console.error(line);
      this.event(JSON.stringify({ type: "error", message: line }));
    }
  }

  /** Tells the pages the training ended with `code`, and closes their streams. */
  end(code: number): void {
    this.event(JSON.stringify({ type: "exit", code }));
    for (const page of this.pages) page.close();
    this.pages.clear();
    for (const answer of this.waiting.splice(0)) {
      answer({ error: "the training has stopped" });
    }
  }
}

/** A JSON response. */
function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** The headers every file of the page is served with: no other origin, no guessing. */
const SAFE = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
};

/** The server's answer to `request`, on `port`. */
async function answer(
  request: Request,
  port: number,
  relay: Relay,
  page: Map<string, [Uint8Array<ArrayBuffer>, string]>,
): Promise<Response> {
  const host = request.headers.get("host");
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
    return new Response(`this page answers only at http://${HOST}:${port}/\n`, {
      status: 403,
    });
  }
  if (request.method !== "GET") {
    return new Response("GET only\n", {
      status: 405,
      headers: { allow: "GET" },
    });
  }
  const url = new URL(request.url);
  const file = page.get(url.pathname);
  if (file !== undefined) {
    return new Response(file[0], {
      headers: { ...SAFE, "content-type": file[1] },
    });
  }
  if (url.pathname === "/events") return relay.events();
  if (url.pathname === "/inspect") {
    const name = url.searchParams.get("name") ?? "";
    if (name.length > MAX_QUERY) {
      return json(
        { error: "that name is far too long: type a shorter one" },
        400,
      );
    }
    if (!relay.done) {
      return json({
        error:
          "the model is still training: ask again once the names are there",
      }, 409);
    }
    return json(await relay.ask(name));
  }
  return new Response("not found\n", { status: 404 });
}

/**
 * Serves the page on 127.0.0.1:`port` (0: a free port), starts the training with `spawn`
 * (its standard input, output and error piped) and relays between them until the training
 * ends; returns its exit code. A port in use is a one-line `UserError`. `trains` is false
 * for a `--load` run, which only samples: the line with the address says so.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await serveRun(8000, () => spawnDeno("for the training run", options)));
 * ```
 */
export async function serveRun(
  port: number,
  spawn: () => Deno.ChildProcess,
  trains = true,
): Promise<number> {
  const page = await readPage();
  const started: { relay?: Relay } = {};
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: HOST,
      port,
      onListen: () => {},
    }, (request) => answer(request, server.addr.port, started.relay!, page));
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    throw new UserError(`port ${port} is in use: pick another with --port`);
  }
  // No request is answered before this: the handler runs on a later turn of the event loop.
  const relay = started.relay = new Relay(spawn());
  console.log(
    `the page: http://${HOST}:${server.addr.port}/ — open it to ${
      trains ? "start the training" : "see the names and look inside the model"
    }; Ctrl-C stops`,
  );
  await Promise.all([relay.readOutput(), relay.readErrors()]);
  const { code } = await relay.child.status;
  relay.end(code);
  await server.shutdown();
  return code;
}
