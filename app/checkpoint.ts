/**
 * Checkpoints of a training run, in the safetensors format: an 8-byte little-endian length
 * N, N bytes of JSON header (padded with spaces so the data starts 8-byte aligned), then the
 * tensors' raw bytes, one after the other. Each tensor is F64 (so a restored run samples, bit
 * for bit, the names the saved run printed): every weight by microgpt's matrix names (`wte`,
 * `wpe`, `lm_head`, `layer0.attn_wq`, …, shape [rows, cols]), then Adam's moments as two
 * vectors of one number per weight, in `params` order: `adam.m` and `adam.v`. The header's
 * `__metadata__` (strings only, as safetensors wants) holds the format and version, the
 * settings, the vocabulary and the generator's state as JSON texts, and the step.
 *
 * Loading checks the header against the file and against the settings it names (bounded as
 * `deno task run`'s flags are) before it allocates the model or reads any weight.
 *
 * @module
 */
import { osReason, UserError } from "./cli.ts";
import type { Engine, EngineName, RunParts, TrainConfig } from "./engines.ts";
import { memoryLimits, memoryProblem, sizeFlags } from "./memory.ts";
import { FLAGS } from "./run_options.ts";
import { Random, type RandomState } from "../lib/random.ts";
import { shapes } from "../solutions/12_efficiency/engine.ts";

/** What a checkpoint's `__metadata__` says, parsed. */
export interface Checkpoint {
  /** The run's settings. */
  readonly config: TrainConfig;
  /** How many steps were taken. */
  readonly step: number;
  /** The vocabulary: the characters, sorted by code point (BOS is one past the last). */
  readonly uchars: readonly string[];
  /** The generator, as training left it. */
  readonly rng: RandomState;
}

/** The `format` of every checkpoint's `__metadata__`. */
export const FORMAT = "microgpt-katas checkpoint";

/**
 * Whether `head`, the first bytes of a file, are of a checkpoint of this project's: a
 * safetensors header that names {@linkcode FORMAT}. Such a file is one `--save` may replace.
 *
 * @example
 * ```ts
 * isCheckpoint(new TextEncoder().encode("{}")); // false
 * ```
 */
export function isCheckpoint(head: Uint8Array): boolean {
  return new TextDecoder().decode(head.subarray(8)).includes(
    `"format":"${FORMAT}"`,
  );
}

/** The `version` of the checkpoints this code writes and reads (1 was one JSON text). */
export const VERSION = "2";

/** The longest header a checkpoint may have, in bytes (100 MiB). */
export const HEADER_LIMIT = 100 * 2 ** 20;

/** One tensor of a checkpoint: its name, its shape, and its values in row-major order. */
interface Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: (write: (x: number) => void) => void;
}

/** The tensors of `run`, in the file's order: the weights, then Adam's moments. */
function tensorsOf(run: RunParts): Tensor[] {
  const vector = (name: string, xs: RunParts["m"]): Tensor => ({
    name,
    shape: [xs.length],
    values: (write) => {
      for (let i = 0; i < xs.length; i++) write(xs[i]);
    },
  });
  return [
    ...Object.entries(run.weights).map(([name, w]): Tensor => ({
      name,
      shape: [w.rows, w.cols],
      values: (write) => {
        for (let r = 0; r < w.rows; r++) {
          for (let c = 0; c < w.cols; c++) write(w.get(r, c));
        }
      },
    })),
    vector("adam.m", run.m),
    vector("adam.v", run.v),
  ];
}

/**
 * The bytes of the checkpoint of a run (its {@linkcode RunParts}, from either engine) after
 * `step` steps, in the safetensors format.
 *
 * @example
 * ```ts
 * import * as train from "../solutions/11_train/train.ts";
 * import { scalarEngine } from "./engines.ts";
 * const engine = scalarEngine(train);
 * const run = engine.setup(["emma"], { ...train.MICROGPT_TRAIN, numSteps: 1 });
 * checkpointBytes(engine.parts(run), 0).length; // 8 + the header + 8 bytes per number
 * ```
 */
export function checkpointBytes(run: RunParts, step: number): Uint8Array {
  const tensors = tensorsOf(run);
  const header: Record<string, unknown> = {
    __metadata__: {
      format: FORMAT,
      version: VERSION,
      config: JSON.stringify(run.config),
      uchars: JSON.stringify(run.uchars),
      step: String(step),
      rng: JSON.stringify(run.rng.getState()),
    },
  };
  let end = 0;
  for (const { name, shape } of tensors) {
    const begin = end;
    end += 8 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: "F64", shape, data_offsets: [begin, end] };
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = Math.ceil(json.length / 8) * 8; // spaces pad the data to 8-byte alignment
  const bytes = new Uint8Array(8 + n + end);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(n), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const tensor of tensors) {
    tensor.values((x) => {
      view.setFloat64(at, x, true);
      at += 8;
    });
  }
  return bytes;
}

