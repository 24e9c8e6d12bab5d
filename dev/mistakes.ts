/**
 * The performance mistakes the katas teach against, as edits of the solutions, and what
 * `deno task bench --mistakes` needs to time them: a solution tree with some files replaced,
 * loaded in memory (nothing is written to disk), and a scalar training on it. Each mistake
 * changes how fast the training runs, never what it computes: `dev/mistakes_test.ts` checks
 * that every one gives the solution's losses, bit for bit.
 *
 * Run on its own, this module is the process the bench starts for one timing: it reads
 * `{ files, steps, data }` as JSON on stdin (`files`: `[path, text]` pairs that replace
 * solution files) and prints `@train-seconds S`, the time of the training alone.
 *
 * @module
 */
import { runMain } from "../app/cli.ts";
import { loadDocs } from "../app/dataset.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import type { Mutant } from "../tests/mutants/mutant.ts";
import { linearMutants } from "../tests/mutants/linear_mutants.ts";
import { valueMutants } from "../tests/mutants/value_mutants.ts";
import type { Diagnosis } from "../tests/harness/harness.ts";
import { D as LINEAR } from "../tests/suites/linear_suite.ts";
import { D as VALUE } from "../tests/suites/value_suite.ts";

/** The `solutions/` folder. */
export const SOLUTIONS = new URL("../solutions/", import.meta.url);

/** Edits of one solution file: `[find, replace]` pairs, each `find` there exactly once. */
export interface FileEdits {
  /** The file, relative to `solutions/`: `"02_value/value.ts"`. */
  readonly file: string;
  /** Applied in order, each to the text the ones before left. */
  readonly edits: readonly (readonly [string, string])[];
}

/** A performance mistake: the lesson that teaches against it, and its edits. */
export interface Mistake {
  /** The kata whose lesson warns against it: `"02"`. */
  readonly kata: string;
  /** The mistake, in the learner's words. */
  readonly name: string;
  /** Its edits, file by file. */
  readonly edits: readonly FileEdits[];
}

/** The planted mutants (`tests/mutants/`) that show `diagnosis` first. */
function mutantsFor(
  mutants: readonly Mutant[],
  diagnosis: Diagnosis,
): FileEdits[] {
  const found = mutants.filter((m) => m.expect === diagnosis);
  if (found.length === 0) {
    throw new Error(
      `no mutant in tests/mutants/ expects "${diagnosis.id}": update dev/mistakes.ts`,
    );
  }
  return found;
}

/**
 * Every performance mistake the lessons warn against, in kata order. The ones a suite
 * catches are its planted mutants; the others (the suites cannot tell them from the
 * solution: they compute the same) are written here.
 */
export const MISTAKES: readonly Mistake[] = [
  {
    kata: "02",
    name: "a plain number made a leaf node, in add, mul and div",
    edits: mutantsFor(valueMutants, VALUE.numberLeaf),
  },
  {
    kata: "03",
    name: "topoSort remembers the nodes it reached in a Set, not with marks",
    edits: [{
      file: "03_backward/backward.ts",
      edits: [
        [
          `const mark = ++sorts; // this sort's own mark: no node carries it yet`,
          `const reached = new Set<Value>();`,
        ],
        [`children[i].mark === mark`, `reached.has(children[i])`],
        [`child.mark = mark;`, `reached.add(child);`],
      ],
    }],
  },
  {
    kata: "04",
    name: "dot grows its two arrays with push instead of sizing them",
    edits: [{
      file: "04_linear/linear.ts",
      edits: [
        [`Value[] = new Array(2 * n);`, `Value[] = [];`],
        [`number[] = new Array(2 * n);`, `number[] = [];`],
        [
          `children[2 * i] = a[i];\n    children[2 * i + 1] = b[i];`,
          `children.push(a[i], b[i]);`,
        ],
        [
          `localGrads[2 * i] = b[i].data; // d/da[i] = b[i]\n    localGrads[2 * i + 1] = a[i].data; // d/db[i] = a[i]`,
          `localGrads.push(b[i].data, a[i].data);`,
        ],
      ],
    }],
  },
  {
    kata: "04",
    name: "sum as a chain of add nodes",
    edits: mutantsFor(linearMutants, LINEAR.sumChained),
  },
  {
    kata: "04",
    name: "linear from mul and sum: a node per product",
    edits: mutantsFor(linearMutants, LINEAR.linearNotDot),
  },
  {
    kata: "04",
    name:
      "microgpt's graph: dot from mul and sum, sum a chain of adds (linear, attention)",
    edits: [
      ...mutantsFor(linearMutants, LINEAR.dotNotOneNode),
      ...mutantsFor(linearMutants, LINEAR.sumChained),
    ],
  },
  {
    kata: "09",
    name: "Adam's bias corrections computed again for every parameter",
    edits: [{
      file: "09_adam/adam.ts",
      edits: [
        [`m[i] / correction1`, `m[i] / (1 - beta1 ** (step + 1))`],
        [`v[i] / correction2`, `v[i] / (1 - beta2 ** (step + 1))`],
      ],
    }],
  },
];

