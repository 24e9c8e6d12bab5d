/**
 * Tests of `app/files.ts`'s partial files: created anew beside the target, never through a
 * symlink, removed when the write fails, and a run killed while writing leaves the target
 * whole; and of the outputs' checks before training.
 *
 * @module
 */
import assert from "node:assert/strict";
import { symlink } from "../tests/harness/symlink.ts";
import { runTask } from "../tests/harness/processes.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import {
  checkDistinct,
  checkOutput,
  type NamedFile,
  outputError,
  partName,
  writeAtomic,
} from "./files.ts";

const ROOT = new URL("../", import.meta.url);
const DIR = ".cache/files_test";

/** A fresh scratch folder under .cache/ (the tests run from the root). */
async function fresh(): Promise<string> {
  requirePermissions(
    { name: "read", path: new URL(".cache", ROOT) },
    { name: "write", path: new URL(".cache", ROOT) },
    { name: "run", command: "deno" },
  );
  await Deno.remove(DIR, { recursive: true }).catch(() => {});
  await Deno.mkdir(DIR, { recursive: true });
  return DIR;
}

/** The names in `dir` that end with `.part`. */
async function partsIn(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir)))
    .map((e) => e.name).filter((n) => n.endsWith(".part")).sort();
}

Deno.test("files: partName is unique per call, beside the file, ending in .part", () => {
  const [a, b] = [partName("out/m.safetensors"), partName("out/m.safetensors")];
  assert.notEqual(a, b);
  assert.match(
    a,
    new RegExp(`^out/m\\.safetensors\\.${Deno.pid}-[0-9a-f]{8}\\.part$`),
  );
});

Deno.test("files: writeAtomic never writes through a symlink at its partial file, and leaves the link and its target alone", async () => {
  const dir = await fresh();
  await Deno.writeTextFile(`${dir}/target.txt`, "precious\n");
  const part = `${dir}/m.safetensors.1-aa.part`;
  await symlink("target.txt", part);
  await assert.rejects(
    writeAtomic(`${dir}/m.safetensors`, "{}\n", part),
    /cannot write .*m\.safetensors: something is already at its partial file/,
  );
  assert.equal(await Deno.readTextFile(`${dir}/target.txt`), "precious\n");
  assert.ok((await Deno.lstat(part)).isSymlink, "the link was removed");
  await assert.rejects(Deno.stat(`${dir}/m.safetensors`), Deno.errors.NotFound);
});

Deno.test("files: a writeAtomic that fails at the rename leaves no partial file, and one that succeeds leaves only the file", async () => {
  const dir = await fresh();
  await Deno.mkdir(`${dir}/full/inside`, { recursive: true });
  await assert.rejects(
    writeAtomic(`${dir}/full`, "{}\n", partName(`${dir}/full`)),
    /cannot write .*full: /,
  );
  assert.deepEqual(await partsIn(dir), []);
  await writeAtomic(
    `${dir}/m.safetensors`,
    "{}\n",
    partName(`${dir}/m.safetensors`),
  );
  assert.equal(await Deno.readTextFile(`${dir}/m.safetensors`), "{}\n");
  assert.deepEqual(await partsIn(dir), []);
});

Deno.test("files: checkOutput refuses a folder, a path ending in / or /., a missing folder and a file used as a folder, and leaves no partial file", async () => {
  const dir = await fresh();
  await Deno.mkdir(`${dir}/folder`);
  await Deno.writeTextFile(`${dir}/file.txt`, "kept\n");
  const cases: [string, string][] = [
    [`${dir}/folder`, `--save ${dir}/folder is a folder: give a file name`],
    [`${dir}/folder/`, `such as ${dir}/folder/model.safetensors`],
    [`${dir}/new/`, `--save ${dir}/new/ is a folder`],
    [`${dir}/.`, `--save ${dir}/. is a folder`],
    [
      `${dir}/no/m.safetensors`,
      `--save ${dir}/no/m.safetensors: its folder ${dir}/no does not exist: create it or pick another path`,
    ],
    [
      `${dir}/file.txt/m.safetensors`,
      `a part of its folder ${dir}/file.txt is a file`,
    ],
    [
      `${dir}/file.txt/`,
      `--save ${dir}/file.txt/ ends in a folder, but ${dir}/file.txt is a file: give the path of a file, with no / at its end`,
    ],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(checkOutput("save", path, partName(path)), (e) => {
      assert.ok((e as Error).message.includes(message), (e as Error).message);
      return true;
    });
  }
  await checkOutput(
    "save",
    `${dir}/m.safetensors`,
    partName(`${dir}/m.safetensors`),
  );
  await checkOutput("plot", `${dir}/file.txt`, partName(`${dir}/file.txt`));
  assert.deepEqual(await partsIn(dir), [], "the proof left a partial file");
  assert.equal(await Deno.readTextFile(`${dir}/file.txt`), "kept\n");
  await assert.rejects(Deno.stat(`${dir}/m.safetensors`), Deno.errors.NotFound);
});