/** Throws the one-line error of an unusable checkpoint. */
function unusable(path: string, why: string): never {
  throw new UserError(
    `checkpoint ${path} cannot be used: ${why} — train again and save a new one with --save`,
  );
}

/**
 * Throws the one line of a checkpoint whose model needs more memory than a Deno process can
 * get here with `engine` (`app/memory.ts`'s estimate), before anything is allocated.
 */
function checkFits(path: string, c: Checkpoint, engine: EngineName): void {
  const sizes = { ...c.config, vocabSize: c.uchars.length + 1 };
  const flags = sizeFlags(sizes);
  const problem = memoryProblem(
    engine,
    sizes,
    memoryLimits(),
    `the model in checkpoint ${path}${
      flags && ` (${flags})`
    }, with --engine ${engine},`,
    // Its sizes are the checkpoint's: no flag changes them.
    engine === "scalar"
      ? "load it with --engine fast"
      : "load it on a machine with more memory",
  );
  if (problem !== undefined) throw new UserError(problem);
}

/**
 * Reads the checkpoint at `path` and restores its run with `engine`'s `setup` (which builds
 * the tokenizer and a model of the saved sizes), then puts back the weights, Adam's moments
 * and the generator. A missing, unreadable, cut short, corrupt or mismatched file, and an old
 * JSON checkpoint, throw a one-line {@linkcode UserError}, before the model is allocated.
 * Given `engineName`, so does a model that needs more memory than that engine can get here
 * (`app/memory.ts`; needs `--allow-sys=systemMemoryInfo`).
 *
 * @example
 * ```ts
 * import * as fast from "../solutions/12_efficiency/efficiency.ts";
 * import { fastEngine } from "./engines.ts";
 * const engine = fastEngine(fast);
 * const { run } = await loadCheckpoint("model.safetensors", engine); // needs --allow-read
 * engine.generate(run, 0.5);
 * ```
 */
export async function loadCheckpoint<Run>(
  path: string,
  engine: Engine<Run>,
  engineName?: EngineName,
): Promise<{ run: Run; checkpoint: Checkpoint }> {
  const file = await openCheckpoint(path);
  try {
    const size = (await file.stat()).size;
    const { header, dataStart } = await readHeader(path, file, size);
    const checkpoint = parseMetadata(path, header.__metadata__);
    const layout = checkLayout(path, header, checkpoint, size - dataStart);
    if (engineName !== undefined) checkFits(path, checkpoint, engineName);
    const run = engine.setup([checkpoint.uchars.join("")], checkpoint.config);
    const parts = engine.parts(run);
    const into = targets(path, parts, layout);
    for (const [i, tensor] of layout.entries()) {
      await readTensor(path, file, dataStart, tensor, into[i]);
    }
    parts.rng.setState(checkpoint.rng);
    return { run, checkpoint };
  } finally {
    file.close();
  }
}

/** The checkpoint file at `path`, open to read, or the one-line error of why it cannot be. */
async function openCheckpoint(path: string): Promise<Deno.FsFile> {
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new UserError(
        `checkpoint path is a folder: ${path} — pass the file --save wrote`,
      );
    }
    return await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `checkpoint file not found: ${path} — check the path, or make one with --save`,
      );
    }
    const reason = osReason(error);
    throw new UserError(
      reason === undefined
        ? `cannot read checkpoint ${path}: ${(error as Error).message}`
        : `cannot read checkpoint ${path}: ${reason} — check the path`,
    );
  }
}

/** Fills `bytes` from `file`'s position, or says the file was cut short. */
async function readFully(path: string, file: Deno.FsFile, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length;) {
    const got = await file.read(bytes.subarray(at));
    if (got === null) unusable(path, "it ended while being read (cut short?)");
    at += got;
  }
}

