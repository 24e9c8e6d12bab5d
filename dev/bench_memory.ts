/**
 * `deno task bench:memory`: the peak memory of short trainings (2 steps, no samples) at
 * several sizes of each engine, measured by GNU time, beside what `app/memory.ts` estimates,
 * and their ratio: the measurements the fast engine's bytes per number and per array are
 * fitted to, and the check that they still hold. The scalar engine's estimate is of its live
 * objects, which V8's heap limit bounds: its peak resident memory is higher by the
 * collector's room (a ratio under 1), less so as the graph nears the limit: a second table
 * compares it with the live heap itself (`dev/memory_live.ts`). The documents are longer
 * than the largest scalar block (`dev/testdata/long_names.txt`), so every step sees `--block-size`
 * positions, as the estimate assumes (the fast engine's tape is a whole block anyway).
 *
 * @module
 */
import { runMain, UserError } from "../app/cli.ts";
import type { EngineName } from "../app/engines.ts";
import {
  BYTES,
  estimateMemory,
  graphCounts,
  type ModelSizes,
  paramCount,
} from "../app/memory.ts";
import { hasGnuTime, timed } from "./bench.ts";

/** One measured size: the engine and the model's sizes. */
export interface MemoryCase extends ModelSizes {
  /** The engine. */
  readonly engine: EngineName;
}

const at = (
  engine: EngineName,
  nEmbd: number,
  nLayer = 1,
  blockSize = 16,
  nHead = 4,
): MemoryCase => ({ engine, nEmbd, nLayer, blockSize, nHead });

/** The sizes measured: each engine's width, depth and block grown in turn. */
export const MEMORY_CASES: readonly MemoryCase[] = [
  at("scalar", 16),
  at("scalar", 64),
  at("scalar", 128),
  at("scalar", 256),
  at("scalar", 512), // near V8's heap limit: the collector leaves less room
  at("scalar", 64, 4),
  at("scalar", 64, 1, 64),
  at("scalar", 32, 1, 256),
  at("fast", 16),
  at("fast", 128),
  at("fast", 512, 4),
  at("fast", 1024, 8),
  at("fast", 64, 1, 1024),
  at("fast", 64, 4, 2048, 64),
];

/** The dataset of the measured runs: two documents longer than any case's block. */
export const LONG_NAMES = "dev/testdata/long_names.txt";

/** The flags of `deno task run` that train `c` for 2 steps and print nothing. */
export function caseArgs(c: MemoryCase): string[] {
  return [
    "task",
    "-q",
    "run",
    ...["--engine", c.engine, "--data", LONG_NAMES, "--lr", "0.0001"],
    ...["--n-embd", c.nEmbd, "--n-layer", c.nLayer].map(String),
    ...["--block-size", c.blockSize, "--n-head", c.nHead].map(String),
    ...["--steps", "2", "--samples", "0", "--quiet"],
  ];
}

/**
 * The table's row for `c`: its sizes, the estimate and the measured peak (MB), and the
 * ratio of the estimate to the measure.
 *
 * @example
 * ```ts
 * memoryRow(MEMORY_CASES[0], 70);
 * // "scalar     16      1     16      4        53 MB        70 MB   0.75"
 * ```
 */
export function memoryRow(c: MemoryCase, measured: number): string {
  const estimate = estimateMemory(c.engine, c).bytes / 2 ** 20;
  return [
    c.engine.padEnd(6),
    ...[c.nEmbd, c.nLayer, c.blockSize, c.nHead].map((n) =>
      String(n).padStart(6)
    ),
    `${estimate.toFixed(0)} MB`.padStart(12),
    `${measured.toFixed(0)} MB`.padStart(12),
    (estimate / measured).toFixed(2).padStart(6),
  ].join(" ");
}

/**
 * The table's row for a scalar case `c`, from what `dev/memory_live.ts` measured of its
 * live heap (bytes): the weights' and the graph's, each estimated, measured and their ratio.
 *
 * @example
 * ```ts
 * liveRow(MEMORY_CASES[1], { weights: 9565328, graph: 32036800 });
 * // "scalar     64      1     16      4     9.2 MB     9.1 MB   1.01    32.0 MB    30.6 MB   1.05"
 * ```
 */
export function liveRow(
  c: MemoryCase,
  live: { weights: number; graph: number },
): string {
  const { nodes, links } = graphCounts(c);
  const weights = BYTES.param * paramCount(c);
  const graph = BYTES.link * links + BYTES.node * nodes;
  const mb = (bytes: number) =>
    `${(bytes / 2 ** 20).toFixed(1)} MB`.padStart(10);
  return [
    c.engine.padEnd(6),
    ...[c.nEmbd, c.nLayer, c.blockSize, c.nHead].map((n) =>
      String(n).padStart(6)
    ),
    mb(weights),
    mb(live.weights),
    (weights / live.weights).toFixed(2).padStart(6),
    mb(graph),
    mb(live.graph),
    (graph / live.graph).toFixed(2).padStart(6),
  ].join(" ");
}

/** The live heap of a scalar case's weights and graph, measured by `dev/memory_live.ts`. */
async function liveHeap(
  c: MemoryCase,
): Promise<{ weights: number; graph: number }> {
  const { stdout } = await timed([
    "run",
    "--v8-flags=--expose-gc",
    "--allow-read=dev/testdata",
    "dev/memory_live.ts",
    JSON.stringify(c),
    LONG_NAMES,
  ], false);
  return JSON.parse(stdout);
}

async function main(): Promise<void> {
  if (!await hasGnuTime()) {
    throw new UserError(
      "no /usr/bin/time here to measure peak memory — install GNU time (apt-get install time)",
    );
  }
  console.log(
    "deno task run, 2 steps: peak memory of the largest process, and app/memory.ts's estimate",
  );
  console.log(
    "engine n-embd n-layer block n-head    estimate    measured  ratio",
  );
  for (const c of MEMORY_CASES) {
    const { megabytes } = await timed(caseArgs(c), true);
    console.log(memoryRow(c, megabytes ?? NaN));
  }
  console.log(
    "\nscalar engine, live heap after a full collection: the weights, and one step's graph",
  );
  console.log(
    "engine n-embd n-layer block n-head   weights   measured  ratio      graph   measured  ratio",
  );
  for (const c of MEMORY_CASES.filter((c) => c.engine === "scalar")) {
    console.log(liveRow(c, await liveHeap(c)));
  }
}

if (import.meta.main) await runMain(main);
