/**
 * How much memory a training run of each engine needs for its sizes, and whether this
 * machine can give it: so that `deno task run --engine scalar --n-embd 1024` is refused
 * before training with one line, instead of dying a minute later with V8's "Fatal JavaScript
 * out of memory".
 *
 * The estimate counts what one training step holds at its peak, as formulas of the sizes:
 * the scalar engine's `Value` graph of one document of `blockSize` tokens (its nodes, and
 * their links to their children: a `children` entry and a `localGrads` entry each), and the
 * fast engine's `Float64Array`s (weights, gradients, Adam's two moments and the tape of every
 * position). The bytes per node, per link and per number are measured, not guessed:
 * `deno task bench --memory` measures the peak memory of short trainings at several sizes
 * and prints it beside the estimate.
 *
 * What the process can get: V8's heap limit bounds JavaScript objects (every `Value`, and
 * the fast engine's array objects); the `Float64Array`s' numbers live outside that heap,
 * bounded by the machine's memory.
 *
 * @module
 */
import v8 from "node:v8";
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { UsageError } from "./cli.ts";
import type { EngineName } from "./engines.ts";

/** The sizes of a model the estimate depends on (kata 08's `GptConfig`). */
export interface ModelSizes {
  /** Width of the model. */
  readonly nEmbd: number;
  /** Attention heads. */
  readonly nHead: number;
  /** Transformer layers. */
  readonly nLayer: number;
  /** Positions the model sees. */
  readonly blockSize: number;
  /** Tokens in the vocabulary; makemore's names' 27 when not known yet. */
  readonly vocabSize?: number;
}

/** The vocabulary assumed before the dataset is read: makemore's 26 letters and BOS. */
export const NAMES_VOCAB = 27;

/**
 * Bytes per unit, measured. The scalar engine's are of its live objects on V8's heap (what
 * the heap limit bounds: `Deno.memoryUsage().heapUsed` after a collection, around building
 * one step's graph); its peak resident memory is higher by the collector's room, less so
 * near the limit. The fast engine's are fitted to the peak resident memory that
 * `deno task bench:memory` measures.
 */
export const BYTES = {
  /** A Deno process that has loaded the engine, before the model. */
  base: 48 * 2 ** 20,
  /** One link of the scalar graph: a child's pointer and its local gradient, 8 bytes each. */
  link: 17,
  /** One `Value` of the scalar graph, apart from its links. */
  node: 160,
  /** One weight of the scalar engine: its `Value`, Adam's moments, its row's slot. */
  param: 180,
  /** One number of the fast engine's `Float64Array`s. */
  number: 8,
  /** One `Float64Array` object of the fast engine, on V8's heap. */
  array: 200,
} as const;

/** What a run of one engine needs: in all, and of it on V8's heap. */
export interface Estimate {
  /** The bytes the run's process needs at its peak. */
  readonly bytes: number;
  /** Of them, the bytes of JavaScript objects, which V8's heap limit bounds. */
  readonly heapBytes: number;
  /** What the bytes are, for the message: "the Value graph of one step: 403M links". */
  readonly what: string;
}

/** The weights of a model of `sizes` (kata 08's state dict). */
export function paramCount(sizes: ModelSizes): number {
  const { nEmbd: e, nLayer, blockSize } = sizes;
  const v = sizes.vocabSize ?? NAMES_VOCAB;
  return 2 * v * e + blockSize * e + nLayer * 12 * e * e;
}

/**
 * The nodes and links of the scalar engine's graph of one document of `blockSize` tokens:
 * per position p (p + 1 keys cached), per layer, the linears' 24·nEmbd² links, attention's
 * ≈ 4·nEmbd·(p + 1), the rest linear in nEmbd; then the head's 2·vocab·nEmbd.
 */
