import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { UsageError, UserError } from "../app/cli.ts";
import { keptLines, stubSource, writeKatas } from "../runner/stubs.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { symlink } from "../tests/harness/symlink.ts";
import { stubsCommand } from "./stubs.ts";

const SOLUTION = `/** Doubles. */
export function double(x: number): number {
  //#region answer: double
  const y = x * 2; // the answer
  return y;
  //#endregion
}

export class C {
  /** A method whose name makes the throw line longer than eighty characters. */
  m(): number {
    //#region answer: C.aMethodWithAVeryLongNameIndeed
    return 1;
    //#endregion
  }
}
`;

/** Runs `fn` on a throwaway project under `.cache/` holding solutions/09_demo/demo.ts. */
async function withDemo(fn: (root: URL) => Promise<void>): Promise<void> {
  requirePermissions(
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  await Deno.mkdir(".cache", { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ".cache", prefix: "stubs_" });
  const root = new URL(`${dir}/`, `file://${Deno.cwd()}/`);
  const quiet = console.log;
  console.log = () => {};
  try {
    await Deno.mkdir(new URL("solutions/09_demo/", root), { recursive: true });
    await Deno.writeTextFile(
      new URL("solutions/09_demo/demo.ts", root),
      SOLUTION,
    );
    await fn(root);
  } finally {
    console.log = quiet;
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "stubs: writing keeps a backup of the learner's file; --check reports differences",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      await assert.rejects(
        stubsCommand([], root),
        UsageError,
        "a bare command resets nothing",
      );
      await stubsCommand(["--all"], root);
      const stub = await Deno.readTextFile(out);
      assert.equal(stub, stubSource(SOLUTION, "09_demo", "demo.ts"));
      await stubsCommand(["--check"], root);

      await Deno.writeTextFile(out, "my work in progress");
      await assert.rejects(stubsCommand(["--check"], root), UserError);
      assert.equal(
        await Deno.readTextFile(out),
        "my work in progress",
        "--check wrote",
      );

      await stubsCommand(["09_demo"], root);
      assert.equal(await Deno.readTextFile(out), stub);
      const backups = [];
      for await (const e of Deno.readDir(new URL("backups/", root))) {
        backups.push(e.name);
      }
      assert.equal(backups.length, 1);
      const kept = new URL(
        `backups/${backups[0]}/katas/09_demo/demo.ts`,
        root,
      );
      assert.equal(await Deno.readTextFile(kept), "my work in progress");

      await Deno.writeTextFile(new URL("katas/09_demo/stray.ts", root), "");
      await assert.rejects(stubsCommand(["--check"], root), /stray\.ts/);

      await assert.rejects(stubsCommand(["99_nope"], root), UsageError);
      await assert.rejects(stubsCommand(["--nope"], root), UsageError);
    }),
});

Deno.test({
  name:
    "stubs: a kata is named as deno task kata reset names it: 9, 09, 09_demo or demo",
  fn: () =>
    withDemo(async (root) => {
      await stubsCommand(["--all"], root);
      for (const name of ["9", "09", "09_demo", "demo"]) {
        await stubsCommand(["--check", name], root);
      }
      await assert.rejects(
        stubsCommand(["--check", "5"], root),
        (e) => e instanceof UsageError && /^no kata 5: /.test(e.message),
      );
    }),
});

Deno.test({
  name:
    "stubs: a learner file that is not valid UTF-8 is backed up byte for byte",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      const now = new Date("2026-01-02T03:04:05.678Z");
      const mine = new Uint8Array([0x6d, 0x79, 0xff, 0xfe, 0x0a, 0xc3, 0x28]);
      await Deno.mkdir(new URL("./", out), { recursive: true });
      await Deno.writeFile(out, mine);
      await assert.rejects(stubsCommand(["--check"], root), UserError);
      await stubsCommand(["09_demo"], root, now);
      const kept = await Deno.readFile(
        new URL("backups/2026-01-02T03-04-05-678Z/katas/09_demo/demo.ts", root),
      );
      assert.deepEqual(kept, mine);
      await stubsCommand(["--check"], root);
    }),
});

Deno.test({
  name:
    "stubs: two resets in the same millisecond keep both backups, the first untouched",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      const now = new Date("2026-01-02T03:04:05.678Z");
      await Deno.mkdir(new URL("./", out), { recursive: true });
      await Deno.writeTextFile(out, "first try");
      await stubsCommand(["09_demo"], root, now);
      await Deno.writeTextFile(out, "second try");
      await stubsCommand(["09_demo"], root, now);
      await Deno.writeTextFile(out, "third try");
      await stubsCommand(["09_demo"], root, now);
      const stamp = "2026-01-02T03-04-05-678Z";
      const folders = [];
      for await (const e of Deno.readDir(new URL("backups/", root))) {
        folders.push(e.name);
      }
      assert.deepEqual(folders.sort(), [stamp, `${stamp}-2`, `${stamp}-3`]);
      const kept = (folder: string) =>
        Deno.readTextFile(
          new URL(`backups/${folder}/katas/09_demo/demo.ts`, root),
        );
      assert.equal(await kept(stamp), "first try");
      assert.equal(await kept(`${stamp}-2`), "second try");
      assert.equal(await kept(`${stamp}-3`), "third try");
    }),
});

