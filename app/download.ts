/**
 * Downloads makemore's `names.txt` (about 32,000 names, the dataset of Karpathy's microgpt) to
 * `data/names.txt`. Run it with `deno task download`; `--help` lists the flags.
 *
 * @module
 */

import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "./cli.ts";

/**
 * makemore's `names.txt`, pinned to a commit so the bytes never change.
 *
 * @example
 * ```ts
 * await download(NAMES_URL, NAMES_PATH);
 * ```
 */
export const NAMES_URL =
  "https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt";

/**
 * Where `deno task download` writes the names (the `data/` folder is git-ignored).
 *
 * @example
 * ```ts
 * await download(NAMES_URL, NAMES_PATH);
 * ```
 */
export const NAMES_PATH = "data/names.txt";

/**
 * Fetches `url` and writes the body to `dest`, returning the number of bytes written. The
 * write is atomic: the bytes go to a temporary file beside `dest` (its directory is created
 * if missing) which is then renamed onto `dest`, so a failed download never leaves a partial
 * file and never touches an existing `dest`. A failed request, a non-2xx status or an empty
 * body throws a one-line {@linkcode UserError}.
 *
 * @example
 * ```ts
 * const bytes = await download(NAMES_URL, NAMES_PATH);
 * console.log(`wrote ${bytes} bytes to ${NAMES_PATH}`);
 * ```
 */
export async function download(url: string, dest: string): Promise<number> {
  let body: Uint8Array;
  try {
    const response = await fetch(url);
    if (!response.ok) {
      await response.body?.cancel();
      throw new UserError(
        `download failed: ${url} answered ${response.status} ${response.statusText} — check the URL or try again later`,
      );
    }
    body = await response.bytes();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error; // a UserError, or no --allow-net
    const reason = error.cause instanceof Error
      ? error.cause.message
      : error.message;
    throw new UserError(
      `download failed: ${reason} — check your network connection and the URL`,
    );
  }
  if (body.length === 0) {
    throw new UserError(
      `download failed: ${url} sent an empty file — check the URL`,
    );
  }
  await Deno.mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.${crypto.randomUUID()}.part`;
  try {
    await Deno.writeFile(temp, body, { createNew: true });
    await Deno.rename(temp, dest);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return body.length;
}

/**
 * Throws a {@linkcode UsageError} for a `--url` that is not an https address on
 * raw.githubusercontent.com or an `--out` outside `data/`: the task is granted only those
 * (deno.json), and says so before it fetches anything.
 *
 * @example
 * ```ts
 * checkGrant("https://evil.com/x", "data/names.txt");
 * // throws: --url https://evil.com/x is not on raw.githubusercontent.com: …
 * ```
 */
export function checkGrant(url: string, out: string): void {
  let host: string | undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:") host = parsed.hostname;
  } catch {
    // not an address at all: said below
  }
  if (host !== "raw.githubusercontent.com") {
    throw new UsageError(
      `--url ${url} is not an https address on raw.githubusercontent.com: this task may fetch only from there (deno.json) — see --help`,
    );
  }
  const parts = out.split("/").filter((p) => p !== "" && p !== ".");
  if (
    out.startsWith("/") || parts[0] !== "data" || parts.length < 2 ||
    parts.includes("..")
  ) {
    throw new UsageError(
      `--out ${out} is not a file under data/: this task may write only there (deno.json) — give a path such as data/names.txt`,
    );
  }
}

const HELP = `Download makemore's names.txt (the dataset of microgpt).

Usage: deno task download [--url <url>] [--out <path>]

  --url <url>    where to fetch from, on raw.githubusercontent.com (default
                 ${NAMES_URL})
  --out <path>   where to write, a path under data/ (default ${NAMES_PATH})
  --help         show this help`;

if (import.meta.main) {
  await runMain(async () => {
    let values;
    try {
      ({ values } = parseArgs({
        args: Deno.args,
        strict: true,
        options: {
          url: { type: "string", default: NAMES_URL },
          out: { type: "string", default: NAMES_PATH },
          help: { type: "boolean", short: "h" },
        },
      }));
    } catch (error) {
      throw new UsageError(`${(error as Error).message} — see --help`);
    }
    if (values.help) return console.log(HELP);
    checkGrant(values.url, values.out);
    const bytes = await download(values.url, values.out);
    console.log(`wrote ${bytes} bytes to ${values.out}`);
  });
}
