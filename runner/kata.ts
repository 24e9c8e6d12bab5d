/**
 * The kata runner, `deno task kata`: where you are, what fails, hints, reset and a late start.
 * Every status is derived from the files and from running the suites (see
 * `runner/kata_status.ts`); the only thing remembered is the last hint shown of each kata, in
 * `.cache/kata_hints.json`, which is safe to delete. Each command is a file of its own,
 * `runner/cmd_<command>.ts`; what they print of a status comes from `runner/render.ts`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError } from "../app/cli.ts";
import { hintCommand } from "./cmd_hint.ts";
import { listCommand } from "./cmd_list.ts";
import { resetCommand } from "./cmd_reset.ts";
import { startCommand } from "./cmd_start.ts";
import { solutionCommand } from "./cmd_solution.ts";
import { watchCommand } from "./cmd_watch.ts";
import { whereCommand } from "./cmd_where.ts";
import type { Context } from "./context.ts";
import { TIME_LIMIT_SECONDS } from "./kata_status.ts";
import { DENO } from "./deno_command.ts";

/** A command: what it does with the context, its arguments and `--force`. */
type Run = (ctx: Context, args: string[], force: boolean) => Promise<void>;

/** One command of `deno task kata`: the one place it is written. */
interface Command {
  /** The word that names it; none for what the runner does with no command. */
  readonly name?: string;
  /** Other words that name it (an old name), which `--help` does not list. */
  readonly aliases?: readonly string[];
  /** Its arguments as `--help` shows them (`"[NN] [LEVEL]"`); none when it takes none. */
  readonly args?: string;
  /** What it does, in `--help`. */
  readonly help: string;
  /** What it does, handed the words after its name. */
  readonly run: Run;
}

/**
 * Every command, in the order `--help` lists them: the help text, the dispatch and the
 * error for an unknown command are made from it. A command without `args` takes none.
 */
const COMMANDS: readonly Command[] = [
  {
    help: "where you are: progress, your current kata, its first failing check",
    run: whereCommand,
  },
  {
    name: "list",
    help: "every kata: done, failing or not started",
    run: listCommand,
  },
  {
    name: "watch",
    help: "rerun your current kata on every save under katas/; Ctrl-C stops",
    run: watchCommand,
  },
  {
    name: "hint",
    args: "[NN] [LEVEL]",
    help: "a hint for your current kata, or kata NN: one more each time",
    run: hintCommand,
  },
  {
    name: "reset",
    args: "NN",
    help: "make kata NN the stub again; your files are kept in backups/",
    run: resetCommand,
  },
  {
    name: "start",
    aliases: ["skip"],
    args: "NN",
    help:
      "start at kata NN: every kata before it gets the reference solution (backups kept)",
    run: startCommand,
  },
  {
    name: "solution",
    args: "NN",
    help: "the reference solution of kata NN, once it passes (or with --force)",
    run: solutionCommand,
  },
];

/** A command's line of `--help`: how it is called, then what it does. */
function helpLine({ name, args, help }: Command): string {
  const call = name === undefined
    ? "(no command)"
    : [name, args].filter(Boolean).join(" ");
  return `  ${call.padEnd(20)}${help}`;
}

/** What `deno task kata --help` prints. */
export const HELP = `Usage: ${DENO} task kata [COMMAND] [--time-limit=SECONDS]

${COMMANDS.map(helpLine).join("\n")}

NN is a kata's number or folder: 5, 05 or 05_softmax (so hint 2 is kata 02's next
hint; a level comes after the kata: hint 05 2). --time-limit stops a check that
runs longer (default ${TIME_LIMIT_SECONDS} s). With only Node: npx -y deno@2.9.6 task kata …`;

/** The words that name a command, as a sentence lists them: `"list, watch, … and solution"`. */
function commandNames(): string {
  const names = COMMANDS.flatMap(({ name }) =>
    name === undefined ? [] : [name]
  );
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The options and words of a `deno task kata` command line. */
interface Options {
  readonly force: boolean;
  readonly help: boolean;
  readonly limit: number;
  readonly positionals: string[];
}

/** Reads a command line; a {@link UsageError} for an unknown option or a bad time limit. */
function parseOptions(args: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "time-limit": { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const option = /'(-[^']*)'/.exec((e as Error).message)?.[1];
    throw new UsageError(
      option
        ? `unknown option ${option}; see ${DENO} task kata --help`
        : `${(e as Error).message}; see ${DENO} task kata --help`,
    );
  }
  const { force = false, help = false } = parsed.values;
  const positionals = parsed.positionals;
  if (help) return { force, help, limit: TIME_LIMIT_SECONDS, positionals };
  const limitText = parsed.values["time-limit"];
  const limit = limitText === undefined
    ? TIME_LIMIT_SECONDS
    : Number(limitText);
  if (!(limit > 0) || !Number.isFinite(limit)) {
    throw new UsageError(
      `--time-limit=${limitText} is not a number of seconds, e.g. --time-limit=60`,
    );
  }
  return { force, help, limit, positionals };
}

/** The command `word` names (undefined: none), or a {@link UsageError} when none is. */
function commandNamed(word: string | undefined): Command {
  const command = COMMANDS.find(({ name, aliases = [] }) =>
    name === word || (word !== undefined && aliases.includes(word))
  );
  if (command === undefined) {
    throw new UsageError(
      `no command ${word}: the commands are ${commandNames()} ` +
        `(${DENO} task kata --help)`,
    );
  }
  return command;
}

/**
 * The `deno task kata` command on the project at `root`.
 *
 * @example
 * ```ts ignore
 * await kataCommand(["hint", "05"], new URL("../", import.meta.url));
 * ```
 */
export async function kataCommand(args: string[], root: URL): Promise<void> {
  const { force, help, limit, positionals } = parseOptions(args);
  if (help) return console.log(HELP);
  const tty = Deno.stdout.isTerminal();
  const ctx: Context = {
    root,
    seed: Math.floor(Math.random() * 2 ** 31),
    limit,
    tty,
    color: tty && !Deno.noColor,
  };
  const [command, ...rest] = positionals;
  if (force && command !== "solution") {
    throw new UsageError(
      `--force goes with solution: ${DENO} task kata solution 05 --force`,
    );
  }
  // `help` is a second spelling of --help, which --help does not list.
  if (command === "help") return console.log(HELP);
  const { name, args: takes, run } = commandNamed(command);
  if (takes === undefined && rest.length) {
    throw new UsageError(
      `${name} takes no argument; see ${DENO} task kata --help`,
    );
  }
  return await run(ctx, rest, force);
}

if (import.meta.main) {
  runMain(() => kataCommand(Deno.args, new URL("../", import.meta.url)));
}