export function graphCounts(
  sizes: ModelSizes,
): { nodes: number; links: number } {
  const { nEmbd: e, nHead: h, nLayer, blockSize } = sizes;
  const v = sizes.vocabSize ?? NAMES_VOCAB;
  const positions = blockSize * (blockSize + 1) / 2; // Σ (p + 1): attention's reach
  const perLayer = {
    nodes: blockSize * (20 * e + 8 + h) + 6 * h * positions,
    links: blockSize * (24 * e * e + 18 * e + 6) + (4 * e + 7 * h) * positions,
  };
  const perPosition = {
    nodes: 3 * e + 4 + v + 4 * v + 3,
    links: 7 * e + 3 + 2 * v * e + 6 * v + 2,
  };
  return {
    nodes: nLayer * perLayer.nodes + blockSize * perPosition.nodes,
    links: nLayer * perLayer.links + blockSize * perPosition.links + blockSize,
  };
}

/**
 * The fast engine's `Float64Array`s: how many, and how many numbers in all: weights,
 * gradients and Adam's moments (4 per weight), and a tape per position (per layer 18·nEmbd
 * and the heads' attention weights over p + 1 positions; the logits and probabilities).
 */
export function fastCounts(
  sizes: ModelSizes,
): { arrays: number; numbers: number } {
  const { nEmbd: e, nHead: h, nLayer, blockSize: b } = sizes;
  const v = sizes.vocabSize ?? NAMES_VOCAB;
  const positions = b * (b + 1) / 2;
  return {
    arrays: 4 + b * (nLayer * (13 + h) + 4) + 2 * b + 10,
    numbers: 4 * paramCount(sizes) + b * (nLayer * 18 * e + 2 * e + 2 * v) +
      nLayer * h * positions + 2 * positions + 12 * e + 2 * v,
  };
}

/**
 * The memory a training run of `engine` needs for `sizes`, at its peak (one step).
 *
 * @example
 * ```ts
 * const sizes = { nEmbd: 1024, nHead: 4, nLayer: 1, blockSize: 16 };
 * estimateMemory("scalar", sizes).bytes > 2 ** 34; // true: over 16 GiB
 * ```
 */
export function estimateMemory(
  engine: EngineName,
  sizes: ModelSizes,
): Estimate {
  if (engine === "scalar") {
    const { nodes, links } = graphCounts(sizes);
    const params = paramCount(sizes);
    const heapBytes = BYTES.link * links + BYTES.node * nodes +
      BYTES.param * params;
    return {
      bytes: BYTES.base + heapBytes,
      heapBytes,
      what: `the Value graph of one step: ${count(nodes)} nodes, ${
        count(links)
      } links, and ${count(params)} weights`,
    };
  }
  const { arrays, numbers } = fastCounts(sizes);
  const heapBytes = BYTES.array * arrays;
  return {
    bytes: BYTES.base + heapBytes + BYTES.number * numbers,
    heapBytes,
    what: `${count(numbers)} numbers in ${
      count(arrays)
    } Float64Arrays: weights, gradients, Adam's moments, activations`,
  };
}

/** What a Deno process can get: V8's heap, and the machine's memory. */
export interface MemoryLimits {
  /** V8's heap limit, in bytes: it bounds JavaScript objects. */
  readonly heap: number;
  /** The machine's memory, in bytes: it bounds everything. */
  readonly machine: number;
}

/**
 * The share of V8's heap limit a run may count on. V8 gives up ("ineffective mark-compacts
 * near heap limit", a fatal error) before the live heap reaches its limit, and the scalar
 * estimate of the live heap is up to about a tenth low (`deno task bench:memory`): a model
 * estimated at 99.8% of the limit died so, one at 91% trained, at a crawl.
 */
export const HEAP_SHARE = 0.8;

/**
 * This process's limits: the share {@linkcode HEAP_SHARE} of V8's heap limit (the training
 * process, started with the same flags, has the same) and the machine's total memory
 * (`--allow-sys=systemMemoryInfo`).
 */
export function memoryLimits(): MemoryLimits {
  return {
    heap: HEAP_SHARE * v8.getHeapStatistics().heap_size_limit,
    machine: Deno.systemMemoryInfo().total,
  };
}

