/**
 * The house rules that `deno lint` checks on every file (a lint plugin, named in deno.json):
 *
 * - `house/layers`: imports flow one way. A module imports only from its own folder and the
 *   folders below it: lib ← course ← solutions, katas ← app ← runner ← tests, dev. Inside
 *   tests/: harness ← suites ← mutants ← meta. solutions/ and katas/ never import each other.
 *   A `*_test.ts` or `*_bench.ts` file may also import tests/ (a kata's thin test file hands
 *   its modules to its suite). Below tests/ and dev/, an `import()` whose path is computed
 *   cannot be checked, so it is reported: name the module as a string, or say why not in a
 *   `deno-lint-ignore` comment. Running a command is not importing: the runner and `--mine`
 *   start `deno test` on a kata's test file, which loads tests/ in a process of its own.
 * - `house/function-length`: a function fits on a screen: at most 80 lines, 150 in tests/.
 *
 * @module
 */

/** Folders of one layer that may not import each other. */
const APART: readonly string[] = ["solutions", "katas"];

/** The folders in order: a module may import its own layer and the layers before it. */
const LAYERS: readonly (readonly string[])[] = [
  ["lib"],
  ["course"],
  ["solutions", "katas"],
  ["app"],
  ["runner"],
  ["tests/harness"],
  ["tests/suites"],
  ["tests/mutants"],
  ["tests/meta", "tests", "dev"],
];

/** The most lines a function may take: in code, and in tests (tests/ and `*_test.ts`). */
export const MAX_LINES = { code: 80, tests: 150 } as const;

/** The project folder of a path relative to the root, `"tests/suites"` or `"app"`. */
export function folderOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts.length < 2) return undefined;
  if (parts[0] === "tests" && parts.length > 2) {
    return `tests/${parts[1]}`;
  }
  return parts[0];
}

/** The layer of tests/meta, tests and dev, which may import every other. */
const TOP = LAYERS.length - 1;

function layer(folder: string | undefined): number {
  if (folder === undefined) return -1;
  return LAYERS.findIndex((names) => names.includes(folder));
}

/**
 * Why the module at `from` may not import the module at `to` (both relative to the project
 * root), or `undefined` when it may.
 *
 * @example
 * ```ts
 * layerProblem("lib/random.ts", "app/cli.ts");
 * // "lib/ may not import app/: imports flow one way (lib ← course ← …)"
 * layerProblem("app/run.ts", "lib/random.ts"); // undefined
 * ```
 */
export function layerProblem(from: string, to: string): string | undefined {
  const source = folderOf(from);
  const target = folderOf(to);
  const a = layer(source);
  const b = layer(target);
  if (
    a === b && source !== target && APART.includes(source!) &&
    APART.includes(target!)
  ) {
    return `${source}/ may not import ${target}/: they are two copies of the course`;
  }
  if (a < 0 || b < 0 || b <= a) return undefined;
  if (/_(test|bench)\.ts$/.test(from) && target?.startsWith("tests")) {
    return undefined;
  }
  const order = LAYERS.map((names) => names.join(", ")).join(" ← ");
  return `${source}/ may not import ${target}/: imports flow one way (${order})`;
}

/** The path of `file` relative to the project root (this file's parent folder). */
function relative(file: string): string | undefined {
  const root = new URL("../", import.meta.url).pathname;
  return file.startsWith(root) ? file.slice(root.length) : undefined;
}

/** Joins a relative import specifier to the folder of `from`, both relative to the root. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
    return undefined;
  }
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part !== ".") {
      parts.push(part);
    }
  }
  return parts.join("/");
}

/** The plugin: its rules, `house/layers` and `house/function-length`. */
const plugin: Deno.lint.Plugin = {
  name: "house",
  rules: {
    layers: {
      create(context) {
        const from = relative(context.filename);
        const check = (node: Deno.lint.Node, source: unknown) => {
          if (from === undefined || typeof source !== "string") return;
          const to = resolve(from, source);
          const problem = to === undefined ? undefined : layerProblem(from, to);
          if (problem) context.report({ node, message: problem });
        };
        return {
          ImportDeclaration: (n) => check(n, n.source.value),
          ExportAllDeclaration: (n) => check(n, n.source.value),
          ExportNamedDeclaration: (n) => check(n, n.source?.value),
          ImportExpression: (n) => {
            if (n.source.type === "Literal") return check(n, n.source.value);
            if (from !== undefined && layer(folderOf(from)) < TOP) {
              context.report({
                node: n,
                message:
                  "an import() of a computed path cannot be checked against the layers: name the module as a string",
              });
            }
          },
        };
      },
    },
    "function-length": {
      create(context) {
        const path = relative(context.filename) ?? "";
        const max = path.startsWith("tests/")
          ? MAX_LINES.tests
          : MAX_LINES.code;
        const check = (node: Deno.lint.Node) => {
          const [start, end] = node.range;
          const lines = context.sourceCode.text.slice(start, end).split("\n")
            .length;
          if (lines > max) {
            context.report({
              node,
              message:
                `this function is ${lines} lines long, over ${max}: split it into functions that each do one job`,
            });
          }
        };
        return {
          FunctionDeclaration: check,
          FunctionExpression: check,
          ArrowFunctionExpression: check,
        };
      },
    },
  },
};

export default plugin;