Deno.test("files: outputError says what is wrong with an output's folder in one line, and never repeats Deno's --allow-all advice", () => {
  const line = (error: Error) =>
    outputError("save", "/x/m.safetensors", error).message;
  assert.equal(
    line(new Deno.errors.PermissionDenied("Permission denied (os error 13)")),
    "--save /x/m.safetensors: cannot write in /x: permission denied — pick a folder you can write to",
  );
  assert.equal(
    line(new Error("Read-only file system (os error 30)")),
    "--save /x/m.safetensors: cannot write in /x: Read-only file system (os error 30) — pick a folder you can write to",
  );
  const outright = new Deno.errors.NotCapable(
    'Requires all access to "/dev/full", run again with the --allow-all flag',
  );
  assert.equal(
    outputError("save", "/dev/full", outright).message,
    "--save /dev/full is not a regular file: save to a file",
  );
  const refused = new Deno.errors.NotCapable(
    'Requires read access to "/x/m.safetensors", run again with the --allow-read flag',
  );
  assert.equal(
    line(refused),
    "--save /x/m.safetensors cannot be read here: give a regular file, such as one in data/",
  );
  const proc = new Deno.errors.NotCapable(
    'Requires all access to "/proc/self/cwd/m", run again with the --allow-all flag',
  );
  assert.equal(
    outputError("save", "/proc/self/cwd/m", proc).message,
    "--save /proc/self/cwd/m leads to a system file (under /dev, /proc or /sys), which Deno does not open: save to a regular file elsewhere",
  );
  assert.equal(
    line(new Error("File name too long (os error 36): stat 'x'")),
    "--save /x/m.safetensors: its name is too long for the file system — pick another path",
  );
  assert.equal(
    line(
      new Error("Too many levels of symbolic links (os error 40): stat 'x'"),
    ),
    "--save /x/m.safetensors: it is a loop of symbolic links — pick another path",
  );
  assert.equal(
    line(new Error("No space left on device (os error 28)")),
    "--save /x/m.safetensors: the disk of /x is full: free some space or pick a folder on another disk",
  );
  assert.equal(
    outputError("plot", "m.svg", new Deno.errors.NotFound("")).message,
    "--plot m.svg: its folder . does not exist: create it or pick another path",
  );
});

