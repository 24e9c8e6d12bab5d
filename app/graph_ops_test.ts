import assert from "node:assert/strict";
import { Value } from "../solutions/02_value/value.ts";
import { dot, sum } from "../solutions/04_linear/linear.ts";
import {
  type GraphValue,
  nodeName,
  opName,
  short,
  shown,
} from "./graph_ops.ts";

/** A node holding `data`, made from `children` with `localGrads`, as a learner's might be. */
function node(
  data: number,
  children: GraphValue[] = [],
  localGrads: number[] = [],
): GraphValue {
  return { data, grad: 0, children, localGrads };
}

Deno.test("graph ops: each op of kata 02 is named from its data and local grads", () => {
  const a = new Value(2);
  const b = new Value(3);
  const named: [string, Value][] = [
    ["leaf", a],
    ["+", a.add(b)],
    ["·", a.mul(b)],
    ["+ 1", a.add(1)],
    ["+ -3", a.sub(3)],
    ["· 3", a.mul(3)],
    ["· 0.25", a.div(4)],
    ["neg", a.neg()],
    ["^ 2", b.pow(2)],
    ["^ -0.5", b.pow(-0.5)],
    ["^ -1", a.pow(-1)],
    ["exp", a.exp()],
    ["log", a.log()],
  ];
  for (const [name, v] of named) assert.equal(opName(v), name);
  // relu of -2 is 0 with local grad 0: so is -2 · 0, and both are named.
  assert.equal(opName(a.neg().relu()), "· 0 | relu");
});

Deno.test("graph ops: kata 04's sum and dot, with any number of children", () => {
  const xs = [1, 2, 3].map((x) => new Value(x));
  const ys = [4, 5, 6].map((y) => new Value(y));
  assert.equal(opName(sum(xs)), "sum");
  assert.equal(opName(dot(xs, ys)), "dot");
});

Deno.test("graph ops: when several ops fit, each is named; when none fits, ?", () => {
  const a = new Value(2);
  // relu of a positive number is the number itself, with local grad 1: so are a + 0 and a · 1.
  assert.equal(opName(a.relu()), "+ 0 | · 1 | relu");
  const c = node(2);
  // 7 from 2 with local grad 2: no op of kata 02 gives that.
  assert.equal(opName(node(7, [c], [2])), "?");
  // A sum whose local grads are not all 1, a product whose grads are not swapped.
  assert.equal(opName(node(5, [c, node(3)], [1, 2])), "?");
  assert.equal(opName(node(6, [c, node(3)], [2, 3])), "?");
  // Local grads that do not match the children.
  assert.equal(opName(node(5, [c, node(3)], [1])), "?");
  // exp with a wrong local grad: a label is a claim, so not "exp".
  assert.equal(opName(node(Math.exp(2), [c], [1 / 2])), "?");
});

Deno.test("graph ops: a node's own op or _op field is its op; name or label (micrograd's) is its name", () => {
  const a = node(2);
  assert.equal(
    opName({ ...node(4, [a], [2]), op: "square" } as GraphValue),
    "square",
  );
  assert.equal(
    opName({ ...node(4, [a], [2]), _op: "**2" } as GraphValue),
    "**2",
  );
  assert.equal(opName({ ...node(4), label: "x" } as GraphValue), "leaf");
  assert.equal(nodeName({ ...node(4), label: "x" } as GraphValue), "x");
  assert.equal(
    nodeName({ ...node(4), name: "a", label: "x" } as GraphValue),
    "a",
  );
  assert.equal(nodeName({ ...node(4), name: "" } as GraphValue), undefined);
  assert.equal(nodeName(node(4)), undefined);
  assert.equal(opName({ ...node(5, [a], [1]), op: "" } as GraphValue), "+ 3");
});

Deno.test("graph ops: numbers show 4 significant digits", () => {
  assert.equal(short(7), "7");
  assert.equal(short(1 / 3), "0.3333");
  assert.equal(short(-1.13137), "-1.131");
  assert.equal(short(0.0900306), "0.09003");
  assert.equal(short(1e-5), "1e-5");
  assert.equal(short(-5.551115123125783e-17), "-5.551e-17");
});

Deno.test("graph ops: a number below 1e-12 of the largest of its kind shows as ≈0, and 0 as 0", () => {
  assert.equal(shown(-5.551115123125783e-17, 1), "≈0");
  assert.equal(shown(0, 1), "0");
  assert.equal(shown(-5.551115123125783e-17, 1e-16), "-5.551e-17");
  assert.equal(shown(1e-5, 1), "1e-5");
  assert.equal(shown(0.5, 1), "0.5");
});
