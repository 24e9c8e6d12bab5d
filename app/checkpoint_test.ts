/**
 * Tests of the safetensors checkpoints, in-process: a saved run comes back whole in either
 * engine, and every kind of broken file is refused with one line, before the model is
 * allocated when the header alone shows it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import * as fast from "../solutions/12_efficiency/efficiency.ts";
import * as train from "../solutions/11_train/train.ts";
import { shapes } from "../solutions/12_efficiency/engine.ts";
import { checkpointBytes, HEADER_LIMIT, loadCheckpoint } from "./checkpoint.ts";
import { UserError } from "./cli.ts";
import { type Engine, fastEngine, scalarEngine } from "./engines.ts";
import { CHECKPOINT_LIMIT } from "./files.ts";
import { FLAGS } from "./run_options.ts";

const ROOT = new URL("../", import.meta.url);
const SCRATCH = new URL(".cache/checkpoint_test/", ROOT);
const NEEDS = [
  { name: "read", path: new URL(".cache", ROOT) },
  { name: "write", path: new URL(".cache", ROOT) },
] as const;
const DOCS = ["emma", "olivia", "ava", "isabella", "sophia"];

/** A fast run trained `steps` steps, its engine and its checkpoint's bytes. */
function trained(steps = 2) {
  const engine = fastEngine(fast);
  const config = { ...train.MICROGPT_TRAIN, numSteps: steps, nEmbd: 8 };
  const run = engine.setup(DOCS, config);
  for (const _ of engine.train(run)) { /* every step */ }
  return { engine, run, bytes: checkpointBytes(engine.parts(run), steps) };
}

/** A checkpoint's header, parsed, and its data. */
function split(bytes: Uint8Array) {
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  return { header: JSON.parse(text), data: bytes.subarray(8 + n) };
}

/** A file of the header text `text` (padded to 8-byte alignment) and `data`. */
function join(text: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(text);
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + data.length).fill(0x20, 8, 8 + n);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.set(data, 8 + n);
  return out;
}

/** A tensor's entry in a header. */
interface Entry {
  dtype: unknown;
  shape: number[];
  data_offsets: number[];
}

/** `bytes` with its header changed by `edit` (which is handed the header and its metadata). */
function edited(
  bytes: Uint8Array,
  edit: (h: Record<string, Entry>, meta: Record<string, unknown>) => void,
): Uint8Array {
  const { header, data } = split(bytes);
  edit(header, header.__metadata__);
  return join(JSON.stringify(header), data);
}

/** `engine`, counting the models it sets up. */
function counting(engine: Engine): Engine & { setups: number } {
  const spy = {
    ...engine,
    setups: 0,
    setup: (docs: readonly string[], config: train.TrainConfig) => {
      spy.setups++;
      return engine.setup(docs, config);
    },
  };
  return spy;
}

/** Writes `bytes` to a scratch file named `name`, and gives its path. */
async function scratchFile(name: string, bytes: Uint8Array): Promise<string> {
  await Deno.mkdir(SCRATCH, { recursive: true });
  const path = `.cache/checkpoint_test/${name}`;
  await Deno.writeFile(new URL(name, SCRATCH), bytes);
  return path;
}

Deno.test("checkpoint: a saved run comes back in either engine with its weights, Adam's moments, step and generator", async () => {
  requirePermissions(...NEEDS);
  const { engine, run, bytes } = trained(3);
  const path = await scratchFile("round.safetensors", bytes);
  const saved = engine.parts(run);
  const names = Array.from({ length: 5 }, () => engine.generate(run, 0.5));
  for (const other of [fastEngine(fast), scalarEngine(train)]) {
    const loaded = await loadCheckpoint(path, other);
    const parts = other.parts(loaded.run);
    assert.equal(loaded.checkpoint.step, 3);
    assert.deepEqual(loaded.checkpoint.config, saved.config);
    assert.deepEqual(parts.uchars, saved.uchars);
    for (const [name, w] of Object.entries(saved.weights)) {
      const got = parts.weights[name];
      for (let r = 0; r < w.rows; r++) {
        for (let c = 0; c < w.cols; c++) {
          assert.equal(got.get(r, c), w.get(r, c), `${name}[${r}][${c}]`);
        }
      }
    }
    assert.deepEqual(Array.from(parts.m), Array.from(saved.m), "adam.m");
    assert.deepEqual(Array.from(parts.v), Array.from(saved.v), "adam.v");
    const again = Array.from(
      { length: 5 },
      () => other.generate(loaded.run, 0.5),
    );
    assert.deepEqual(again, names, "the names sampled after loading");
  }
});

