/**
 * WORKSHOP.md's table of the katas, for planning a workshop: what each kata asks the learner
 * to write, how long its lesson is, and a person's estimate of the time it takes. The counts
 * come from the sources, so they cannot go stale:
 *
 * - the functions are the answer regions of the kata's solution files (`//#region answer:
 *   name` … `//#endregion`, what `runner/stubs.ts` replaces with a stub), by name;
 * - the answer lines are the code lines inside those regions: every line but blank ones and
 *   comments (a raw count, not `answerLines` of `runner/kata_lesson.ts`, which also leaves
 *   out lines shorter than 8 characters such as `}`);
 * - the lesson's words are those of `katas/NN_topic/README.md`, code included, split at
 *   whitespace as `wc -w` counts them;
 * - the difficulty and the minutes are the course manifest's `estimate`.
 *
 * @module
 */
import { COURSE, type KataEntry } from "../course/manifest.ts";
import { isKataSource, REGION_BEGIN, REGION_END } from "../runner/stubs.ts";
import { markdownTable } from "./markdown.ts";

/** One answer region of a solution file. */
export interface AnswerRegion {
  /** The name after `//#region answer:`: `"Tokenizer.encode"`. */
  readonly name: string;
  /** Its code lines, trimmed: neither blank nor a comment. */
  readonly code: readonly string[];
}

/**
 * The answer regions of a solution file, in order.
 *
 * @example
 * ```ts
 * const source = "  //#region answer: sum\n  // add up\n  let t = 0;\n\n  //#endregion\n";
 * answerRegions(source); // [{ name: "sum", code: ["let t = 0;"] }]
 * ```
 */
export function answerRegions(source: string): AnswerRegion[] {
  const regions: { name: string; code: string[] }[] = [];
  let open: { name: string; code: string[] } | undefined;
  for (const line of source.split(/\r?\n/)) {
    const begin = REGION_BEGIN.exec(line);
    if (begin) {
      open = { name: begin[2], code: [] };
      regions.push(open);
    } else if (REGION_END.test(line)) {
      open = undefined;
    } else if (open) {
      const code = line.trim();
      if (code && !code.startsWith("//")) open.code.push(code);
    }
  }
  return regions;
}

/** The most characters {@link functionNames} takes: the names that fit, then `…`. */
export const NAMES_WIDTH = 44;

/**
 * Region names as the table lists them: a class written once when every name is one of its
 * members (`Tokenizer constructor`, `Tokenizer.encode` → `Tokenizer: constructor, encode`),
 * and as many names as fit in {@link NAMES_WIDTH} characters, then `…`.
 *
 * @example
 * ```ts
 * functionNames(["Value.add", "Value.mul"]); // "Value: add, mul"
 * functionNames(["Adam.step"]); // "Adam.step"
 * functionNames(["setup", "documentLoss", "trainStep", "train", "generate"]);
 * // "setup, documentLoss, trainStep, train, …"
 * ```
 */
export function functionNames(names: readonly string[]): string {
  const [owner, members] = byOwner(names);
  const shown: string[] = [];
  for (const [i, name] of members.entries()) {
    const rest = i < members.length - 1 ? ", …" : "";
    if ([owner, ...shown, name].join(", ").length + rest.length > NAMES_WIDTH) {
      shown.push("…");
      break;
    }
    shown.push(name);
  }
  return owner ? `${owner}: ${shown.join(", ")}` : shown.join(", ");
}

/** The class every name is a member of (`""` when none, or one name), and the members. */
function byOwner(names: readonly string[]): [string, string[]] {
  const owner = /^(\w+)[. ]/.exec(names[0] ?? "")?.[1];
  const members = names.map((n) =>
    owner && /^[. ]$/.test(n.charAt(owner.length)) && n.startsWith(owner)
      ? n.slice(owner.length + 1)
      : undefined
  );
  if (!owner || names.length < 2 || members.some((m) => m === undefined)) {
    return ["", [...names]];
  }
  return [owner, members as string[]];
}

/**
 * A count as the table writes it, with a comma every three digits.
 *
 * @example
 * ```ts
 * thousands(4303); // "4,303"
 * ```
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The words of a text as `wc -w` counts them: runs of non-whitespace. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** What the table says of one kata, read from the project at `root`. */
interface Row {
  readonly entry: KataEntry;
  readonly regions: readonly AnswerRegion[];
  readonly words: number;
}

async function rowOf(root: URL, entry: KataEntry): Promise<Row> {
  const dir = new URL(`solutions/${entry.kata}/`, root);
  const files: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && isKataSource(`${entry.kata}/${e.name}`)) files.push(e.name);
  }
  const regions: AnswerRegion[] = [];
  for (const file of files.sort()) {
    regions.push(
      ...answerRegions(await Deno.readTextFile(new URL(file, dir))),
    );
  }
  const lesson = await Deno.readTextFile(
    new URL(`katas/${entry.kata}/README.md`, root),
  );
  return { entry, regions, words: wordCount(lesson) };
}

/** The note under the table: where its numbers come from. */
const NOTE = [
  "Answer lines leave out blank lines and comments; lesson words are counted as",
  "`wc -w` counts them. `deno task generate` makes this table from `solutions/` and",
  "the lessons; the difficulty and the estimate are kept in `course/manifest.ts`.",
].join("\n");

/** WORKSHOP.md's table of the katas, with the note under it, from the project at `root`. */
export async function workshopTable(root: URL): Promise<string> {
  const rows: string[][] = [];
  for (const entry of COURSE) {
    const { regions, words } = await rowOf(root, entry);
    rows.push([
      `\`${entry.kata}\``,
      `${regions.length} (${functionNames(regions.map((r) => r.name))})`,
      String(regions.reduce((n, r) => n + r.code.length, 0)),
      thousands(words),
      entry.estimate.difficulty,
      `${entry.estimate.minutes} min`,
    ]);
  }
  const table = markdownTable(
    [
      "kata",
      "functions to write",
      "answer lines",
      "lesson words",
      "difficulty",
      "estimate",
    ],
    rows,
    ["left", "left", "right", "right", "left", "right"],
  );
  return `${table}\n\n${NOTE}`;
}
