import assert from "node:assert/strict";
import { count, list, literal } from "./format.ts";

Deno.test("harness: count says 1 character, 2 characters", () => {
  assert.equal(count(1, "character"), "1 character");
  assert.equal(count(0, "node"), "0 nodes");
  assert.equal(count(2, "node"), "2 nodes");
  assert.equal(count(1, "loss", "losses"), "1 loss");
  assert.equal(count(3, "loss", "losses"), "3 losses");
});

Deno.test("harness: list writes a list as a learner reads it", () => {
  assert.equal(list([1, 2.5]), "[1, 2.5]");
  assert.equal(list([]), "[]");
});

Deno.test("harness: literal writes a drawn value as plain JSON-like text, numbers that round-trip", () => {
  const record = Object.assign(Object.create(null), {
    seed: 3,
    logits: [1, 2],
  });
  assert.equal(literal(record), '{"seed": 3, "logits": [1, 2]}');
  assert.equal(literal({ a: { b: [] } }), '{"a": {"b": []}}');
  assert.equal(
    literal([0.1 + 0.2, -0, NaN, -Infinity]),
    "[0.30000000000000004, -0, NaN, -Infinity]",
  );
  for (const x of [0.1 + 0.2, 5e-324, -1.7976931348623157e308, 1 / 3]) {
    assert.equal(Number(literal(x)), x);
  }
  assert.equal(literal(["a", 'b"']), '["a", "b\\""]');
  assert.equal(literal(new Float64Array([1, 2.5])), "[1, 2.5]");
  assert.equal(
    literal([undefined, null, true, 2n]),
    "[undefined, null, true, 2n]",
  );
  assert.equal(literal(new Map([[1, 2]])), "new Map([[1,2]])");
});
