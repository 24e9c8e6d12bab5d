/**
 * Tests of `deno task run`, run as a learner runs it (`deno task -q run …` in a subprocess):
 * every bad input gets one line on stderr, the right exit code and no stack trace; a
 * checkpoint comes back as it was saved; and, where `../shared/` is present, the output is
 * microgpt.py's, line for line.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  requirePermissions,
  sharedTest,
} from "../tests/harness/permissions.ts";
import { parseRunArgs, permissionFlags } from "./run_options.ts";

const ROOT = new URL("../", import.meta.url);
const SCRATCH = ".cache/run_test";
const NEEDS = [
  { name: "run", command: "deno" },
  { name: "read", path: new URL(".cache", ROOT) },
  { name: "write", path: new URL(".cache", ROOT) },
] as const;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `deno task -q run ...args` from the repository's root. */
async function run(...args: string[]): Promise<Ran> {
  const out = await new Deno.Command("deno", {
    args: ["task", "-q", "run", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
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

async function scratch(): Promise<string> {
  await Deno.mkdir(new URL(SCRATCH, ROOT), { recursive: true });
  return SCRATCH;
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
    ["--data", "/tmp/n.txt", "--save=m.json", "--plot", "c.svg", "--mine"],
    true,
  );
  assert.ok(!flags.help);
  const parts = { save: "m.json.7-ab.part", plot: "c.svg.7-cd.part" };
  assert.deepEqual(permissionFlags(flags.options, parts), [
    "--allow-env=DEBUG",
    "--allow-sys=systemMemoryInfo",
    "--allow-read=/tmp/n.txt,katas,lib,m.json,m.json.7-ab.part,c.svg,c.svg.7-cd.part",
    "--allow-write=m.json,m.json.7-ab.part,c.svg,c.svg.7-cd.part",
  ]);
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
    [["--lr", "0"], `--lr must be a number above 0, got "0"`],
    [["--lr=-0.1"], `--lr must be a number above 0, got "-0.1"`],
    [
      ["--lr", "-0.1"],
      `--lr got a value that starts with a dash: write it as --lr=-X`,
    ],
    [["--lr", "fast"], `--lr must be a number above 0`],
    [["--temperature", "0"], `--temperature must be a number above 0`],
    [["--temperature", "Infinity"], `--temperature must be a number above 0`],
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
      ["--load", "m.json", "--steps", "5"],
      `--load samples from a saved model without training: drop --steps`,
    ],
    [
      ["--load", "m.json", "--seed", "1"],
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

Deno.test("run: a model too big for what a Deno process gets here, or for the dataset's vocabulary, is refused before training with its estimate, exit code 2; microgpt's sizes are not", async () => {
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
      ["--save", `${dir}/same_new.json`, "--plot", `./${dir}/same_new.json`],
      "is the file --save writes: give each its own file",
    ],
  ];
  await each(cases, async ([args, message]) => {
    const all = ["--data", data, "--steps", "1", ...args];
    assertOneLine(await run(...all), 2, message, all.join(" "));
  });
  assert.equal(await Deno.readTextFile(data), text, "the dataset changed");
  await assert.rejects(Deno.stat(`${dir}/same_new.json`), Deno.errors.NotFound);
  // Through a symlinked folder, two new outputs are found one file once the first is saved.
  await Deno.remove(`${dir}/same_folder`).catch(() => {});
  await Deno.remove(`${dir}/same_m.json`).catch(() => {});
  await symlink(".", `${dir}/same_folder`);
  const args = ["--steps", "1", "--save", `${dir}/same_m.json`, "--plot"];
  const aliased = await run(...args, `${dir}/same_folder/same_m.json`);
  assertOneLine(aliased, 2, "is the file --save writes", "a symlinked folder");
  assert.ok(
    JSON.parse(await Deno.readTextFile(`${dir}/same_m.json`)).stateDict,
  );
});

Deno.test("run: --save never writes through a symlinked .part beside it, concurrent saves each write a whole file, a failed save leaves no partial file", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/parts`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${dir}/full/inside`, { recursive: true });
  await Deno.writeTextFile(`${dir}/precious.txt`, "precious\n");
  await symlink("precious.txt", `${dir}/m.json.part`);
  const save = (path: string, seed: number) =>
    run("--steps", "2", "--quiet", "--seed", `${seed}`, "--save", path);
  const linked = await save(`${dir}/m.json`, 1);
  assert.equal(linked.code, 0, linked.stderr);
  assert.equal(await Deno.readTextFile(`${dir}/precious.txt`), "precious\n");
  assert.ok((await Deno.lstat(`${dir}/m.json.part`)).isSymlink);

  const [one, two] = await Promise.all([
    save(`${dir}/shared.json`, 1),
    save(`${dir}/shared.json`, 2),
  ]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  await save(`${dir}/two.json`, 2);
  const survivor = await Deno.readTextFile(`${dir}/shared.json`);
  const whole = [
    await Deno.readTextFile(`${dir}/m.json`), // seed 1
    await Deno.readTextFile(`${dir}/two.json`),
  ];
  assert.ok(whole.includes(survivor), "the survivor is neither run's file");

  assertOneLine(
    await save(`${dir}/full`, 1),
    1,
    "cannot write",
    "--save full/",
  );
  const left = (await Array.fromAsync(Deno.readDir(dir)))
    .map((e) => e.name).filter((n) => n.endsWith(".part"));
  assert.deepEqual(left, ["m.json.part"], "a partial file was left behind");
});

Deno.test("run: a --data or --load that is a FIFO, a device or over its size limit is refused up front with one line and exit code 1", async () => {
  requirePermissions(...NEEDS);
  const dir = `${await scratch()}/inputs`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  // Deno makes no FIFO: mkfifo, from a deno eval that may run it.
  const fifo = `${dir}/fifo`;
  const code = `await new Deno.Command("mkfifo", { args: [${
    JSON.stringify(fifo)
  }] }).output()`;
  await new Deno.Command("deno", { args: ["eval", code], cwd: ROOT }).output();
  for (const [name, size] of [["big.txt", 65], ["big.json", 129]] as const) {
    await Deno.writeTextFile(`${dir}/${name}`, "a\n");
    await Deno.truncate(`${dir}/${name}`, size * 2 ** 20); // sparse: no 65 MiB written
  }
  const cases: [string[], string][] = [
    [["--data", fifo], `--data ${fifo} is not a regular file: give a file`],
    [["--load", fifo], `--load ${fifo} is not a regular file: give a file`],
    [["--data", "/dev/zero"], "--data /dev/zero is not a regular file"],
    [["--load", "/dev/zero"], "--load /dev/zero is not a regular file"],
    [["--data", `${dir}/big.txt`], "is 65 MiB, over the 64 MiB limit"],
    [["--load", `${dir}/big.json`], "is 129 MiB, over the 128 MiB limit"],
  ];
  await each(cases, async ([args, message]) => {
    assertOneLine(await run(...args), 1, message, args.join(" "));
  });
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
  const path = `${dir}/model.json`;
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

  const text = await Deno.readTextFile(path);
  const saved = JSON.parse(text);
  await Deno.writeTextFile(`${dir}/cut.json`, text.slice(0, text.length / 2));
  await Deno.writeTextFile(`${dir}/other.json`, JSON.stringify({ hello: 1 }));
  await Deno.writeTextFile(
    `${dir}/shape.json`,
    JSON.stringify({
      ...saved,
      config: { ...saved.config, nEmbd: 8, nHead: 2 },
    }),
  );
  await Deno.writeTextFile(
    `${dir}/adam.json`,
    JSON.stringify({ ...saved, adam: { m: [1], v: saved.adam.v } }),
  );
  const cases: [string, string][] = [
    [`${dir}/nope.json`, `checkpoint file not found: ${dir}/nope.json`],
    [
      `${dir}/cut.json`,
      `checkpoint ${dir}/cut.json cannot be used: it is not valid JSON`,
    ],
    [
      `${dir}/other.json`,
      `cannot be used: it is not a microgpt-katas checkpoint`,
    ],
    [`${dir}/shape.json`, `cannot be used: weights wte are not`],
    [`${dir}/adam.json`, `cannot be used: adam.m is not`],
    [dir, `checkpoint path is a folder: ${dir}`],
  ];
  await each(cases, async ([file, message]) => {
    assertOneLine(await run("--load", file), 1, message, file);
  });
  assertOneLine(
    await run("--steps", "1", "--save", `${dir}/no/such/model.json`),
    1,
    `cannot write ${dir}/no/such/model.json: its folder does not exist`,
    "--save in a missing folder",
  );
});

Deno.test("run: a loss that overflows stops the run at that step, with a line suggesting a lower --lr, and saves nothing", async () => {
  requirePermissions(...NEEDS);
  const dir = await scratch();
  const path = `${dir}/diverged.json`;
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
