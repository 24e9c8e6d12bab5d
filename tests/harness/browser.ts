/**
 * The page of `deno task run --serve` as a person sees it: the task started as deno.json runs
 * it ({@linkcode startServe}), and Debian's Chromium driven headless by `puppeteer-core`
 * ({@linkcode launchChromium}), with a fresh profile under `.cache/` that is removed after.
 * Used by `app/serve_test.ts` and `deno task screenshots` (`dev/screenshots.ts`). Needs
 * `--allow-run=deno,/usr/bin/chromium`, `--allow-read=/usr/bin/chromium,.cache`,
 * `--allow-write=.cache`, `--allow-net=127.0.0.1` (the page, and Chromium's DevTools
 * socket) and `--allow-env` of the variables puppeteer-core reads ({@linkcode PUPPETEER_ENV}).
 *
 * @module
 */
import puppeteer, { type Browser } from "puppeteer-core";
import { startTask } from "./processes.ts";

const ROOT = new URL("../../", import.meta.url);

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** The environment variables puppeteer-core and its WebSocket library read. */
export const PUPPETEER_ENV = [
  "WS_NO_BUFFER_UTIL",
  "PUPPETEER_TEST_EXPERIMENTAL_CHROME_FEATURES",
  "PUPPETEER_DANGEROUS_NO_SANDBOX",
  "NODE_V8_COVERAGE",
] as const;

/** Chromium's flags: headless, and nothing that reaches the network on its own. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether there is a Chromium at {@linkcode CHROMIUM}.
 *
 * @example
 * ```ts ignore
 * if (!hasChromium()) console.log("apt-get install -y chromium");
 * ```
 */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/** A headless Chromium, and how to close it (which removes its profile). */
export interface Chromium {
  /** The browser. */
  readonly browser: Browser;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a new profile folder in `.cache/`.
 *
 * @example
 * ```ts ignore
 * const chromium = await launchChromium();
 * const page = await chromium.browser.newPage();
 * await chromium.close();
 * ```
 */
export async function launchChromium(): Promise<Chromium> {
  const cache = new URL(".cache/", ROOT);
  await Deno.mkdir(cache, { recursive: true });
  const profile = await Deno.makeTempDir({
    dir: cache.pathname,
    prefix: "chromium-",
  });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: FLAGS,
    // Not process.env: copying it all would need every variable's permission.
    env: {},
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await Deno.remove(profile, { recursive: true });
    },
  };
}

/** `deno task run --serve` running: the page's address, and how to stop it. */
export interface Serving {
  /** `http://127.0.0.1:PORT/`, as the task printed it. */
  readonly url: string;
  /** Sends SIGTERM, waits for the task to end and gives its exit code and standard error. */
  stop(): Promise<{ code: number; stderr: string }>;
}

/**
 * Starts `deno task run --serve --port 0 …args` as deno.json runs it and waits for the
 * address it prints (a task that ends first throws, with its standard error).
 *
 * @example
 * ```ts ignore
 * const serving = await startServe(["--steps", "300"]);
 * await serving.stop();
 * ```
 */
export async function startServe(args: readonly string[]): Promise<Serving> {
  const task = await startTask("run", ROOT, [
    "--serve",
    "--port",
    "0",
    ...args,
  ]);
  let stderr = "";
  const errors = (async () => {
    for await (const text of task.stderr.pipeThrough(new TextDecoderStream())) {
      stderr += text;
    }
  })();
  const reader = task.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  let url: string | undefined;
  while (url === undefined) {
    const r = await reader.read();
    if (r.done) {
      await task.status;
      await errors;
      throw new Error(`deno task run --serve printed no address:\n${stderr}`);
    }
    out += r.value;
    url = out.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
  }
  // The rest of its output is read (and dropped), so it never blocks on a full pipe.
  const rest = (async () => {
    while (!(await reader.read()).done) { /* drained */ }
  })();
  return {
    url,
    stop: async () => {
      task.kill("SIGTERM");
      const { code } = await task.status;
      await Promise.all([rest, errors]);
      return { code, stderr };
    },
  };
}

/** The little of an element that the functions run in the page read. */
export interface PageElement {
  /** Its data-* attributes. */
  readonly dataset: Record<string, string | undefined>;
  /** Its text. */
  readonly textContent: string | null;
  /** An attribute's value. */
  getAttribute(name: string): string | null;
  /** The elements under it that `selector` matches. */
  querySelectorAll(selector: string): Iterable<PageElement>;
}

/**
 * The page's globals that the functions run in the page use, typed here: the DOM library,
 * named in one module, would change the types of every module checked with it. Inside such a
 * function: `const { document } = globalThis as unknown as PageGlobals;`.
 */
export interface PageGlobals {
  /** The page's document. */
  readonly document: {
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement> & {
      readonly length: number;
    };
  };
  /** Calls back on each change of the attributes it observes. */
  readonly MutationObserver: new (callback: () => void) => {
    observe(target: PageElement, options: { attributeFilter: string[] }): void;
  };
}
