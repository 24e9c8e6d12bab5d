/**
 * How the kata runner shows where a learner stands, in one place: a status in a
 * few words (a row of `list`, the reason a kata waits) or in full (the screen of
 * `deno task kata`), and the two screens made of them.
 *
 * @module
 */
import { kataNumber, kataTitle } from "../course/manifest.ts";
import type { Context } from "./context.ts";
import { type Lesson, wrap } from "./kata_lesson.ts";
import type { Progress, Status } from "./kata_status.ts";
import { DENO } from "./deno_command.ts";

/** How text is printed: in colour or not. */
export interface Style {
  /** Whether to print in colour (on a terminal, unless NO_COLOR is set). */
  readonly color: boolean;
}

function paint(style: Style, code: number, text: string): string {
  return style.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** `text` in green, when printing in colour. */
export const green = (style: Style, text: string): string =>
  paint(style, 32, text);
/** `text` in red, when printing in colour. */
export const red = (style: Style, text: string): string =>
  paint(style, 31, text);
/** `text` in yellow, when printing in colour. */
export const yellow = (style: Style, text: string): string =>
  paint(style, 33, text);
/** `text` in bold, when printing in colour. */
export const bold = (style: Style, text: string): string =>
  paint(style, 1, text);
/** `text` dimmed, when printing in colour. */
export const dim = (style: Style, text: string): string =>
  paint(style, 2, text);

/** How a status reads after "failing" in the list: a short reason, the kind first. */
export function brief(status: Status): string {
  switch (status.kind) {
    case "failing":
      return `"${status.check}"`;
    case "waiting":
      return `needs kata ${kataTitle(status.needs)} to pass first`;
    case "broken":
      return "does not type-check or load";
    case "testChanged":
      return changedWhat(status.files);
    case "loading":
      return `${status.module} stopped after ${status.seconds} s of loading`;
    case "stuck":
      return `stopped after ${status.seconds} s: "${status.check}"`;
    default:
      return "";
  }
}

/** Why a kata with status `s` does not pass, in a few words: what a kata that waits on it says. */
export function whyNot(s: Status): string {
  switch (s.kind) {
    case "failing":
      return `its check "${s.check}" fails`;
    case "waiting":
      return `it needs kata ${kataTitle(s.needs)} first`;
    case "broken":
      return "it does not type-check or load";
    case "testChanged":
      return changedWhat(s.files);
    case "loading":
      return `${s.module} did not finish loading in ${s.seconds} s`;
    case "stuck":
      return `its check "${s.check}" was stopped after ${s.seconds} s`;
    case "stub":
      return "it is not started";
    default:
      return "it passes";
  }
}

/** `text`, each line indented under the screen's; Deno's messages keep their own (carets). */
function indent(text: string, trim = true): string[] {
  return text.split("\n").map((l) => `    ${trim ? l.trim() : l}`);
}

/** "is" or "are", and the files joined, for a sentence about `files`. */
/** Whether every file of `files` is a test file, not a given module. */
function onlyTests(files: readonly string[]): boolean {
  return files.every((f) => f.endsWith("_test.ts"));
}

/** What a kata whose files did not come as they were lacks, in a few words. */
function changedWhat(files: readonly string[]): string {
  return onlyTests(files)
    ? "its test file is missing or changed"
    : "a file it came with is missing or changed";
}

function are(files: readonly string[], joiner = ", "): string {
  return `${files.join(joiner)} ${files.length === 1 ? "is" : "are"}`;
}

/**
 * The lines of the screen that say why the current kata `kata` is not done: in full, with the
 * check, the problem and the diagnosis. `files` are the kata's sources.
 */
export function explain(
  style: Style,
  kata: string,
  status: Status,
  files: readonly string[],
): string[] {
  switch (status.kind) {
    case "stub":
      return [wrap(
        `Not started: ${are(files)} still the stub. Read the lesson ` +
          `(katas/${kata}/README.md), then replace ` +
          `each "not implemented" throw with your code.`,
        80,
        "  ",
      )];
    case "failing":
      return [
        `  First failing check: ${bold(style, status.check)}`,
        ...indent(red(style, status.problem)),
        ...(status.diagnosis
          ? [wrap(`this looks like ${status.diagnosis}`, 80, "    ")]
          : []),
      ];
    case "waiting":
      return [
        `  It builds on your kata ${
          kataTitle(status.needs)
        }, which does not pass yet:`,
        ...indent(status.why),
      ];
    case "testChanged":
      return [wrap(
        `${are(status.files)} missing or not as it came, so the runner ` +
          `cannot check this kata. Restore it${
            onlyTests(status.files)
              ? " (your own tests can go in a file of their own)"
              : ""
          }: git checkout ${status.files.join(" ")}`,
        80,
        "  ",
      )];
    case "broken":
      return [
        "  Your code does not type-check or load. Deno says:",
        ...indent(red(style, status.message), false),
        `  (To start this kata again from the stub: ${DENO} task kata reset ${
          kataNumber(kata)
        }, which keeps your files.)`,
      ];
    case "loading":
      return [
        `  ${status.module} did not finish loading in ${status.seconds} s: a loop at the top level?`,
        wrap(
          "Code outside any function runs as the module loads: a loop there that never " +
            "ends stops every check before it starts. Move it into a function, or fix it.",
          80,
          "  ",
        ),
      ];
    case "stuck":
      return [
        `  The check "${status.check}" ran for ${status.seconds} s and was stopped.`,
        wrap(
          "It is probably stuck in a loop that never advances (a counter or index that " +
            "is never updated, a stack that never empties).",
          80,
          "  ",
        ),
      ];
    default:
      return [];
  }
}

const BAR = 22;

function bar(style: Style, done: number, total: number): string {
  const filled = Math.round((done / total) * BAR);
  return `[${green(style, "█".repeat(filled))}${
    "░".repeat(BAR - filled)
  }] ${done}/${total}`;
}

/** The top of the screen: the progress bar, the katas that pass, and the latest one's praise. */
function passedLines(style: Style, p: Progress): string[] {
  const { katas, statuses, current } = p;
  const passed = katas.filter((k) => statuses.get(k)?.kind === "done");
  const reference = (k: string) => {
    const s = statuses.get(k);
    return s?.kind === "done" && s.reference;
  };
  const out = [
    `${bold(style, "microgpt katas")} ${
      bar(style, passed.length, katas.length)
    }`,
  ];
  if (passed.length) out.push("");
  for (const kata of passed) {
    const ref = reference(kata) ? dim(style, "  (reference solution)") : "";
    out.push(`${green(style, "✓")} ${kataTitle(kata)}${ref}`);
  }
  // The learner's latest kata that passes (not one that start filled in).
  const before = current ? katas.indexOf(current) : katas.length;
  const last = passed.filter((k) => katas.indexOf(k) < before)
    .findLast((k) => !reference(k));
  if (last) {
    out.push(
      "",
      `${
        green(style, `${kataTitle(last)} passes`)
      }: well done. See the reference: ` +
        `${DENO} task kata solution ${kataNumber(last)}`,
    );
  }
  return out;
}

/** The rest of the screen: the current kata's lesson, why it is not done, how to go on. */
function currentLines(
  ctx: Context,
  p: Progress,
  kata: string,
  lesson: Lesson,
  watching: boolean,
): string[] {
  const status = p.statuses.get(kata) ?? { kind: "stub" };
  const files = [...p.files.get(kata)!.sources];
  return [
    "",
    `${yellow(ctx, "→")} ${bold(ctx, lesson.title)}`,
    "",
    wrap(`Goal. ${lesson.goal}`, 80, "  "),
    "",
    ...explain(ctx, kata, status, files),
    "",
    "Go on:",
    `  edit   ${files.join(" ")}   (the lesson: katas/${kata}/README.md)`,
    `  test   ${DENO} test katas/${kata}${
      status.kind === "stub"
        ? ""
        : ` -- --seed=${p.seeds?.get(kata) ?? ctx.seed}`
    }`,
    `  hint   ${DENO} task kata hint`,
    watching
      ? dim(ctx, "Watching katas/: save a file to run again. Ctrl-C stops.")
      : `  watch  ${DENO} task kata watch   (reruns on every save)`,
  ];
}

/**
 * The screen of `deno task kata`: progress, the current kata (whose lesson is `lesson`) and
 * how to go on; or, when every kata passes (`lesson` undefined), how to train with them.
 */
export function whereScreen(
  ctx: Context,
  p: Progress,
  lesson: Lesson | undefined,
  watching: boolean,
): string {
  const out = passedLines(ctx, p);
  if (!p.current || !lesson) {
    out.push(
      "",
      bold(ctx, `All ${p.katas.length} katas pass: you have rebuilt microgpt.`),
      "Train it with your own code, and compare with microgpt.py's output:",
      `  ${DENO} task run --mine`,
    );
  } else {
    out.push(...currentLines(ctx, p, p.current, lesson, watching));
  }
  return out.join("\n");
}

/** The screen of `deno task kata list`: a row for every kata, then the count of each kind. */
export function listScreen(style: Style, p: Progress): string {
  const width = Math.max(...p.katas.map((k) => kataTitle(k).length)) + 3;
  const counts = { done: 0, failing: 0, "not started": 0 };
  const rows = p.katas.map((kata) => {
    const s = p.statuses.get(kata) ?? { kind: "stub" };
    const name = kataTitle(kata).padEnd(width);
    if (s.kind === "done") {
      counts.done++;
      return `${name}${green(style, "done")}${
        s.reference ? dim(style, "  (reference solution)") : ""
      }`;
    }
    if (s.kind === "stub") {
      counts["not started"]++;
      return `${name}${dim(style, "not started")}`;
    }
    counts.failing++;
    const why = brief(s);
    const room = 80 - width - "failing  ".length;
    return `${name}${red(style, "failing")}  ${
      why.length > room ? `${why.slice(0, room - 1)}…` : why
    }`;
  });
  return [
    `${"kata".padEnd(width)}status`,
    ...rows,
    "",
    `${counts.done} done, ${counts.failing} failing, ${
      counts["not started"]
    } not started (of ${p.katas.length})`,
  ].join("\n");
}
