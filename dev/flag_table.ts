/**
 * The top README's table of `deno task run`'s flags, made from the one place a flag is
 * written, `FLAGS` in `app/run_options.ts`: each flag as `--help` shows it, in one row.
 *
 * @module
 */
import { ENGINES } from "../app/engines.ts";
import {
  flagHelp,
  FLAGS,
  type FlagSpec,
  type OptionFlag,
} from "../app/run_options.ts";
import { wrap } from "../runner/kata_lesson.ts";
import { markdownTable } from "./markdown.ts";

/** Every flag that sets an option of the run (all but `--help`), in the order of `--help`. */
function optionFlags(): OptionFlag[] {
  return Object.keys(FLAGS).filter((f): f is OptionFlag => f !== "help");
}

/** A flag named in help text (`--engine` with an engine's name after it), or a path. */
const CODE = new RegExp(
  `--[a-z][a-z-]*(?: (?:${ENGINES.join("|")})\\b)?|[\\w.-]+/[\\w./-]*`,
  "g",
);

/**
 * Help text as markdown: the flags it names and the paths (a word with a `/`) as code.
 *
 * @example
 * ```ts
 * asMarkdown("with --engine fast, must divide --n-embd, see data/names.txt");
 * // "with `--engine fast`, must divide `--n-embd`, see `data/names.txt`"
 * ```
 */
export function asMarkdown(text: string): string {
  return text.replace(CODE, (m) => `\`${m}\``);
}

/** `["a", "b", "c"]` as `"a, b and c"`. */
function sentence(items: readonly string[]): string {
  return items.length < 2
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * The README's table of the flags (a row per flag, its `--help` lines joined), and the
 * flags `--load` takes: those that do not set up the training.
 *
 * @example
 * ```ts
 * flagTable().split("\n")[2];
 * // "| `--data FILE`     | one document per line (default: `data/names.txt` when present, …"
 * ```
 */
export function flagTable(): string {
  const flags = optionFlags();
  const table = markdownTable(
    ["flag", "what it does"],
    flags.map((flag) => {
      const { usage, lines } = flagHelp(flag);
      return [`\`${usage}\``, asMarkdown(lines.join(" "))];
    }),
  );
  const sampling = flags.filter((f) =>
    f !== "load" && !(FLAGS[f] as FlagSpec<unknown>).training
  );
  const load = `With \`--load\`, only ${
    sentence(sampling.map((f) => `\`--${f}\``))
  } may be given: the other flags set up the training.`;
  return `${table}\n\n${wrap(load, 80)}`;
}
