/**
 * Tests of `deno task run`, run as a learner runs it (`deno task -q run …` in a subprocess):
 * every bad input gets one line on stderr, the right exit code and no stack trace; a
 * checkpoint comes back as it was saved; and, where `../shared/` is present, the output is
 * microgpt.py's, line for line.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Ran, runTask } from "../tests/harness/processes.ts";
import {
  requirePermissions,
  sharedTest,
} from "../tests/harness/permissions.ts";
import { parseRunArgs, permissionFlags } from "./run_options.ts";
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { shapes } from "../solutions/12_efficiency/engine.ts";
import { Random } from "../lib/random.ts";

const ROOT = new URL("../", import.meta.url);
const SCRATCH = ".cache/run_test";
const NEEDS = [
  { name: "run", command: "deno" },
  { name: "read", path: new URL(".cache", ROOT) },
  { name: "write", path: new URL(".cache", ROOT) },
] as const;

/** `deno task -q run ...args` from the repository's root. */
function run(...args: string[]): Promise<Ran> {
  return runTask("run", args);
}

/** The run failed with `code` and one stderr line that contains `message`. */
function assertOneLine(ran: Ran, code: number, message: string, what: string) {
  const lines = ran.stderr.split("\n").filter((l) =>
    l !== "" && !l.startsWith("Download ")
  );
  assert.equal(ran.code, code, `${what}: exit code (stderr: ${ran.stderr})`);
  assert.equal(
    lines.length,
    1,
    `${what}: one line on stderr, got:\n${ran.stderr}`,
  );
  assert.match(lines[0], /^error: /, what);
  assert.ok(
    lines[0].includes(message),
    `${what}: expected the line to say ${JSON.stringify(message)}, got ${
      lines[0]
    }`,
  );
}

/** Runs `cases` two at a time (the machine's cores), each a run and its check. */
async function each<T>(cases: readonly T[], check: (c: T) => Promise<void>) {
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      await check(c);
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * A symlink at `path` to `target`, made by `deno eval` (Deno.symlink wants unscoped read and
 * write permissions, which the tests do not hold).
 */
async function symlink(target: string, path: string): Promise<void> {
  const code = `Deno.symlinkSync(${JSON.stringify(target)}, ${
    JSON.stringify(path)
  })`;
  const made = await new Deno.Command("deno", {
    args: ["eval", code],
    cwd: ROOT,
  }).output();
  assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
}

/** A FIFO at `path`, made by mkfifo from a deno eval that may run it (Deno makes none). */
async function mkfifo(path: string): Promise<string> {
  const code = `await new Deno.Command("mkfifo", { args: [${
    JSON.stringify(path)
  }] }).output()`;
  const made = await new Deno.Command("deno", {
    args: ["eval", code],
    cwd: ROOT,
  }).output();
  assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
  return path;
}

async function scratch(): Promise<string> {
  await Deno.mkdir(new URL(SCRATCH, ROOT), { recursive: true });
  return SCRATCH;
}

/**
 * A checkpoint at `path` of a model 1024 wide (12.7M weights), its data left sparse: a
 * header that passes every check, for a model the scalar engine cannot hold.
 */
async function bigCheckpoint(path: string): Promise<string> {
  const uchars = [..."abcdefghijklmnopqrstuvwxyz"];
  const config = { ...MICROGPT_TRAIN, nEmbd: 1024 };
  const header: Record<string, unknown> = {};
  let at = 0;
  const add = (name: string, shape: number[]) => {
    const end = at + shape.reduce((a, b) => a * b, 1) * 8;
    header[name] = { dtype: "F64", shape, data_offsets: [at, end] };
    at = end;
  };
  const weights = shapes({ ...config, vocabSize: uchars.length + 1 });
  for (const [name, rows, cols] of weights) add(name, [rows, cols]);
  const n = weights.reduce((sum, [, r, c]) => sum + r * c, 0);
  add("adam.m", [n]);
  add("adam.v", [n]);
  header.__metadata__ = {
    format: "microgpt-katas checkpoint",
    version: "2",
    config: JSON.stringify(config),
    uchars: JSON.stringify(uchars),
    step: "0",
    rng: JSON.stringify(new Random(42).getState()),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + size).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(size), true);
  head.set(json, 8);
  await Deno.writeFile(path, head);
  await Deno.truncate(path, head.length + at); // sparse: nothing written
  return path;
}

