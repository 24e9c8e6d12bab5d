/**
 * A kata's thin test file (`solutions/NN_topic/topic_test.ts`, copied into `katas/` by
 * `deno task stubs`): it imports the kata's suite, starts the harness's watchdog (`loading`),
 * then imports the modules the course lists for it (dynamic imports, so a loop at the top
 * level of one gets the watchdog's notice) and hands them to `runSuite`. Laid out as
 * `deno fmt` would.
 *
 * @module
 */
import {
  courseEntry,
  kataNumber,
  kataTopic,
  suiteModules,
} from "../course/manifest.ts";
import { kataRanges } from "./kata_tables.ts";

/** `deno fmt`'s line width, for code. */
const WIDTH = 80;
/** The width the project's comments wrap at (`deno fmt` leaves comments as they are). */
const COMMENT_WIDTH = 95;

/** The thin test file's name inside its kata's folder: `"softmax_test.ts"`. */
export function testFileName(kata: string): string {
  return `${kataTopic(kata)}_test.ts`;
}

/**
 * The source of kata `kata`'s thin test file.
 *
 * @example
 * ```ts
 * thinTestSource("02_value");
 * // "// Runs kata 02's property suite (tests/suites/value_suite.ts) on value.ts in this folder.\n…"
 * ```
 */
export function thinTestSource(kata: string): string {
  const entry = courseEntry(kata);
  const topic = kataTopic(kata);
  const suite = `${topic}Suite`;
  const suiteFile = `tests/suites/${topic}_suite.ts`;
  const modules = Object.entries(suiteModules(kata));
  const uses = entry.uses.length
    ? `, with this tree's own kata${entry.uses.length > 1 ? "s" : ""} ${
      kataRanges(entry.uses)
    }`
    : "";
  const header = [
    ...wrapComment(
      `Runs kata ${kataNumber(kata)}'s property suite (${suiteFile}) on ` +
        `${entry.module} in this folder${uses}.`,
    ),
    "// Made by `deno task generate` from course/manifest.ts: edit that, not this file.",
  ];
  const imports = [
    importLine(["loading", "runSuite"], "../../tests/harness/harness.ts"),
    importLine([suite], `../../${suiteFile}`),
  ];
  const loads = modules.map(([key, path]) =>
    `const ${key} = await import("${
      path.startsWith(`${kata}/`)
        ? "./" + path.slice(kata.length + 1)
        : `../${path}`
    }");`
  );
  const call = runSuiteCall(suite, modules.map(([key]) => key));
  return [
    ...header,
    ...imports,
    "",
    "// The watchdog first, then the modules: a loop at the top level of one gets a notice.",
    `const loaded = loading("${kata}", import.meta.url);`,
    ...loads,
    "loaded();",
    "",
    ...call,
    "",
  ].join("\n");
}

/** `text` as `//` comment lines of at most {@link COMMENT_WIDTH} characters. */
function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let line = "//";
  for (const word of text.split(" ")) {
    if (line.length + 1 + word.length > COMMENT_WIDTH && line !== "//") {
      lines.push(line);
      line = "//";
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** A named import, broken over lines when it is too long for one. */
function importLine(names: readonly string[], from: string): string {
  const line = `import { ${names.join(", ")} } from "${from}";`;
  if (line.length <= WIDTH) return line;
  return [
    "import {",
    ...names.map((n) => `  ${n},`),
    `} from "${from}";`,
  ].join("\n");
}

/** `runSuite(suite, { …keys }, import.meta.url);`, on as few lines as `deno fmt` allows. */
function runSuiteCall(suite: string, keys: readonly string[]): string[] {
  const object = `{ ${keys.join(", ")} }`;
  const line = `runSuite(${suite}, ${object}, import.meta.url);`;
  if (line.length <= WIDTH) return [line];
  const objectLines = `  ${object},`.length <= WIDTH
    ? [`  ${object},`]
    : ["  {", ...keys.map((k) => `    ${k},`), "  },"];
  return [
    "runSuite(",
    `  ${suite},`,
    ...objectLines,
    "  import.meta.url,",
    ");",
  ];
}
