import assert from "node:assert/strict";
import { folderOf, layerProblem } from "./lint_house.ts";

Deno.test("house/layers: a folder imports its own and the folders below it, never one above", () => {
  assert.equal(folderOf("tests/suites/value_suite.ts"), "tests/suites");
  assert.equal(folderOf("app/run.ts"), "app");
  assert.equal(layerProblem("app/run.ts", "lib/random.ts"), undefined);
  assert.equal(layerProblem("runner/kata.ts", "course/manifest.ts"), undefined);
  assert.equal(
    layerProblem("tests/meta/katas.ts", "runner/stubs.ts"),
    undefined,
  );
  assert.equal(layerProblem("dev/bench.ts", "tests/meta/audit.ts"), undefined);
  assert.match(
    layerProblem("lib/random.ts", "app/cli.ts") ?? "",
    /^lib\/ may not import app\/: imports flow one way \(lib ← course ←/,
  );
  assert.match(
    layerProblem("app/trainer.ts", "tests/meta/katas.ts") ?? "",
    /app\/ may not import tests\/meta\//,
  );
  assert.match(
    layerProblem("runner/kata.ts", "tests/harness/harness.ts") ?? "",
    /runner\//,
  );
  assert.match(
    layerProblem("tests/harness/harness.ts", "tests/suites/value_suite.ts") ??
      "",
    /tests\/harness\//,
  );
  assert.match(
    layerProblem("solutions/02_value/value.ts", "app/cli.ts") ?? "",
    /solutions\//,
  );
});

Deno.test("house/layers: a thin *_test.ts file may hand its modules to a suite in tests/", () => {
  assert.equal(
    layerProblem("katas/02_value/value_test.ts", "tests/harness/harness.ts"),
    undefined,
  );
  assert.equal(
    layerProblem(
      "solutions/02_value/value_test.ts",
      "tests/suites/value_suite.ts",
    ),
    undefined,
  );
  assert.match(
    layerProblem("katas/02_value/value_test.ts", "runner/kata.ts") ?? "",
    /katas\//,
  );
});

Deno.test("house/layers: solutions/ and katas/ never import each other", () => {
  assert.match(
    layerProblem(
      "katas/05_softmax/softmax.ts",
      "solutions/04_linear/linear.ts",
    ) ?? "",
    /^katas\/ may not import solutions\/: they are two copies of the course/,
  );
  assert.match(
    layerProblem(
      "solutions/05_softmax/softmax.ts",
      "katas/04_linear/linear.ts",
    ) ?? "",
    /^solutions\/ may not import katas\//,
  );
});