Deno.test("run: parseRunArgs gives microgpt's settings by default, and the training process only the files the flags name", () => {
  const parsed = parseRunArgs([], false);
  assert.ok(!parsed.help);
  assert.deepEqual(
    { ...parsed.options },
    {
      steps: 1000,
      seed: 42,
      lr: 0.01,
      temperature: 0.5,
      samples: 20,
      nEmbd: 16,
      nHead: 4,
      nLayer: 1,
      blockSize: 16,
      data: undefined,
      mine: false,
      engine: "fast",
      save: undefined,
      load: undefined,
      plot: undefined,
      serve: false,
      port: 8000,
      json: false,
      quiet: false,
    },
  );
  assert.deepEqual(permissionFlags(parsed.options), [
    "--allow-env=DEBUG",
    "--allow-sys=systemMemoryInfo",
  ]);
  const downloaded = parseRunArgs([], true);
  assert.ok(!downloaded.help);
  assert.equal(downloaded.options.data, "data/names.txt");
  const flags = parseRunArgs(
    [
      "--data",
      "/tmp/n.txt",
      "--save=m.safetensors",
      "--plot",
      "c.svg",
      "--mine",
    ],
    true,
  );
  assert.ok(!flags.help);
  const parts = {
    save: "m.safetensors.7-ab.part",
    plot: "c.svg.7-cd.part",
  };
  assert.deepEqual(permissionFlags(flags.options, parts), [
    "--allow-env=DEBUG",
    "--allow-sys=systemMemoryInfo",
    "--allow-read=/tmp/n.txt,katas,lib,m.safetensors,m.safetensors.7-ab.part,c.svg,c.svg.7-cd.part",
    "--allow-write=m.safetensors,m.safetensors.7-ab.part,c.svg,c.svg.7-cd.part",
  ]);
});