/**
 * The solution files `edits` change, with their edits applied (path → text), read with
 * `read`; throws when a `find` is not in its file exactly once.
 *
 * @example
 * ```ts
 * const read = (path: string) => Deno.readTextFile(new URL(path, SOLUTIONS));
 * const files = await editedFiles(MISTAKES[0].edits, read);
 * [...files.keys()]; // ["02_value/value.ts"]
 * ```
 */
export async function editedFiles(
  edits: readonly FileEdits[],
  read: (path: string) => Promise<string>,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const { file, edits: pairs } of edits) {
    let text = files.get(file) ?? await read(file);
    for (const [find, replace] of pairs) {
      const n = text.split(find).length - 1;
      if (n !== 1) {
        throw new Error(
          `a mistake's text to replace occurs ${n} times in solutions/${file}: update dev/mistakes.ts to the solution`,
        );
      }
      text = text.replace(find, () => replace);
    }
    files.set(file, text);
  }
  return files;
}

/** The relative specifier of each top-level `import … from "./x"` (not those in comments). */
const IMPORT = /^(import\b[^;]*?\bfrom\s*)(["'])(\.\.?\/[^"']+)\2/gm;

/**
 * Imports `path` (inside `solutions/`) from a tree of the solutions in which the files in
 * `replaced` (path → text) take the place of theirs. Every solution module it reaches is
 * loaded anew from a `blob:` URL, replaced or not, so a replaced file is the one its
 * importers see, and a tree with nothing replaced loads the same way; `lib/` is imported
 * from disk. Needs read access to `solutions/` and `lib/`.
 *
 * @example
 * ```ts
 * const train = await importTree("11_train/train.ts", new Map());
 * ```
 */
export async function importTree(
  path: string,
  replaced: ReadonlyMap<string, string>,
): Promise<unknown> {
  const urls = new Map<string, Promise<string>>();
  const blob = (path: string): Promise<string> => {
    const cached = urls.get(path);
    if (cached) return cached;
    const url = blobOf(path, replaced, blob);
    urls.set(path, url);
    return url;
  };
  return await import(await blob(path));
}

/** The `blob:` URL of `path`'s module, its imports inside `solutions/` made by `blob`. */
async function blobOf(
  path: string,
  replaced: ReadonlyMap<string, string>,
  blob: (path: string) => Promise<string>,
): Promise<string> {
  const url = new URL(path, SOLUTIONS);
  const text = replaced.get(path) ?? await Deno.readTextFile(url);
  const specs = new Map<string, string>();
  for (const [, , , spec] of text.matchAll(IMPORT)) {
    const target = new URL(spec, url);
    const inside = target.href.startsWith(SOLUTIONS.href);
    specs.set(
      spec,
      inside
        ? await blob(target.href.slice(SOLUTIONS.href.length))
        : target.href,
    );
  }
  const source = text.replace(
    IMPORT,
    (_, from: string, q: string, spec: string) =>
      `${from}${q}${specs.get(spec)}${q}`,
  );
  return URL.createObjectURL(
    new Blob([source], { type: "application/typescript" }),
  );
}

/**
 * Trains kata 11's `train` module for `steps` steps (microgpt's settings otherwise) on
 * `docs`, and returns the seconds the training took, its setup left out.
 *
 * @example
 * ```ts
 * import * as train from "../solutions/11_train/train.ts";
 * timeTraining(train, ["emma", "ava"], 10); // the seconds the 10 steps took
 * ```
 */
export function timeTraining(
  train: typeof TrainModule,
  docs: readonly string[],
  steps: number,
): number {
  const run = train.setup(docs, { ...train.MICROGPT_TRAIN, numSteps: steps });
  const started = performance.now();
  for (let step = 0; step < steps; step++) train.trainStep(run, step);
  return (performance.now() - started) / 1000;
}

/** What the bench sends a timing process on stdin. */
export interface TimingRequest {
  /** Solution files replaced: `[path, text]`. */
  readonly files: readonly (readonly [string, string])[];
  /** How many training steps. */
  readonly steps: number;
  /** The dataset file. */
  readonly data: string;
}

/** The line a timing process prints, for {@linkcode parseTrainSeconds}. */
export const formatTrainSeconds = (seconds: number): string =>
  `@train-seconds ${seconds}`;

/**
 * The seconds in a timing process's output, or `undefined` when it has no such line.
 *
 * @example
 * ```ts
 * parseTrainSeconds("@train-seconds 0.5\n"); // 0.5
 * ```
 */
export function parseTrainSeconds(stdout: string): number | undefined {
  const s = /^@train-seconds (\S+)$/m.exec(stdout)?.[1];
  return s === undefined ? undefined : Number(s);
}

async function timeRequest(): Promise<void> {
  const request: TimingRequest = JSON.parse(
    await new Response(Deno.stdin.readable).text(),
  );
  const train = await importTree("11_train/train.ts", new Map(request.files));
  const docs = await loadDocs(request.data);
  const seconds = timeTraining(
    train as typeof TrainModule,
    docs,
    request.steps,
  );
  console.log(formatTrainSeconds(seconds));
}

if (import.meta.main) {
  await runMain(timeRequest);
}
