/**
 * Reads what the kata runner (`runner/kata.ts`) shows of a lesson, `katas/NN_topic/README.md`:
 * its title, its goal paragraph and its hints, in the form the lesson template gives them.
 *
 * @module
 */
import { UserError } from "../app/cli.ts";
import { REGION_BEGIN, REGION_END } from "./stubs.ts";

/** One hint of a lesson, from its `<details><summary>Hint N (label)</summary>` block. */
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
  /** The hints, in order: gentle first. */
  readonly hints: readonly Hint[];
}

const HINT =
  /<details>\s*<summary>Hint (\d+)(?: \(([^)]*)\))?<\/summary>([\s\S]*?)<\/details>/g;

/**
 * The title, goal and hints of a lesson's Markdown. Throws when one is missing or the hints
 * are not numbered 1, 2, 3, …: the lesson does not follow the template.
 *
 * @example
 * ```ts
 * const md = "# 01 · Tokenizer — names to ids\n\n**Goal.** Turn text\ninto ids.\n\n" +
 *   "<details>\n<summary>Hint 1 (a nudge)</summary>\n\nSort.\n\n</details>\n";
 * parseLesson(md); // { title: "01 · Tokenizer — names to ids", goal: "Turn text into ids.", hints: [{ label: "a nudge", text: "Sort." }] }
 * ```
 */
export function parseLesson(markdown: string): Lesson {
  const md = markdown.replace(/\r\n?/g, "\n");
  const title = /^# (.+)$/m.exec(md)?.[1].trim();
  if (!title) throw new Error("the lesson has no title (a line `# NN · …`)");
  const goal = /^\*\*Goal\.\*\*\s+([\s\S]+?)(?:\n\s*\n|(?![\s\S]))/m.exec(md)
    ?.[1];
  if (!goal) throw new Error("the lesson has no **Goal.** paragraph");
  const hints: Hint[] = [];
  for (const [, n, label, text] of md.matchAll(HINT)) {
    if (Number(n) !== hints.length + 1) {
      throw new Error(`hint ${n} comes where hint ${hints.length + 1} should`);
    }
    hints.push({ label: label ?? "", text: text.trim() });
  }
  if (!hints.length) throw new Error("the lesson has no hints");
  return { title, goal: goal.replace(/\s*\n\s*/g, " ").trim(), hints };
}

/**
 * The lesson of `kata` in the project at `root`. Throws a {@link UserError} that says how to
 * restore it when it is missing or off the template.
 */
export async function readLesson(root: URL, kata: string): Promise<Lesson> {
  const path = `katas/${kata}/README.md`;
  try {
    return parseLesson(await Deno.readTextFile(new URL(path, root)));
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