Deno.test("run: the training process may write the --save file and its partial file, and no other file beside them, nor read any file the flags do not name", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/granted`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const parsed = parseRunArgs(["--save", `${dir}/m.json`], false);
  assert.ok(!parsed.help);
  const parts = { save: `${dir}/m.json.7-ab.part` };
  // What the training's code could try, run with the very flags app/run.ts gives it.
  const probe = `${dir}/probe.ts`;
  await Deno.writeTextFile(
    probe,
    `const tries = {
      save: () => Deno.writeTextFile(${JSON.stringify(`${dir}/m.json`)}, "x"),
      part: () => Deno.writeTextFile(${JSON.stringify(parts.save)}, "x"),
      beside: () => Deno.writeTextFile(${JSON.stringify(`${dir}/other`)}, "x"),
      folder: () => Deno.readDir(${
      JSON.stringify(dir)
    })[Symbol.asyncIterator]().next(),
      config: () => Deno.readTextFile("deno.json"),
      env: async () => Deno.env.get("HOME"),
    };
    for (const [name, attempt] of Object.entries(tries)) {
      const ok = await attempt().then(() => true, () => false);
      console.log(name + " " + ok);
    }`,
  );
  const out = await new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      ...permissionFlags(parsed.options, parts),
      probe,
    ],
    cwd: ROOT,
  }).output();
  assert.equal(
    new TextDecoder().decode(out.stdout),
    "save true\npart true\nbeside false\nfolder false\nconfig false\nenv false\n",
    new TextDecoder().decode(out.stderr),
  );
});

Deno.test("run: every bad flag gets one line naming it, exit code 2 and no stack trace", async () => {
  requirePermissions(...NEEDS);
  const cases: [string[], string][] = [
    [
      ["--steps", "abc"],
      `--steps must be a whole number from 1 to 10,000,000, got "abc"`,
    ],
    [["--steps", "0"], `--steps must be a whole number from 1`],
    [["--steps", "2.5"], `--steps must be a whole number`],
    [["--steps"], `--steps needs a value`],
    [["--seed", "x"], `--seed must be a whole number`],
    [["--seed", "1e3"], `--seed must be a whole number`],
    [
      ["--seed", "9007199254740992"],
      `--seed must be a whole number from -9,007,199,254,740,991 to 9,007,199,254,740,991, got "9007199254740992"`,
    ],
    [["--lr", "0"], `--lr must be a number above 0, got "0"`],
    [["--lr=-0.1"], `--lr must be a number above 0, got "-0.1"`],
    [
      ["--lr", "-0.1"],
      `--lr got a value that starts with a dash: write it as --lr=-X`,
    ],
    [["--lr", "fast"], `--lr must be a number above 0`],
    [["--temperature", "0"], `--temperature must be a number above 0`],
    [["--temperature", "Infinity"], `--temperature must be a number above 0`],
    [
      ["--temperature", "4e-324"],
      `--temperature 4e-324 is too small: use at least 0.000001 (near 0, the likeliest letter is picked)`,
    ],
    [["--samples=-1"], `--samples must be a whole number from 0`],
    [["--n-embd", "0"], `--n-embd must be a whole number from 1`],
    [["--n-head", "3"], `--n-head must divide --n-embd: 16 / 3`],
    [["--n-layer", "0"], `--n-layer must be a whole number from 1`],
    [["--block-size", "big"], `--block-size must be a whole number`],
    [["--data", ""], `--data needs a file path`],
    [["--data", "a,b.txt"], `a path with a comma cannot be granted`],
    [["--stpes", "5"], `Unknown option '--stpes'`],
    [["names.txt"], `Unexpected argument 'names.txt'`],
    [["--mine=yes"], `--mine takes no value`],
    [["-x"], `Unknown option '-x'`],
    [["--", "names.txt"], `Unexpected argument 'names.txt'`],
    [["--engine", "turbo"], `--engine must be fast or scalar, got "turbo"`],
    [
      ["--load", "m.safetensors", "--steps", "5"],
      `--load samples from a saved model without training: drop --steps`,
    ],
    [
      ["--load", "m.safetensors", "--seed", "1"],
      `--load samples from a saved model without training: drop --seed`,
    ],
    [["--json", "--quiet"], `--json and --quiet each choose the output`],
    [
      ["--save", "x.svg", "--plot", "x.svg"],
      `--plot x.svg is the file --save writes: give each its own file`,
    ],
  ];
  await each(cases, async ([args, message]) => {
    assertOneLine(
      await run(...args),
      2,
      message,
      `deno task run ${args.join(" ")}`,
    );
  });
});

Deno.test("run: a model too big for what a Deno process gets here (by its flags, the dataset's vocabulary, or a checkpoint's header) is refused before training with its estimate; microgpt's sizes are not", async () => {
  requirePermissions(...NEEDS);
  const refused = await run("--engine", "scalar", "--n-embd", "1024");
  assertOneLine(
    refused,
    2,
    "--engine scalar --n-embd 1024 needs about ",
    "deno task run --engine scalar --n-embd 1024",
  );
  assert.match(
    refused.stderr,
    /GiB \(the Value graph of one step: .*\); this machine gives a Deno process about [\d.]+ GiB — use --engine fast, or a smaller --n-embd\/--n-layer\/--block-size/,
  );
  assert.equal(
    refused.stdout,
    "",
    "refused before the training printed a line",
  );
  // The task assumes names.txt's 27 tokens; the training process checks the dataset's.
  const data = `${await scratch()}/vocab_200000.txt`;
  const chars = Array.from(
    { length: 200_000 },
    (_, i) => String.fromCodePoint(0x10000 + i),
  );
  const lines = Array.from(
    { length: 2000 },
    (_, i) => chars.slice(100 * i, 100 * i + 100).join(""),
  );
  await Deno.writeTextFile(data, lines.join("\n") + "\n");
  const wide = await run("--engine", "scalar", "--data", data);
  assertOneLine(
    wide,
    2,
    `--engine scalar on ${data} (a vocabulary of 200001) needs about `,
    `deno task run --engine scalar --data ${data}`,
  );
  assert.equal(wide.stdout, "", "refused before the training printed a line");
  // A checkpoint's sizes, checked after its header, before the model is set up.
  const big = await bigCheckpoint(`${await scratch()}/wide.safetensors`);
  const loaded = await run("--engine", "scalar", "--load", big);
  assertOneLine(
    loaded,
    1,
    `the model in checkpoint ${big} (--n-embd 1024), with --engine scalar, needs about `,
    `deno task run --engine scalar --load ${big}`,
  );
  assert.match(loaded.stderr, / — load it with --engine fast\n$/);
  await each(["fast", "scalar"], async (engine) => {
    const ran = await run("--engine", engine, "--steps", "1", "--samples", "1");
    assert.equal(ran.code, 0, `--engine ${engine}: ${ran.stderr}`);
    assert.ok(ran.stdout.includes("sample  1: "), `--engine ${engine}`);
  });
});

Deno.test("run: an output that is an input or the other output, however spelled, is refused before training with one line and exit code 2", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  const data = `${dir}/same_data.txt`;
  const text = "emma\nolivia\nava\n";
  await Deno.writeTextFile(data, text);
  await Deno.remove(`${dir}/same_link.txt`).catch(() => {});
  await Deno.remove(`${dir}/same_hard.txt`).catch(() => {});
  await symlink("same_data.txt", `${dir}/same_link.txt`);
  await Deno.link(data, `${dir}/same_hard.txt`);
  const absolute = `${Deno.cwd()}/${data}`; // the tests run from the root
  const cases: [string[], string][] = [
    [["--save", `./${data}`], `--save ./${data} is the file --data reads`],
    [["--save", data.replace("/", "//")], "is the file --data reads"],
    [["--save", absolute], `--save ${absolute} is the file --data reads`],
    [["--plot", `./${data}`], "is the file --data reads: plot to another"],
    [["--save", `${dir}/same_link.txt`], "is the file --data reads"],
    [["--save", `${dir}/same_hard.txt`], "is the file --data reads"],
    [
      [
        "--save",
        `${dir}/same_new.safetensors`,
        "--plot",
        `./${dir}/same_new.safetensors`,
      ],
      "is the file --save writes: give each its own file",
    ],
  ];
  await each(cases, async ([args, message]) => {
    const all = ["--data", data, "--steps", "1", ...args];
    assertOneLine(await run(...all), 2, message, all.join(" "));
  });
  assert.equal(await Deno.readTextFile(data), text, "the dataset changed");
  await assert.rejects(
    Deno.stat(`${dir}/same_new.safetensors`),
    Deno.errors.NotFound,
  );
  // Through a symlinked folder, two new outputs are one entry: refused before training.
  await Deno.remove(`${dir}/same_folder`).catch(() => {});
  await Deno.remove(`${dir}/same_m.safetensors`).catch(() => {});
  await symlink(".", `${dir}/same_folder`);
  const aliased = await run(
    ...["--steps", "1", "--save", `${dir}/same_m.safetensors`],
    ...["--plot", `${dir}/same_folder/same_m.safetensors`],
  );
  assertOneLine(aliased, 2, "is the file --save writes", "a symlinked folder");
  assert.ok(!aliased.stdout.includes("step"), `trained:\n${aliased.stdout}`);
  await assert.rejects(
    Deno.stat(`${dir}/same_m.safetensors`),
    Deno.errors.NotFound,
  );
  const left = (await partsIn(dir)).filter((n) => n.startsWith("same_"));
  assert.deepEqual(left, [], "a partial file was left");
  // A --plot that is a dangling link to the --save file is its own entry: renamed over, the
  // link goes, the checkpoint stays.
  const [save, plot] = [`${dir}/same_q.safetensors`, `${dir}/same_q.svg`];
  await Deno.remove(save).catch(() => {});
  await Deno.remove(plot).catch(() => {});
  await symlink("same_q.safetensors", plot);
  const dangling = await run(
    ...["--steps", "1", "--quiet", "--save", save, "--plot", plot],
  );
  assert.equal(dangling.code, 0, `a dangling link: ${dangling.stderr}`);
  assert.ok((await Deno.readTextFile(save)).includes('"wte":{"dtype":"F64"'));
  assert.ok(
    !(await Deno.lstat(plot)).isSymlink,
    "the link was written through",
  );
  assert.match(await Deno.readTextFile(plot), /^<svg/);
});

/** The names in `dir` that end with `.part`. */
async function partsIn(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir)))
    .map((e) => e.name).filter((n) => n.endsWith(".part")).sort();
}

Deno.test("run: --save never writes through a symlinked .part beside it, concurrent saves each write a whole file, a failed save leaves no partial file", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/parts`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${dir}/full/inside`, { recursive: true });
  await Deno.writeTextFile(`${dir}/precious.txt`, "precious\n");
  await symlink("precious.txt", `${dir}/m.safetensors.part`);
  const save = (path: string, seed: number) =>
    run("--steps", "2", "--quiet", "--seed", `${seed}`, "--save", path);
  const linked = await save(`${dir}/m.safetensors`, 1);
  assert.equal(linked.code, 0, linked.stderr);
  assert.equal(await Deno.readTextFile(`${dir}/precious.txt`), "precious\n");
  assert.ok((await Deno.lstat(`${dir}/m.safetensors.part`)).isSymlink);

  const [one, two] = await Promise.all([
    save(`${dir}/shared.safetensors`, 1),
    save(`${dir}/shared.safetensors`, 2),
  ]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  await save(`${dir}/two.safetensors`, 2);
  const bytes = async (file: string) =>
    (await Deno.readFile(`${dir}/${file}`)).join(",");
  const survivor = await bytes("shared.safetensors");
  const whole = [
    await bytes("m.safetensors"), // seed 1
    await bytes("two.safetensors"),
  ];
  assert.ok(whole.includes(survivor), "the survivor is neither run's file");

  // A save that would fail is refused before training now: no partial file is made either.
  assertOneLine(await save(`${dir}/full`, 1), 1, "is a folder", "--save full");
  assert.deepEqual(
    await partsIn(dir),
    ["m.safetensors.part"],
    "a partial file was left behind",
  );
});

Deno.test("run: a --data or --load that is a FIFO, a device or over its size limit is refused up front with one line and exit code 1", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/inputs`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const fifo = await mkfifo(`${dir}/fifo`);
  const sizes = [["big.txt", 65], ["big.safetensors", 32769], [
    "huge.txt",
    600,
  ]] as const;
  for (const [name, size] of sizes) {
    await Deno.writeTextFile(`${dir}/${name}`, "a\n");
    await Deno.truncate(`${dir}/${name}`, size * 2 ** 20); // sparse: nothing written
  }
  const cases: [string[], string][] = [
    [["--data", fifo], `--data ${fifo} is not a regular file: give a file`],
    [["--load", fifo], `--load ${fifo} is not a regular file: give a file`],
    [["--data", "/dev/zero"], "--data /dev/zero is not a regular file"],
    [
      ["--data", "/proc/self/cwd/data/names.txt"],
      "--data /proc/self/cwd/data/names.txt leads to a system file (under /dev, /proc or /sys), which Deno does not open: give a regular file elsewhere",
    ],
    [["--load", "/dev/zero"], "--load /dev/zero is not a regular file"],
    [["--data", `${dir}/big.txt`], "is 65 MiB, over the 64 MiB limit"],
    [
      ["--load", `${dir}/big.safetensors`],
      "is 32769 MiB, over the 32768 MiB limit",
    ],
    // Over 512 MiB, Deno could not even decode it: still "over the limit", never "not UTF-8".
    [["--data", `${dir}/huge.txt`], "is 600 MiB, over the 64 MiB limit"],
    // Deno refuses /dev/stdin outright: never its "--allow-all" advice, nor "move it to data/".
    [
      ["--data", "/dev/stdin"],
      "--data /dev/stdin is not a regular file: give a file",
    ],
    [
      ["--load", "/dev/stdin"],
      "--load /dev/stdin is not a regular file: give a file",
    ],
  ];
  await each(cases, async ([args, message]) => {
    assertOneLine(await run(...args), 1, message, args.join(" "));
  });
});

