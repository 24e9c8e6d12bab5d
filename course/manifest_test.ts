import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { COURSE, kataTitle, suiteModules } from "./manifest.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("course: lists exactly the folders of solutions/, in order, each with its module and given files", async () => {
  requirePermissions({ name: "read", path: new URL("solutions/", ROOT) });
  const folders: string[] = [];
  for await (const e of Deno.readDir(new URL("solutions/", ROOT))) {
    if (e.isDirectory) folders.push(e.name);
  }
  assert.deepEqual(COURSE.map((e) => e.kata), folders.sort());
  for (const e of COURSE) {
    for (const file of [e.module, ...e.given]) {
      assert.ok(
        Deno.statSync(new URL(`solutions/${e.kata}/${file}`, ROOT)).isFile,
        `${e.kata}/${file}`,
      );
    }
  }
});

Deno.test("course: a kata uses only earlier katas, in order", () => {
  COURSE.forEach((e, i) => {
    const earlier = COURSE.slice(0, i).map((x) => x.kata);
    assert.deepEqual(e.uses.filter((u) => earlier.includes(u)), e.uses);
    assert.deepEqual([...e.uses].sort(), e.uses);
  });
  assert.deepEqual(suiteModules("04_linear"), {
    value: "02_value/value.ts",
    backward: "03_backward/backward.ts",
    linear: "04_linear/linear.ts",
  });
});

Deno.test("course: a learner's module holds at most 300 lines (what is given sits in a module of its own)", () => {
  requirePermissions({ name: "read", path: new URL("solutions/", ROOT) });
  for (const e of COURSE) {
    const text = Deno.readTextFileSync(
      new URL(`solutions/${e.kata}/${e.module}`, ROOT),
    );
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    assert.ok(lines <= 300, `${e.kata}/${e.module} has ${lines} lines`);
  }
});

Deno.test("course: a kata's title is its folder name with a space after the number", () => {
  assert.equal(kataTitle("05_softmax"), "05 softmax");
  assert.equal(kataTitle("12_efficiency"), "12 efficiency");
});