/**
 * Why a run of `engine` with `sizes` cannot fit in `limits`, as one line, or undefined when
 * it fits. `subject` names the run: by default its flags, `--engine` and the sizes that
 * differ from microgpt's; `instead` says what to do: by default, another engine or smaller
 * sizes.
 *
 * @example
 * ```ts
 * const sizes = { nEmbd: 1024, nHead: 4, nLayer: 1, blockSize: 16 };
 * memoryProblem("scalar", sizes, { heap: 2 ** 32, machine: 2 ** 34 }, "--n-embd 1024");
 * // "--engine scalar --n-embd 1024 needs about … GiB (the Value graph of one step: …); …"
 * ```
 */
export function memoryProblem(
  engine: EngineName,
  sizes: ModelSizes,
  limits: MemoryLimits,
  subject = `--engine ${engine}${sizeFlags(sizes) && ` ${sizeFlags(sizes)}`}`,
  instead = `use ${
    engine === "scalar" ? "--engine fast, or " : ""
  }a smaller --n-embd/--n-layer/--block-size`,
): string | undefined {
  const estimate = estimateMemory(engine, sizes);
  const heap = estimate.heapBytes / limits.heap;
  const machine = estimate.bytes / limits.machine;
  if (heap <= 1 && machine <= 1) return undefined;
  // The limit the run is furthest over.
  const overHeap = heap >= machine;
  const [limit, gives] = overHeap
    ? [limits.heap, "gives a Deno process"]
    : [limits.machine, "has"];
  return `${subject} needs about ${
    gib(overHeap ? estimate.heapBytes : estimate.bytes)
  } (${estimate.what}); this machine ${gives} about ${gib(limit)} — ${instead}`;
}

/**
 * Throws a {@linkcode UsageError} (one line, exit code 2) when a run of `engine` with
 * `sizes` needs more memory than this process can get (see {@linkcode memoryProblem}, and
 * its `subject`). Needs `--allow-sys=systemMemoryInfo`.
 *
 * @example
 * ```ts
 * checkMemory("fast", { nEmbd: 16, nHead: 4, nLayer: 1, blockSize: 16 }); // fits
 * const config = { nEmbd: 1024, nHead: 4, nLayer: 1, blockSize: 16 };
 * // A checkpoint's loader: "the model in m.json (--n-embd 1024), with --engine scalar, needs …"
 * checkMemory("scalar", config, `the model in m.json (${sizeFlags(config)}), with --engine scalar,`);
 * ```
 */
export function checkMemory(
  engine: EngineName,
  sizes: ModelSizes,
  subject?: string,
  limits: MemoryLimits = memoryLimits(),
): void {
  const problem = memoryProblem(engine, sizes, limits, subject);
  if (problem !== undefined) throw new UsageError(problem);
}

/** The flags of the sizes, in `--help`'s order. */
const SIZE_FLAGS = [
  ["nEmbd", "n-embd"],
  ["nHead", "n-head"],
  ["nLayer", "n-layer"],
  ["blockSize", "block-size"],
] as const;

/**
 * The flags that set `sizes`, those that differ from microgpt's.
 *
 * @example
 * ```ts
 * sizeFlags({ nEmbd: 1024, nHead: 4, nLayer: 2, blockSize: 16 }); // "--n-embd 1024 --n-layer 2"
 * ```
 */
export function sizeFlags(sizes: ModelSizes): string {
  return SIZE_FLAGS.filter(([key]) => sizes[key] !== MICROGPT_TRAIN[key])
    .map(([key, flag]) => `--${flag} ${sizes[key]}`).join(" ");
}

/** A count, short: 403M, 12.6M, 4,192. */
function count(n: number): string {
  if (n < 1e4) return Math.round(n).toLocaleString("en-US");
  if (n < 1e6) return `${Math.round(n / 1e3)}K`;
  if (n < 1e9) return `${Number((n / 1e6).toPrecision(3))}M`;
  return `${Number((n / 1e9).toPrecision(3))}G`;
}

/** Bytes in GiB, to one decimal under 100 (so that a need just over a limit shows). */
function gib(bytes: number): string {
  const g = bytes / 2 ** 30;
  return `${g < 100 ? g.toFixed(1) : Math.round(g)} GiB`;
}