Deno.test("run: a --save or --plot that is a folder, no regular file, a file no run could have written, or in a missing folder is refused before the first step with one line and exit code 1", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/outputs`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${dir}/somedir`, { recursive: true });
  await Deno.writeTextFile(`${dir}/somedir/kept.txt`, "kept\n");
  await Deno.writeTextFile(`${dir}/file.txt`, "a file\n");
  const fifo = await mkfifo(`${dir}/fifo`);
  const folder = `${dir}/somedir`;
  const cases: [string[], string][] = [
    [
      ["--save", `${folder}/`],
      `--save ${folder}/ is a folder: give a file name in it, such as ${folder}/model.safetensors`,
    ],
    [
      ["--save", folder],
      `--save ${folder} is a folder: give a file name in it`,
    ],
    [["--plot", folder], `such as ${folder}/loss.svg`],
    [["--save", `${folder}/.`], `--save ${folder}/. is a folder`],
    [
      ["--save", "/dev/full"],
      "--save /dev/full is not a regular file: save to a file",
    ],
    [["--plot", fifo], `--plot ${fifo} is not a regular file: plot to a file`],
    [
      ["--save", `${dir}/missing/m.json`],
      `--save ${dir}/missing/m.json: its folder ${dir}/missing does not exist: create it or pick another path`,
    ],
    [
      ["--plot", `${dir}/file.txt/loss.svg`],
      `a part of its folder ${dir}/file.txt is a file, not a folder`,
    ],
    // A learner's file, a README: never replaced by a checkpoint or a curve.
    [
      ["--save", `${dir}/file.txt`],
      `--save ${dir}/file.txt is a file but not a checkpoint: a run replaces only a file it could have written — pick a new file name, or move this one away first`,
    ],
    [
      ["--plot", `${dir}/file.txt`],
      `--plot ${dir}/file.txt is a file but not a loss curve this command drew`,
    ],
  ];
  await each(cases, async ([args, message]) => {
    const ran = await run("--steps", "3", ...args);
    const what = args.join(" ");
    assertOneLine(ran, 1, message, what);
    assert.ok(!/allow-all|DEBUG/.test(ran.stderr), `${what}: ${ran.stderr}`);
    assert.ok(!ran.stdout.includes("step"), `${what} trained:\n${ran.stdout}`);
  });
  const names = async (d: string) =>
    (await Array.fromAsync(Deno.readDir(d))).map((e) => e.name).sort();
  assert.deepEqual(await names(dir), ["fifo", "file.txt", "somedir"]);
  assert.deepEqual(await names(folder), ["kept.txt"]);
  assert.equal(await Deno.readTextFile(`${dir}/file.txt`), "a file\n");
});

