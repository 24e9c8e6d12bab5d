/**
 * Reads what the kata runner (`runner/kata.ts`) shows of a kata: the title and goal paragraph
 * of its lesson, `katas/NN_topic/README.md`, in the form the lesson template gives them, and
 * its hints, from a file of their own, `course/hints/NN_topic.md`, so that a learner reads a
 * hint only by asking for it (`deno task kata hint`).
 *
 * @module
 */
import { UserError } from "../app/cli.ts";
import { REGION_BEGIN, REGION_END } from "./stubs.ts";

/** One hint of a kata, from its `<details><summary>Hint N (label)</summary>` block. */
export interface Hint {
  /** What kind of hint it is: `"a nudge"`, `"the approach"`, `"almost the answer"`. */
  readonly label: string;
  /** The hint's Markdown, trimmed. */
  readonly text: string;
}

/** What the runner shows of a lesson. */
export interface Lesson {
  /** The first heading without its `#`: `"05 · Softmax — scores in, probabilities out"`. */
  readonly title: string;
  /** The **Goal.** paragraph, without its label and joined into one line. */
  readonly goal: string;
}

const HINT =
  /<details>\s*<summary>Hint (\d+)(?: \(([^)]*)\))?<\/summary>([\s\S]*?)<\/details>/g;

/**
 * The title and goal of a lesson's Markdown. Throws when one is missing: the lesson does not
 * follow the template.
 *
 * @example
 * ```ts
 * const md = "# 01 · Tokenizer — names to ids\n\n**Goal.** Turn text\ninto ids.\n";
 * parseLesson(md); // { title: "01 · Tokenizer — names to ids", goal: "Turn text into ids." }
 * ```
 */
export function parseLesson(markdown: string): Lesson {
  const md = markdown.replace(/\r\n?/g, "\n");
  const title = /^# (.+)$/m.exec(md)?.[1].trim();
  if (!title) throw new Error("the lesson has no title (a line `# NN · …`)");
  const goal = /^\*\*Goal\.\*\*\s+([\s\S]+?)(?:\n\s*\n|(?![\s\S]))/m.exec(md)
    ?.[1];
  if (!goal) throw new Error("the lesson has no **Goal.** paragraph");
  return { title, goal: goal.replace(/\s*\n\s*/g, " ").trim() };
}

/**
 * The hints of a hints file's Markdown (or of any Markdown): each
 * `<details><summary>Hint N (label)</summary>…</details>` block, in order. Throws when there
 * is none or they are not numbered 1, 2, 3, ….
 *
 * @example
 * ```ts
 * const md = "# Kata 01's hints\n\n<details>\n<summary>Hint 1 (a nudge)</summary>\n\n" +
 *   "Sort.\n\n</details>\n";
 * parseHints(md); // [{ label: "a nudge", text: "Sort." }]
 * ```
 */
export function parseHints(markdown: string): Hint[] {
  const md = markdown.replace(/\r\n?/g, "\n");
  const hints: Hint[] = [];
  for (const [, n, label, text] of md.matchAll(HINT)) {
    if (Number(n) !== hints.length + 1) {
      throw new Error(`hint ${n} comes where hint ${hints.length + 1} should`);
    }
    hints.push({ label: label ?? "", text: text.trim() });
  }
  if (!hints.length) throw new Error("it holds no hint");
  return hints;
}

/** The lesson of `kata`: `"katas/05_softmax/README.md"`. */
export function lessonPath(kata: string): string {
  return `katas/${kata}/README.md`;
}

/** The hints file of `kata`: `"course/hints/05_softmax.md"`. */
export function hintsPath(kata: string): string {
  return `course/hints/${kata}.md`;
}

/**
 * The lesson of `kata` in the project at `root`. Throws a {@link UserError} that says how to
 * restore it when it is missing or off the template.
 */
export async function readLesson(root: URL, kata: string): Promise<Lesson> {
  return await readParsed(root, lessonPath(kata), parseLesson);
}

/**
 * The hints of `kata` in the project at `root`, from {@link hintsPath}. Throws a
 * {@link UserError} that says how to restore the file when it is missing or off its form.
 */
export async function readHints(root: URL, kata: string): Promise<Hint[]> {
  return await readParsed(root, hintsPath(kata), parseHints);
}

async function readParsed<T>(
  root: URL,
  path: string,
  parse: (markdown: string) => T,
): Promise<T> {
  try {
    return parse(await Deno.readTextFile(new URL(path, root)));
  } catch (e) {
    const problem = e instanceof Deno.errors.NotFound
      ? "is missing"
      : `is not as it came (${(e as Error).message})`;
    throw new UserError(
      `${path} ${problem}: restore it with git checkout ${path}`,
    );
  }
}

/**
 * The code lines of a solution file's answers (inside its `//#region answer:` regions),
 * trimmed, leaving out comments and lines shorter than 8 characters (`}`, `i++;`): the
 * lines a hint must not hand over.
 */
export function answerLines(solution: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of solution.split(/\r?\n/)) {
    if (REGION_BEGIN.test(line)) inside = true;
    else if (REGION_END.test(line)) inside = false;
    else if (inside) {
      const code = line.trim();
      if (code.length >= 8 && !code.startsWith("//")) lines.push(code);
    }
  }
  return lines;
}

/**
 * Word-wraps `text` to lines of at most `width` characters (a longer word keeps its own
 * line), each starting with `indent`.
 *
 * @example
 * ```ts
 * wrap("a bb ccc", 6, "  "); // "  a bb\n  ccc"
 * ```
 */
export function wrap(text: string, width: number, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}