Deno.test("checkpoint: the file is safetensors: a u64 header length, a JSON header padded to 8 bytes, contiguous F64 tensors", () => {
  const { engine, run, bytes } = trained();
  const { header, data } = split(bytes);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + n) % 8, 0, "the data starts 8-byte aligned");
  const { __metadata__: meta, ...tensors } = header;
  assert.ok(Object.values(meta).every((x) => typeof x === "string"));
  assert.deepEqual(
    Object.keys(tensors),
    [...Object.keys(engine.parts(run).weights), "adam.m", "adam.v"],
  );
  let at = 0;
  for (const t of Object.values(tensors) as Entry[]) {
    assert.equal(t.dtype, "F64");
    assert.deepEqual(t.data_offsets, [
      at,
      at + 8 * t.shape[0] * (t.shape[1] ?? 1),
    ]);
    at = t.data_offsets[1];
  }
  assert.equal(at, data.length);
  const wpe = engine.parts(run).weights.wpe;
  const view = new DataView(data.buffer, data.byteOffset);
  assert.equal(
    view.getFloat64(tensors.wpe.data_offsets[0] + 8, true),
    wpe.get(0, 1),
  );
});

Deno.test("checkpoint: CHECKPOINT_LIMIT holds the largest model the size flags allow, with Adam's moments, in F64", () => {
  const max = (flag: "n-embd" | "n-layer" | "block-size") => FLAGS[flag].max;
  const weights = shapes({
    vocabSize: 256, // a vocabulary of 255 characters
    nEmbd: max("n-embd"),
    nHead: 1,
    nLayer: max("n-layer"),
    blockSize: max("block-size"),
  }).reduce((sum, [, r, c]) => sum + r * c, 0);
  assert.ok(
    3 * 8 * weights + HEADER_LIMIT <= CHECKPOINT_LIMIT,
    `${3 * 8 * weights} bytes`,
  );
});

/** A broken checkpoint: its name, its bytes from a good one's, the line it gets, and whether the model may be set up first. */
type Broken = [string, (good: Uint8Array) => Uint8Array, string, boolean?];