Deno.test("run: a temperature of 1e308 or 0.000001 samples; weights overflowed by a huge --lr get one line suggesting a lower --lr, never a stack trace hint", async () => {
  requirePermissions(...NEEDS);
  for (const temperature of ["1e308", "0.000001"]) {
    const ran = await run("--steps", "2", "--temperature", temperature);
    assert.equal(ran.code, 0, `--temperature ${temperature}: ${ran.stderr}`);
    assert.equal(ran.stdout.match(/^sample /gm)?.length, 20, ran.stdout);
  }
  assertOneLine(
    await run("--steps", "1", "--lr", "1e300"),
    1,
    "the trained weights give no finite probabilities to sample from: the last steps overflowed — try a lower --lr than 1e+300",
    "--lr 1e300",
  );
});

Deno.test("run: a dataset that cannot be used gets one line naming it, exit code 1 and no stack trace", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  await Deno.writeTextFile(`${dir}/empty.txt`, "");
  await Deno.writeTextFile(`${dir}/blank.txt`, "\n  \n\t\r\n \n");
  // The start of a PNG file: not UTF-8, as Python's open() would refuse it too.
  await Deno.writeFile(
    `${dir}/image.png`,
    new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      13,
      0xff,
      0xd8,
    ]),
  );
  await Deno.mkdir(`${dir}/folder`, { recursive: true });
  const cases: [string, string][] = [
    [`${dir}/missing.txt`, `dataset file not found: ${dir}/missing.txt`],
    [`${dir}/empty.txt`, `dataset file has no documents: ${dir}/empty.txt`],
    [`${dir}/blank.txt`, `dataset file has no documents: ${dir}/blank.txt`],
    [`${dir}/image.png`, `dataset file is not valid UTF-8: ${dir}/image.png`],
    [`${dir}/folder`, `dataset path is a directory: ${dir}/folder`],
  ];
  await each(cases, async ([path, message]) => {
    assertOneLine(await run("--data", path, "--steps", "1"), 1, message, path);
  });
});

