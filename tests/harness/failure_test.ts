import assert from "node:assert/strict";
import { diagnoses } from "./diagnosis.ts";
import { asFailure, CheckFailure, ensure, notImplemented } from "./failure.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

Deno.test("harness: notImplemented recognises only a stub's throw", () => {
  assert.ok(
    notImplemented(new Error("not implemented: Value.add, see README.md")),
  );
  assert.ok(!notImplemented(new Error("x is not implemented here")));
  assert.ok(!notImplemented("not implemented: f"));
});

Deno.test("harness: ensure throws a CheckFailure with the message and diagnosis, only when the condition fails", () => {
  ensure(true, "never shown", D.other);
  let calls = 0;
  const probe = () => {
    calls++;
    return D.swap;
  };
  ensure(1 + 1 === 2, () => `${calls++}`, probe);
  assert.equal(
    calls,
    0,
    "a function message or diagnosis runs only on failure",
  );
  assert.throws(
    () => ensure(false, () => "the sum is 3, expected 2", probe),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.equal(
        e.message,
        "the sum is 3, expected 2\n    this looks like a swap",
      );
      assert.equal(e.diagnosis, D.swap);
      return true;
    },
  );
  assert.throws(
    () => ensure(0, "zero"),
    (e) => e instanceof CheckFailure && e.diagnosis === undefined,
  );
});

Deno.test("harness: asFailure keeps a CheckFailure and words any other error", () => {
  const failure = new CheckFailure("x", D.other);
  assert.equal(asFailure(failure), failure);
  assert.equal(asFailure(new TypeError("boom")).message, "TypeError: boom");
  assert.equal(asFailure("text").message, "text");
});

/** An error thrown with `frames` ("fn path:line:col" or "path:line:col", paths from the root). */
function thrownThrough(...frames: string[]): TypeError {
  const root = new URL("../../", import.meta.url).href;
  const e = new TypeError("x is undefined");
  e.stack = [
    "TypeError: x is undefined",
    ...frames.map((f) => {
      const [fn, at] = f.includes(" ") ? f.split(" ") : ["", f];
      return fn ? `    at ${fn} (${root}${at})` : `    at ${root}${at}`;
    }),
  ].join("\n");
  return e;
}

Deno.test("harness: asFailure names where an error was thrown; inside an earlier kata, the current kata's call first", () => {
  const own = thrownThrough(
    "headOf katas/07_attention/attention.ts:80:5",
    "attention katas/07_attention/attention.ts:60:3",
    "tests/suites/attention_suite.ts:10:1",
  );
  assert.equal(
    asFailure(own).message,
    "TypeError: x is undefined\n    at katas/07_attention/attention.ts:80:5",
  );
  const earlier = thrownThrough(
    "dot katas/04_linear/linear.ts:55:31",
    "katas/07_attention/attention.ts:67:39",
    "attention katas/07_attention/attention.ts:60:3",
    "tests/suites/attention_suite.ts:10:1",
    "ext:core/01_core.js:1252:34",
  );
  assert.equal(
    asFailure(earlier).message,
    "TypeError: x is undefined\n" +
      "    at katas/07_attention/attention.ts:67:39, where your kata 07 calls dot (kata 04)\n" +
      "    which threw at katas/04_linear/linear.ts:55:31: kata 04 passes its checks, " +
      "so look first at what your line gives it",
  );
  const deeper = thrownThrough(
    "dot solutions/04_linear/linear.ts:55:31",
    "linear solutions/04_linear/linear.ts:80:3",
    "attention solutions/07_attention/attention.ts:57:13",
    "gpt solutions/08_gpt/gpt.ts:146:9",
    "tests/suites/gpt_suite.ts:10:1",
  );
  assert.match(
    asFailure(deeper).message,
    /at solutions\/08_gpt\/gpt\.ts:146:9, where your kata 08 calls attention \(kata 07\)\n {4}which threw at solutions\/04_linear\/linear\.ts:55:31: katas 04 and 07 pass their checks/,
  );
  const given = thrownThrough(
    "lib/random.ts:5:5",
    "katas/10_sampler/sampler.ts:70:7",
    "tests/suites/sampler_suite.ts:10:1",
  );
  assert.match(
    asFailure(given).message,
    /at katas\/10_sampler\/sampler\.ts:70:7, where your kata 10 calls the course's code\n {4}which threw at lib\/random\.ts:5:5: that code is the course's own/,
  );
});