Deno.test({
  name:
    "stubs: writing is kata reset's: a file that holds the reference solution is nobody's work, not kept",
  fn: () =>
    withDemo(async (root) => {
      const out = new URL("katas/09_demo/demo.ts", root);
      await Deno.mkdir(new URL("./", out), { recursive: true });
      await Deno.writeTextFile(out, SOLUTION);
      await stubsCommand(["09_demo"], root);
      assert.equal(
        await Deno.readTextFile(out),
        stubSource(SOLUTION, "09_demo", "demo.ts"),
      );
      await assert.rejects(
        Deno.stat(new URL("backups/", root)),
        Deno.errors.NotFound,
      );
    }),
});

Deno.test({
  name:
    "stubs: reset replaces a symlinked kata file with a file of its own, its target's bytes kept in backups/ and the target left as it was",
  fn: () =>
    withDemo(async (root) => {
      requirePermissions({ name: "run", command: "deno" });
      const at = (p: string) => fileURLToPath(new URL(p, root));
      const now = new Date("2026-01-02T03:04:05.678Z");
      await Deno.mkdir(new URL("katas/09_demo/", root), { recursive: true });
      await Deno.mkdir(new URL("elsewhere/", root));
      await Deno.writeTextFile(at("elsewhere/demo.ts"), "my work via a link");
      await symlink("../../elsewhere/demo.ts", at("katas/09_demo/demo.ts"));
      const replaced = await writeKatas(root, ["09_demo"], "stub", now);
      assert.equal(
        await Deno.readTextFile(at("elsewhere/demo.ts")),
        "my work via a link",
        "the link's target is left as it was",
      );
      const file = await Deno.lstat(at("katas/09_demo/demo.ts"));
      assert.ok(file.isFile && !file.isSymlink, "a regular file now");
      assert.equal(
        await Deno.readTextFile(at("katas/09_demo/demo.ts")),
        stubSource(SOLUTION, "09_demo", "demo.ts"),
      );
      const backup = "backups/2026-01-02T03-04-05-678Z/katas/09_demo/demo.ts";
      assert.equal(await Deno.readTextFile(at(backup)), "my work via a link");
      assert.deepEqual(keptLines(replaced), [
        `kept your katas/09_demo/demo.ts as ${backup}`,
        "katas/09_demo/demo.ts was a symlink (to ../../elsewhere/demo.ts): it is a file of its own now, and ../../elsewhere/demo.ts is as it was",
      ]);
      // A link to nothing is replaced too, with nothing to keep.
      await Deno.remove(at("katas/09_demo/demo.ts"));
      await symlink("../../nowhere.ts", at("katas/09_demo/demo.ts"));
      const again = await writeKatas(root, ["09_demo"], "stub", now);
      assert.deepEqual(again.kept, []);
      assert.ok((await Deno.lstat(at("katas/09_demo/demo.ts"))).isFile);
      const names = await Array.fromAsync(Deno.readDir(at("katas/09_demo")));
      assert.deepEqual(
        names.map((e) => e.name),
        ["demo.ts"],
        "no partial file left",
      );
    }),
});

Deno.test({
  name:
    "stubs: reset never writes through a symlinked kata folder, katas/ or backups/: one line, and nothing written",
  fn: () =>
    withDemo(async (root) => {
      requirePermissions({ name: "run", command: "deno" });
      const at = (p: string) => fileURLToPath(new URL(p, root));
      const rule =
        "deno task kata reset and start, and deno task stubs, write only into folders of the project's own — replace it with the folder itself, then run the command again";
      await Deno.mkdir(new URL("elsewhere/09_demo/", root), {
        recursive: true,
      });
      await Deno.writeTextFile(at("elsewhere/09_demo/demo.ts"), "my work");
      const refused = async (expected: string) => {
        await assert.rejects(writeKatas(root, ["09_demo"], "stub"), (e) => {
          assert.ok(e instanceof UserError);
          assert.equal(e.message, expected);
          return true;
        });
        assert.equal(
          await Deno.readTextFile(at("elsewhere/09_demo/demo.ts")),
          "my work",
        );
        const names = await Array.fromAsync(
          Deno.readDir(at("elsewhere/09_demo")),
        );
        assert.deepEqual(names.map((e) => e.name), ["demo.ts"], expected);
      };
      await Deno.mkdir(new URL("katas/", root));
      await symlink("../elsewhere/09_demo", at("katas/09_demo"));
      await refused(
        `katas/09_demo is a symlink (to ../elsewhere/09_demo): ${rule}`,
      );
      await Deno.remove(at("katas/09_demo"));
      await Deno.remove(at("katas"));
      await symlink("elsewhere", at("katas"));
      await refused(`katas is a symlink (to elsewhere): ${rule}`);
      // A file of the learner's to keep, and backups/ a link: refused before the file is replaced.
      await Deno.remove(at("katas"));
      await Deno.rename(at("elsewhere"), at("katas"));
      await Deno.mkdir(new URL("elsewhere/09_demo/", root), {
        recursive: true,
      });
      await Deno.writeTextFile(at("elsewhere/09_demo/demo.ts"), "my work");
      await symlink("elsewhere", at("backups"));
      await assert.rejects(
        writeKatas(root, ["09_demo"], "stub"),
        (e) =>
          e instanceof UserError &&
          e.message === `backups is a symlink (to elsewhere): ${rule}`,
      );
      assert.equal(
        await Deno.readTextFile(at("katas/09_demo/demo.ts")),
        "my work",
      );
      const names = await Array.fromAsync(Deno.readDir(at("elsewhere")));
      assert.deepEqual(
        names.map((e) => e.name),
        ["09_demo"],
        "nothing in backups/'s target",
      );
    }),
});