Deno.test("run: --save then --load prints the same names, and a bad checkpoint gets one line and exit code 1", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  const path = `${dir}/model.safetensors`;
  await Deno.remove(path).catch(() => {});
  const trained = await run(
    "--steps",
    "3",
    "--samples",
    "4",
    "--quiet",
    "--save",
    path,
    "--seed",
    "3",
  );
  assert.equal(trained.code, 0, trained.stderr);
  const names = trained.stdout.trim().split("\n");
  assert.equal(names.length, 4);
  // Either engine restores the other's checkpoint: the same run, the same names.
  for (const engine of ["fast", "scalar"]) {
    const loaded = await run(
      ...["--load", path, "--samples", "4", "--quiet", "--engine", engine],
    );
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.deepEqual(loaded.stdout.trim().split("\n"), names, engine);
  }
  await assert.rejects(Deno.stat(`${path}.part`), Deno.errors.NotFound);

  const bytes = await Deno.readFile(path);
  await Deno.writeFile(
    `${dir}/cut.safetensors`,
    bytes.slice(0, bytes.length / 2),
  );
  // A checkpoint as version 1 wrote it: one JSON text.
  await Deno.writeTextFile(
    `${dir}/old.json`,
    JSON.stringify({ format: "microgpt-katas checkpoint", version: 1 }),
  );
  const cases: [string, string][] = [
    [
      `${dir}/nope.safetensors`,
      `checkpoint file not found: ${dir}/nope.safetensors`,
    ],
    [
      `${dir}/cut.safetensors`,
      `checkpoint ${dir}/cut.safetensors cannot be used: tensor`,
    ],
    [
      `${dir}/old.json`,
      `cannot be used: it is JSON, not safetensors (checkpoints before version 2 were JSON, and are no longer read) — train again and save a new one with --save`,
    ],
    [dir, `checkpoint path is a folder: ${dir}`],
  ];
  await each(cases, async ([file, message]) => {
    assertOneLine(await run("--load", file), 1, message, file);
  });
  assertOneLine(
    await run("--steps", "1", "--save", `${dir}/no/such/model.safetensors`),
    1,
    `--save ${dir}/no/such/model.safetensors: its folder ${dir}/no/such does not exist`,
    "--save in a missing folder",
  );
});