Deno.test("files: a writer killed (SIGKILL) in the middle of a write leaves the target whole and a stale partial file, which the next run's save neither uses nor trips on", async () => {
  const dir = await fresh();
  const target = `${dir}/m.safetensors`;
  // A checkpoint a first run saved (a run replaces only a checkpoint).
  const save = () =>
    runTask("run", ["--steps", "1", "--quiet", "--save", target]);
  const first = await save();
  assert.equal(first.code, 0, first.stderr);
  const old = await Deno.readFile(target);
  // The writer stops for good after its first 4 bytes, then says so: killed there.
  const code = `
    import { partName, writeAtomic } from "./app/files.ts";
    const write = Deno.FsFile.prototype.write;
    Deno.FsFile.prototype.write = async function (bytes) {
      await write.call(this, bytes.subarray(0, 4));
      console.log("writing");
      setTimeout(() => {}, 60_000);
      return await new Promise(() => {});
    };
    await writeAtomic(${JSON.stringify(target)}, "new whole\\n", partName(${
    JSON.stringify(target)
  }));
  `;
  const child = new Deno.Command("deno", {
    args: ["eval", "--ext=ts", code],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  let said = "";
  while (!said.includes("writing")) {
    const { value, done } = await reader.read();
    assert.ok(!done, `the writer ended before writing: ${said}`);
    said += new TextDecoder().decode(value);
  }
  child.kill("SIGKILL");
  reader.releaseLock();
  const out = await child.output();
  assert.equal(out.signal, "SIGKILL", new TextDecoder().decode(out.stderr));
  assert.deepEqual(await Deno.readFile(target), old, "the target is whole");
  const stale = await partsIn(dir);
  assert.equal(stale.length, 1, `one stale partial file: ${stale}`);
  assert.match(stale[0], /^m\.safetensors\.\d+-[0-9a-f]{8}\.part$/);
  assert.equal(await Deno.readTextFile(`${dir}/${stale[0]}`), "new ");
  // The next run (its own partial file: another pid and random part) saves a whole file.
  const ran = await save();
  assert.equal(ran.code, 0, ran.stderr);
  const saved = await Deno.readFile(target);
  assert.ok(saved.length > 1000, `not a checkpoint: ${saved.length} bytes`);
  assert.deepEqual(await partsIn(dir), stale, "the stale part was touched");
  assert.equal(await Deno.readTextFile(`${dir}/${stale[0]}`), "new ");
});

Deno.test("files: writeAtomic writes bytes as they are, and a text as UTF-8", async () => {
  const dir = await fresh();
  const bytes = new Uint8Array([0, 255, 0x7b, 10, 0xc3]); // not UTF-8
  await writeAtomic(
    `${dir}/m.safetensors`,
    bytes,
    partName(`${dir}/m.safetensors`),
  );
  assert.deepEqual(await Deno.readFile(`${dir}/m.safetensors`), bytes);
  await writeAtomic(`${dir}/é.txt`, "é\n", partName(`${dir}/é.txt`));
  assert.deepEqual(
    await Deno.readFile(`${dir}/é.txt`),
    new Uint8Array([0xc3, 0xa9, 10]),
  );
});

/** What checkDistinct says of `files`: the message it throws, or "" when they are distinct. */
async function distinct(files: NamedFile[]): Promise<string> {
  try {
    await checkDistinct(files);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

Deno.test("files: checkDistinct compares outputs by their entries, whether or not they exist, whatever they link to", async () => {
  const dir = await fresh();
  await Deno.writeTextFile(`${dir}/data.txt`, "emma\n");
  await Deno.writeTextFile(`${dir}/old.svg`, "<svg/>\n");
  await symlink(".", `${dir}/sub`);
  await symlink("q.safetensors", `${dir}/q.svg`); // dangling
  await symlink("old.svg", `${dir}/old_link.svg`);
  await Deno.link(`${dir}/old.svg`, `${dir}/old_hard.svg`);
  await symlink("data.txt", `${dir}/data_link.txt`);
  await Deno.link(`${dir}/data.txt`, `${dir}/data_hard.txt`);
  const data = (path: string): NamedFile => ({
    flag: "data",
    path,
    output: false,
  });
  const save = (path: string): NamedFile => ({
    flag: "save",
    path,
    output: true,
  });
  const plot = (path: string): NamedFile => ({
    flag: "plot",
    path,
    output: true,
  });
  const writes = "is the file --save writes: give each its own file";
  const reads = "is the file --data reads: save to another file";
  const cases: [NamedFile[], string][] = [
    [[save(`${dir}/m1.x`), plot(`${dir}/sub/m1.x`)], writes],
    [[save(`${dir}/m1.x`), plot(`${dir}/sub/./m1.x`)], writes],
    [[save(`${dir}/q.safetensors`), plot(`${dir}/q.svg`)], ""],
    [[save(`${dir}/old.svg`), plot(`${dir}/old_link.svg`)], ""],
    [[save(`${dir}/old.svg`), plot(`${dir}/old_hard.svg`)], ""],
    [[data(`${dir}/data.txt`), save(`${dir}/sub/data.txt`)], reads],
    [[data(`${dir}/data.txt`), save(`${dir}/data_link.txt`)], reads],
    [[data(`${dir}/data_link.txt`), save(`${dir}/data.txt`)], reads],
    [[data(`${dir}/data.txt`), save(`${dir}/data_hard.txt`)], reads],
    [[data(`${dir}/missing.txt`), save(`${dir}/sub/missing.txt`)], reads],
    [[data(`${dir}/data.txt`), save(`${dir}/q.svg`)], ""],
  ];
  for (const [files, message] of cases) {
    const said = await distinct(files);
    const what = files.map((f) => `--${f.flag} ${f.path}`).join(" ");
    if (message === "") assert.equal(said, "", what);
    else assert.ok(said.endsWith(message), `${what}: ${said}`);
  }
  assert.deepEqual(await partsIn(dir), []);
});

Deno.test("files: checkDistinct finds an output's folder through its partial file where it may not read the folder, as the training process, and leaves no partial file", async () => {
  const dir = await fresh();
  await symlink(".", `${dir}/sub`);
  const [save, plot] = [`${dir}/m1.x`, `${dir}/sub/m1.x`];
  const parts = [partName(save), partName(plot)];
  const files = [
    { flag: "save", path: save, output: true, part: parts[0] },
    { flag: "plot", path: plot, output: true, part: parts[1] },
  ];
  // deno eval would hold every permission: a script run with just the training's.
  const script = `${dir}/distinct.ts`;
  await Deno.writeTextFile(
    script,
    `import { checkDistinct } from ${
      JSON.stringify(new URL("app/files.ts", ROOT).href)
    };\nawait checkDistinct(${JSON.stringify(files)});\n`,
  );
  const ran = await new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=app,${script},${[save, plot, ...parts].join(",")}`,
      `--allow-write=${parts.join(",")}`,
      script,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(ran.stderr);
  assert.notEqual(ran.code, 0, "two outputs of one entry were let through");
  assert.ok(
    stderr.includes(`--plot ${plot} is the file --save writes`),
    stderr,
  );
  assert.deepEqual(await partsIn(dir), []);
  await assert.rejects(Deno.stat(save), Deno.errors.NotFound);
});
