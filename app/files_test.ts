/**
 * Tests of `app/files.ts`'s partial files: created anew beside the target, never through a
 * symlink, removed when the write fails.
 *
 * @module
 */
import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { partName, writeAtomic } from "./files.ts";

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

/** A symlink made by `deno eval` (Deno.symlink wants unscoped permissions). */
async function symlink(target: string, path: string): Promise<void> {
  const code = `Deno.symlinkSync(${JSON.stringify(target)}, ${
    JSON.stringify(path)
  })`;
  const made = await new Deno.Command("deno", { args: ["eval", code] })
    .output();
  assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
}

/** The names in `dir` that end with `.part`. */
async function partsIn(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir)))
    .map((e) => e.name).filter((n) => n.endsWith(".part")).sort();
}

Deno.test("files: partName is unique per call, beside the file, ending in .part", () => {
  const [a, b] = [partName("out/m.json"), partName("out/m.json")];
  assert.notEqual(a, b);
  assert.match(
    a,
    new RegExp(`^out/m\\.json\\.${Deno.pid}-[0-9a-f]{8}\\.part$`),
  );
});

Deno.test("files: writeAtomic never writes through a symlink at its partial file, and leaves the link and its target alone", async () => {
  const dir = await fresh();
  await Deno.writeTextFile(`${dir}/target.txt`, "precious\n");
  const part = `${dir}/m.json.1-aa.part`;
  await symlink("target.txt", part);
  await assert.rejects(
    writeAtomic(`${dir}/m.json`, "{}\n", part),
    /cannot write .*m\.json: something is already at its partial file/,
  );
  assert.equal(await Deno.readTextFile(`${dir}/target.txt`), "precious\n");
  assert.ok((await Deno.lstat(part)).isSymlink, "the link was removed");
  await assert.rejects(Deno.stat(`${dir}/m.json`), Deno.errors.NotFound);
});

Deno.test("files: a writeAtomic that fails at the rename leaves no partial file, and one that succeeds leaves only the file", async () => {
  const dir = await fresh();
  await Deno.mkdir(`${dir}/full/inside`, { recursive: true });
  await assert.rejects(
    writeAtomic(`${dir}/full`, "{}\n", partName(`${dir}/full`)),
    /cannot write .*full: /,
  );
  assert.deepEqual(await partsIn(dir), []);
  await writeAtomic(`${dir}/m.json`, "{}\n", partName(`${dir}/m.json`));
  assert.equal(await Deno.readTextFile(`${dir}/m.json`), "{}\n");
  assert.deepEqual(await partsIn(dir), []);
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