Deno.test("run: a loss that overflows stops the run at that step, with a line suggesting a lower --lr, and saves nothing", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  const path = `${dir}/diverged.safetensors`;
  await Deno.remove(path).catch(() => {});
  const ran = await run(
    "--lr",
    "1e6",
    "--steps",
    "50",
    "--save",
    path,
    "--plot",
    `${dir}/diverged.svg`,
  );
  assertOneLine(
    ran,
    1,
    "training diverged and was stopped, nothing was saved — try a lower --lr than 1000000",
    "--lr 1e6",
  );
  assert.match(
    ran.stderr,
    /the loss became (NaN|Infinity|-Infinity) at step \d+ of 50/,
  );
  for (const file of [path, `${path}.part`, `${dir}/diverged.svg`]) {
    await assert.rejects(Deno.stat(file), Deno.errors.NotFound, file);
  }
});

Deno.test("run: --json prints one object with every loss and the names; --plot writes an SVG; --mine names the first unfinished kata", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  await Deno.writeTextFile(`${dir}/few.txt`, "emma\nava\nmia\n");
  const ran = await run(
    ...["--data", `${dir}/few.txt`, "--steps", "4", "--samples", "2"],
    ...["--json", "--plot", `${dir}/curve.svg`],
  );
  assert.equal(ran.code, 0, ran.stderr);
  const out = JSON.parse(ran.stdout);
  assert.equal(out.losses.length, 4);
  assert.equal(out.samples.length, 2);
  assert.equal(out.numDocs, 3);
  assert.equal(out.vocabSize, 6);
  const svg = await Deno.readTextFile(`${dir}/curve.svg`);
  assert.match(svg, /^<svg [^>]*>[\s\S]*<polyline [\s\S]*<\/svg>\n$/);
  // Your katas/ may be anywhere from stubs (as committed: kata 01 comes first) to done.
  const mine = await run(
    "--mine",
    "--data",
    `${dir}/few.txt`,
    "--steps",
    "1",
    "--quiet",
  );
  const unfinished =
    /^error: --mine: your kata (\d\d_\w+) does not pass yet \(.+\) — run `deno test katas\/\1` to see why$/;
  if (mine.code !== 0) {
    assertOneLine(mine, 1, "--mine: your kata", "--mine");
    assert.match(mine.stderr.trim().split("\n").at(-1)!, unfinished);
  } else {
    assert.equal(mine.stdout.trim().split("\n").length, 20, mine.stdout);
  }
});