const BROKEN: Broken[] = [
  ["shorter than 8 bytes", (b) => b.slice(0, 5), "it has 5 bytes, fewer than"],
  [
    "cut short",
    (b) => b.slice(0, b.length - 100),
    "bytes of data (cut short?)",
  ],
  ["header length beyond the file", (b) => {
    const out = b.slice();
    new DataView(out.buffer).setBigUint64(0, BigInt(b.length), true);
    return out;
  }, "runs past the end of its"],
  ["header length over the limit", (b) => {
    const out = b.slice();
    new DataView(out.buffer).setBigUint64(0, 2n ** 40n, true);
    return out;
  }, "is over the 100 MiB limit"],
  [
    "bad JSON header",
    (b) => join('{"wte": nope', split(b).data),
    "its header is not valid JSON",
  ],
  [
    "a header that is no object",
    (b) => join("[1, 2]", split(b).data),
    "its header is not a JSON object",
  ],
  [
    "an old JSON checkpoint",
    () =>
      new TextEncoder().encode(
        JSON.stringify({ format: "microgpt-katas checkpoint", version: 1 }),
      ),
    "it is JSON, not safetensors (checkpoints before version 2 were JSON",
  ],
  [
    "wrong dtype",
    (b) => edited(b, (h) => h.wte.dtype = "F32"),
    'tensor wte is "F32", not F64',
  ],
  [
    "wrong shape",
    (b) => edited(b, (h) => h.wpe.shape = [15, 8]),
    "tensor wpe has shape [15,8], not [16,8] as its config and",
  ],
  [
    "overlapping offsets",
    (b) => edited(b, (h) => h.wpe.data_offsets = [0, 16 * 8 * 8]),
    "tensor wpe starts at byte 0 of the data, not",
  ],
  [
    "offsets out of range",
    (b) =>
      edited(
        b,
        (h) =>
          h["adam.v"].data_offsets = h["adam.v"].data_offsets.map((x: number) =>
            x + 8
          ),
      ),
    "run past its",
  ],
  [
    "offsets that do not span the shape",
    (b) => edited(b, (h) => h.wte.data_offsets[1] += 8),
    "tensor wte's data_offsets",
  ],
  [
    "a missing tensor",
    (b) => edited(b, (h) => delete h["layer0.attn_wo"]),
    "it has no tensor layer0.attn_wo, as its config",
  ],
  [
    "an extra tensor",
    (b) => edited(b, (h) => h.extra = { ...h.wpe }),
    "it has a tensor extra that its config does not make",
  ],
  [
    "nLayer 1e6",
    (b) =>
      edited(b, (_, m) =>
        m.config = JSON.stringify({
          ...JSON.parse(m.config as string),
          nLayer: 1e6,
        })),
    "config.nLayer is 1000000, not a whole number from 1 to 64",
  ],
  [
    "nHead that does not divide nEmbd",
    (b) =>
      edited(b, (_, m) =>
        m.config = JSON.stringify({
          ...JSON.parse(m.config as string),
          nHead: 3,
        })),
    "config.nHead 3 does not divide nEmbd 8",
  ],
  [
    "a non-finite lr",
    (b) =>
      edited(
        b,
        (_, m) =>
          m.config = (m.config as string).replace(/"lr":[^,]*/, '"lr":"fast"'),
      ),
    'config.lr is "fast", not a number',
  ],
  [
    "no metadata",
    (b) => edited(b, (h) => delete (h as Record<string, unknown>).__metadata__),
    "its header has no __metadata__",
  ],
  [
    "another format",
    (b) => edited(b, (_, m) => m.format = "gguf"),
    "it is not a microgpt-katas checkpoint",
  ],
  [
    "another version",
    (b) => edited(b, (_, m) => m.version = "3"),
    'version "3" is not "2"',
  ],
  [
    "config not JSON",
    (b) => edited(b, (_, m) => m.config = "{nope"),
    "__metadata__.config is not a JSON text",
  ],
  [
    "config not a string",
    (b) => edited(b, (_, m) => m.config = { nLayer: 1 }),
    "__metadata__.config is not a JSON text",
  ],
  [
    "unsorted uchars",
    (b) =>
      edited(
        b,
        (_, m) => m.uchars = (m.uchars as string).replace('"a","b"', '"b","a"'),
      ),
    "uchars is not a sorted list of distinct characters",
  ],
  [
    "a line break in uchars",
    (b) =>
      edited(
        b,
        (_, m) => m.uchars = (m.uchars as string).replace('"a"', '"\\n"'),
      ),
    "uchars holds a line break, which no dataset line holds",
  ],
  [
    "a step past numSteps",
    (b) => edited(b, (_, m) => m.step = "99"),
    'step is "99", not 0..2',
  ],
  [
    "a bad generator state",
    (b) => edited(b, (_, m) => m.rng = "{}"),
    "rng is not a generator state",
  ],
  [
    "a NaN weight",
    (b) => {
      const out = b.slice();
      const { data } = split(out);
      new DataView(data.buffer, data.byteOffset).setFloat64(0, NaN, true);
      return out;
    },
    "tensor wte holds NaN",
    true,
  ],
];

Deno.test("checkpoint: every broken file gets one line saying what is wrong, before the model is set up when its header shows it", async () => {
  requirePermissions(...NEEDS);
  const { bytes } = trained();
  for (const [name, make, message, afterSetup] of BROKEN) {
    const path = await scratchFile(
      `${name.replaceAll(" ", "_")}.safetensors`,
      make(bytes),
    );
    const engine = counting(fastEngine(fast));
    await assert.rejects(loadCheckpoint(path, engine), (error) => {
      assert.ok(error instanceof UserError, `${name}: ${error}`);
      assert.ok(!error.message.includes("\n"), `${name}: one line`);
      assert.ok(
        error.message.startsWith(`checkpoint ${path} cannot be used: `) &&
          error.message.includes(message) &&
          error.message.endsWith(
            "— train again and save a new one with --save",
          ),
        `${name}: expected ${JSON.stringify(message)}, got ${error.message}`,
      );
      return true;
    });
    assert.equal(engine.setups, afterSetup ? 1 : 0, `${name}: models set up`);
  }
});
