/**
 * Cached results: a kata's status is reused while nothing its suite run can depend on changed.
 * The key is a SHA-256 of the contents of the kata's folder and of the folders of the katas it
 * uses (under `katas/`), the files of `katas/` outside any kata's folder, all of `tests/`,
 * `lib/` and `course/` (but `course/hints/`),
 * `deno.json` and `deno.lock`, with Deno's version and the time limit. Not the seed: the runner
 * draws a new one on every call, so a key with it would never match; each result keeps the seed
 * it came from instead. Results are kept in `.cache/kata_results.json`, which is safe to
 * delete; a file that cannot be read is ignored and written again.
 *
 * @module
 */
import { type Status, uses } from "./kata_status.ts";
import { testKatas, type TestOptions } from "./run_suites.ts";

/** Where the results are kept, from the project's root. */
export const RESULTS_FILE = ".cache/kata_results.json";

/** The statuses worth keeping: a stopped check or load may go otherwise on the next run. */
const KEPT: ReadonlySet<Status["kind"]> = new Set([
  "done",
  "failing",
  "waiting",
  "broken",
]);

/** What every kata's suite run reads, beside the katas' own folders. */
const SHARED = ["tests/", "lib/", "course/", "deno.json", "deno.lock"];

/** What runs the suites: {@link testKatas}, unless a test counts the runs. */
export type SuiteRunner = (
  root: URL,
  katas: readonly string[],
  options: TestOptions,
) => Promise<Map<string, Status>>;

/** What {@link cachedTestKatas} gives: each kata's status, and the seed it came from. */
export interface CachedRun {
  /** Each kata's status. */
  readonly statuses: Map<string, Status>;
  /** The seed each status came from: `deno test … -- --seed=N` gives it again. */
  readonly seeds: Map<string, number>;
}

/**
 * The status of each of `katas`: the one kept for its key when there is one, or else what
 * `run` (one `deno test` of every kata not kept) gives, which is then kept.
 *
 * @example
 * ```ts ignore
 * const { statuses } = await cachedTestKatas(root, ["01_tokenizer"], { seed: 42 });
 * ```
 */
export async function cachedTestKatas(
  root: URL,
  katas: readonly string[],
  options: TestOptions,
  run: SuiteRunner = testKatas,
): Promise<CachedRun> {
  const statuses = new Map<string, Status>();
  const seeds = new Map<string, number>();
  if (!katas.length) return { statuses, seeds };
  const keys = await resultKeys(root, katas, options);
  const kept = await readResults(root);
  const toRun = katas.filter((k) => {
    const entry = kept[k];
    if (entry?.key !== keys.get(k)) return true;
    statuses.set(k, entry.status);
    seeds.set(k, entry.seed);
    return false;
  });
  if (!toRun.length) return { statuses, seeds };
  const tested = await run(root, toRun, options);
  for (const [kata, status] of tested) {
    statuses.set(kata, status);
    seeds.set(kata, options.seed);
    if (KEPT.has(status.kind)) {
      kept[kata] = { key: keys.get(kata)!, seed: options.seed, status };
    } else delete kept[kata];
  }
  if (!options.signal?.aborted) await writeResults(root, kept);
  return { statuses, seeds };
}

/** What `.cache/kata_results.json` holds: each kata's last result, its key and its seed. */
type Results = Record<
  string,
  { key: string; seed: number; status: Status }
>;

async function readResults(root: URL): Promise<Results> {
  try {
    const data = JSON.parse(
      await Deno.readTextFile(new URL(RESULTS_FILE, root)),
    );
    const valid = (e: unknown) =>
      typeof e === "object" && e !== null && "key" in e && "status" in e &&
      typeof e.key === "string" && "seed" in e &&
      Number.isInteger(e.seed) && typeof e.status === "object" &&
      e.status !== null && "kind" in e.status &&
      KEPT.has(e.status.kind as Status["kind"]);
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return {};
    }
    return Object.fromEntries(
      Object.entries(data).filter(([, e]) => valid(e)),
    ) as Results;
  } catch {
    return {}; // missing or corrupt: run again, and write it anew
  }
}

async function writeResults(root: URL, results: Results): Promise<void> {
  await Deno.mkdir(new URL(".cache/", root), { recursive: true });
  await Deno.writeTextFile(
    new URL(RESULTS_FILE, root),
    JSON.stringify(results, null, 1) + "\n",
  );
}

/**
 * The key of each of `katas`: a SHA-256 over Deno's version, the time limit, the files every
 * suite reads and the folders of the katas this one uses.
 */
export async function resultKeys(
  root: URL,
  katas: readonly string[],
  { limit }: Pick<TestOptions, "limit">,
): Promise<Map<string, string>> {
  const shared = await digestOf(root, [...SHARED, ...await looseFiles(root)]);
  const folders = new Map<string, Promise<string>>();
  const folder = (k: string) => {
    if (!folders.has(k)) folders.set(k, digestOf(root, [`katas/${k}/`]));
    return folders.get(k)!;
  };
  const keys = new Map<string, string>();
  for (const kata of katas) {
    const parts = [
      `deno ${Deno.version.deno}`,
      `limit ${limit ?? "default"}`,
      `shared ${shared}`,
    ];
    for (const k of uses(kata)) parts.push(`${k} ${await folder(k)}`);
    keys.set(kata, await sha256(new TextEncoder().encode(parts.join("\n"))));
  }
  return keys;
}

/** The files of `katas/` outside any kata's folder (a helper module a learner adds there). */
async function looseFiles(root: URL): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(new URL("katas/", root))) {
      if (entry.isFile) out.push(`katas/${entry.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

/** A SHA-256 over every file under `paths` (folders end in `/`): their paths and contents. */
async function digestOf(root: URL, paths: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const path of paths) {
    for (const file of await filesUnder(root, path)) {
      const bytes = await Deno.readFile(new URL(file, root));
      lines.push(`${file} ${await sha256(bytes)}`);
    }
  }
  return await sha256(new TextEncoder().encode(lines.join("\n")));
}

/** The files under `path` (itself, when it is a file), sorted; none when it is missing. */
async function filesUnder(root: URL, path: string): Promise<string[]> {
  if (path === "course/hints/") return [];
  if (!path.endsWith("/")) {
    try {
      await Deno.stat(new URL(path, root));
      return [path];
    } catch {
      return [];
    }
  }
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(new URL(path, root))) {
      if (entry.isDirectory) {
        out.push(...await filesUnder(root, `${path}${entry.name}/`));
      } else if (entry.isFile) out.push(`${path}${entry.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