Deno.test("run: a run that needs no file but the default dataset (trained in the task's own process) prints what a run in a second process prints", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  const args = ["--steps", "5", "--samples", "3", "--quiet"];
  const here = await run(...args);
  // --plot writes a file, which the task's own process may not: the training moves out.
  const there = await run(...args, "--plot", `${dir}/moved.svg`);
  assert.equal(here.code, 0, here.stderr);
  assert.equal(there.code, 0, there.stderr);
  assert.equal(here.stdout.trim().split("\n").length, 3, here.stdout);
  assert.equal(here.stdout, there.stdout);
});

const REFERENCE = new URL(
  "../../shared/reference/microgpt_names_seed42.txt",
  import.meta.url,
);
const NAMES = new URL("../../shared/data/names.txt", import.meta.url);

for (const engine of ["fast", "scalar"]) {
  sharedTest(
    `run: \`deno task run --data ../shared/data/names.txt --engine ${engine}\` prints microgpt.py's output line for line (1000 steps)`,
    [REFERENCE, NAMES],
    async () => {
      requirePermissions(...NEEDS);
      const ran = await run(
        ...["--data", "../shared/data/names.txt", "--engine", engine],
      );
      assert.equal(ran.code, 0, ran.stderr);
      const lines = ran.stdout.split("\n");
      assert.equal(lines[0], "dataset: ../shared/data/names.txt");
      const expected = (await Deno.readTextFile(REFERENCE)).split("\n");
      assert.deepEqual(lines.slice(1), expected);
    },
  );
}

Deno.test("run: a dataset with CRLF and lone CR line ends, blank and padded lines, accents, emoji and names longer than the block gives CPython's figures (tests/data/microgpt_reference.py)", async () => {
  requirePermissions(...NEEDS, {
    name: "read",
    path: new URL("tests/data", ROOT),
  });
  const cases = [42, 7].flatMap((seed) =>
    ["fast", "scalar"].map((engine) => ({ seed, engine }))
  );
  await each(cases, async ({ seed, engine }) => {
    const expected = JSON.parse(
      await Deno.readTextFile(
        new URL(`tests/data/tricky_names_seed${seed}.json`, ROOT),
      ),
    );
    const ran = await run(
      ...["--data", "tests/data/tricky_names.txt", "--steps", "60"],
      ...["--seed", String(seed), "--json", "--engine", engine],
    );
    assert.equal(ran.code, 0, ran.stderr);
    const got = JSON.parse(ran.stdout);
    const what = `seed ${seed}, ${engine} engine`;
    assert.equal(got.numDocs, expected.num_docs, what);
    assert.equal(got.vocabSize, expected.vocab_size, what);
    assert.equal(got.numParams, expected.num_params, what);
    // What microgpt.py prints: each loss to 4 decimals (the last bits may differ: Math.*).
    const printed = (xs: number[]) => xs.map((x) => x.toFixed(4));
    assert.deepEqual(printed(got.losses), printed(expected.losses), what);
    got.losses.forEach((x: number, i: number) =>
      assert.ok(
        Math.abs(x - expected.losses[i]) < 1e-12,
        `${what}, step ${i + 1}`,
      )
    );
    assert.deepEqual(got.samples, expected.samples, what);
  });
});