/** The JSON header of the checkpoint `file` of `size` bytes, checked, and where its data starts. */
async function readHeader(
  path: string,
  file: Deno.FsFile,
  size: number,
): Promise<{ header: Record<string, unknown>; dataStart: number }> {
  if (size < 8) {
    unusable(path, `it has ${size} bytes, fewer than a header's length takes`);
  }
  const first = new Uint8Array(8);
  await readFully(path, file, first);
  const n = new DataView(first.buffer).getBigUint64(0, true);
  if (first[0] === 0x7b && n > BigInt(size - 8)) { // "{", and no safetensors length
    unusable(
      path,
      "it is JSON, not safetensors (checkpoints before version 2 were JSON, and are no longer read)",
    );
  }
  if (n > BigInt(HEADER_LIMIT)) {
    unusable(path, `its header length ${n} is over the 100 MiB limit`);
  }
  if (n > BigInt(size - 8)) {
    unusable(
      path,
      `its header length ${n} runs past the end of its ${size} bytes (cut short?)`,
    );
  }
  const text = new Uint8Array(Number(n));
  await readFully(path, file, text);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(text));
  } catch {
    unusable(path, "its header is not valid JSON (not a safetensors file?)");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    unusable(path, "its header is not a JSON object");
  }
  return {
    header: header as Record<string, unknown>,
    dataStart: 8 + Number(n),
  };
}

/** The flags that bound each whole-number setting of a checkpoint, as they bound a run's. */
const BOUNDS = {
  seed: FLAGS.seed,
  numSteps: FLAGS.steps,
  nEmbd: FLAGS["n-embd"],
  nHead: FLAGS["n-head"],
  nLayer: FLAGS["n-layer"],
  blockSize: FLAGS["block-size"],
} as const;

/** A header's `__metadata__`, checked and parsed. */
function parseMetadata(path: string, metadata: unknown): Checkpoint {
  if (metadata === null || typeof metadata !== "object") {
    unusable(path, `its header has no __metadata__ (not a ${FORMAT}?)`);
  }
  const m = metadata as Record<string, unknown>;
  if (m.format !== FORMAT) {
    unusable(path, `it is not a ${FORMAT} (no "format": "${FORMAT}")`);
  }
  if (m.version !== VERSION) {
    unusable(path, `version ${JSON.stringify(m.version)} is not "${VERSION}"`);
  }
  const field = (key: string): unknown => {
    try {
      if (typeof m[key] === "string") return JSON.parse(m[key] as string);
    } catch { /* said below */ }
    unusable(path, `__metadata__.${key} is not a JSON text`);
  };
  const config = field("config") as TrainConfig;
  checkConfig(path, config);
  const uchars = field("uchars");
  if (
    !Array.isArray(uchars) || uchars.length === 0 ||
    uchars.some((ch, i) =>
      typeof ch !== "string" || [...ch].length !== 1 ||
      (i > 0 && ch.codePointAt(0)! <= uchars[i - 1].codePointAt(0)!)
    )
  ) {
    unusable(path, "uchars is not a sorted list of distinct characters");
  }
  if (uchars.some((ch) => ch === "\n" || ch === "\r")) {
    // A dataset's line holds neither: a name sampled from it would break the output's lines.
    unusable(path, "uchars holds a line break, which no dataset line holds");
  }
  const step = /^\d+$/.test(String(m.step)) ? Number(m.step) : NaN;
  if (!(step <= config.numSteps)) {
    unusable(
      path,
      `step is ${JSON.stringify(m.step)}, not 0..${config.numSteps}`,
    );
  }
  const rng = field("rng") as RandomState;
  try {
    new Random().setState(rng);
  } catch {
    unusable(path, "rng is not a generator state");
  }
  return { config, step, uchars, rng };
}

/** Checks a checkpoint's settings against the bounds of `deno task run`'s flags. */
function checkConfig(path: string, config: TrainConfig): void {
  if (config === null || typeof config !== "object") {
    unusable(path, "__metadata__.config is not an object");
  }
  for (const [key, { min, max }] of Object.entries(BOUNDS)) {
    const x = config[key as keyof typeof BOUNDS];
    if (!Number.isSafeInteger(x) || x < min || x > max) {
      unusable(
        path,
        `config.${key} is ${
          JSON.stringify(x)
        }, not a whole number from ${min} to ${max}`,
      );
    }
  }
  for (const key of ["lr", "beta1", "beta2", "eps"] as const) {
    if (!Number.isFinite(config[key])) {
      unusable(
        path,
        `config.${key} is ${JSON.stringify(config[key])}, not a number`,
      );
    }
  }
  if (config.nEmbd % config.nHead !== 0) {
    unusable(
      path,
      `config.nHead ${config.nHead} does not divide nEmbd ${config.nEmbd}`,
    );
  }
}

/** Where a tensor's bytes are in the data, and its shape. */
interface Placed {
  readonly name: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * The tensors the header must hold for checkpoint `c`'s settings and vocabulary, each found
 * with dtype F64, that shape, and offsets inside the `dataBytes` bytes of data; together they
 * cover the data exactly, one after the other.
 */
function checkLayout(
  path: string,
  header: Record<string, unknown>,
  c: Checkpoint,
  dataBytes: number,
): Placed[] {
  const made = `as its config and ${c.uchars.length} characters make it`;
  const weights = shapes({ ...c.config, vocabSize: c.uchars.length + 1 });
  const numParams = weights.reduce((sum, [, r, k]) => sum + r * k, 0);
  const expected: [string, number[]][] = [
    ...weights.map(([name, r, k]): [string, number[]] => [name, [r, k]]),
    ["adam.m", [numParams]],
    ["adam.v", [numParams]],
  ];
  const placed = expected.map(([name, shape]): Placed => {
    const entry = header[name] as Record<string, unknown> | undefined;
    if (entry === undefined) {
      unusable(path, `it has no tensor ${name}, ${made}`);
    }
    if (entry?.dtype !== "F64") {
      unusable(
        path,
        `tensor ${name} is ${JSON.stringify(entry?.dtype)}, not F64`,
      );
    }
    if (JSON.stringify(entry.shape) !== JSON.stringify(shape)) {
      unusable(
        path,
        `tensor ${name} has shape ${JSON.stringify(entry.shape)}, not ${
          JSON.stringify(shape)
        } ${made}`,
      );
    }
    const offsets = entry.data_offsets as number[];
    const [begin, end] = Array.isArray(offsets) ? offsets : [];
    const bytes = 8 * shape.reduce((a, b) => a * b, 1);
    const where = `tensor ${name}'s data_offsets ${JSON.stringify(offsets)}`;
    if (
      offsets.length !== 2 || !Number.isSafeInteger(begin) || begin < 0 ||
      end !== begin + bytes
    ) {
      unusable(path, `${where} do not span its ${bytes} bytes`);
    }
    if (end > dataBytes) {
      unusable(
        path,
        `${where} run past its ${dataBytes} bytes of data (cut short?)`,
      );
    }
    return { name, shape, begin, end };
  });
  const extra = Object.keys(header).find((k) =>
    k !== "__metadata__" && !expected.some(([name]) => name === k)
  );
  if (extra) {
    unusable(path, `it has a tensor ${extra} that its config does not make`);
  }
  checkContiguous(path, placed, dataBytes);
  return placed;
}

/** Checks that the tensors `placed` cover the `dataBytes` bytes of data with no gap nor overlap. */
function checkContiguous(path: string, placed: Placed[], dataBytes: number) {
  let at = 0;
  for (const t of [...placed].sort((a, b) => a.begin - b.begin)) {
    if (t.begin !== at) {
      unusable(
        path,
        `tensor ${t.name} starts at byte ${t.begin} of the data, not ${at}: ${
          t.begin < at ? "it overlaps another" : "there is a gap before it"
        }`,
      );
    }
    at = t.end;
  }
  if (at !== dataBytes) {
    unusable(
      path,
      `its tensors end at byte ${at} of its ${dataBytes} bytes of data`,
    );
  }
}

/** Where each tensor of `layout` goes in the run's `parts`, in the same order. */
function targets(
  path: string,
  parts: RunParts,
  layout: readonly Placed[],
): ((i: number, x: number) => void)[] {
  return layout.map(({ name, shape }) => {
    if (name === "adam.m" || name === "adam.v") {
      const xs = parts[name === "adam.m" ? "m" : "v"];
      if (xs.length !== shape[0]) {
        unusable(path, `${name} does not fit this model`);
      }
      return (i: number, x: number) => xs[i] = x;
    }
    const w = parts.weights[name];
    if (w?.rows !== shape[0] || w.cols !== shape[1]) {
      unusable(path, `tensor ${name} does not fit this engine's model`);
    }
    return (i: number, x: number) =>
      w.set(Math.floor(i / w.cols), i % w.cols, x);
  });
}

/** Reads the tensor `t` from `file` and puts each of its numbers, checked finite, with `put`. */
async function readTensor(
  path: string,
  file: Deno.FsFile,
  dataStart: number,
  t: Placed,
  put: (i: number, x: number) => void,
): Promise<void> {
  await file.seek(dataStart + t.begin, Deno.SeekMode.Start);
  const bytes = new Uint8Array(t.end - t.begin);
  await readFully(path, file, bytes);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < bytes.length / 8; i++) {
    const x = view.getFloat64(8 * i, true);
    if (!Number.isFinite(x)) unusable(path, `tensor ${t.name} holds ${x}`);
    put(i, x);
  }
}
