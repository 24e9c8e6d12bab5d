/**
 * Kata 02 · value: the property suite, run on `katas/02_value` and `solutions/02_value`.
 *
 * Kata 02 has no backward pass yet, so derivatives through a small graph are computed here
 * by forward-mode accumulation ({@link derivative}), independently of kata 03.
 *
 * @module
 */
import fc from "fast-check";
import type * as ValueModule from "../../solutions/02_value/value.ts";
import {
  assertClose,
  check,
  CheckFailure,
  diagnoses,
  type Diagnosis,
  ensure,
  forAll,
  GRADIENT,
  type Mistake,
  numericGrad,
  pair,
  positive,
  property,
  real,
  suite,
} from "../harness/harness.ts";

/** The modules kata 02 is made of. */
export interface ValueImpl {
  /** `value.ts` */
  readonly value: typeof ValueModule;
}

/** A node as the checks see it: the public fields of kata 02's `Value`. */
type Node = ValueModule.Value;

/** The learner's `Value` class. */
type ValueClass = ValueImpl["value"]["Value"];

/**
 * d(out)/d(leaf) through the graph below `out`: the sum over paths of the products of local
 * grads, by forward-mode recursion (graphs here are a few nodes deep).
 */
export function derivative(out: Node, leaf: Node): number {
  if (out === leaf) return 1;
  const children = out.children ?? [];
  return children.reduce(
    (acc, child, i) =>
      acc + (out.localGrads?.[i] ?? NaN) * derivative(child, leaf),
    0,
  );
}

const FRACTIONAL = [-1, -0.5, 0.5, 1.5, 2, 3] as const;
const INTEGER = [-1, 2, 3] as const;

/**
 * Plain numbers in [min, max] that are multiples of 1/4 other than 0: never equal to ±a, ±1/a
 * for an `a` of {@link real}, so a leaf holding k, -k or 1/k was made from the number.
 */
function number(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: min * 4, max: max * 4 })
    .filter((j) => j !== 0)
    .map((j) => j / 4);
}

/** The mistakes kata 02's suite names. */
export const D = diagnoses("02_value", {
  childrenOrder:
    "children stored as [b, a]: keep [this, other], so localGrads[i] belongs to children[i]",
  swappedProduct:
    "the product rule with the grads swapped: d(a·b)/da is b, not a",
  powNoMinusOne:
    "the power rule without the -1: d(a^n)/da is n·a^(n-1), not n·a^n",
  powNoFactor: "the power rule without the factor n: d(a^n)/da is n·a^(n-1)",
  powViaLog:
    "pow computed as exp(n·log(a)), which is NaN for a < 0: compute a ** n",
  powDivided:
    "the local grad written as n·a^n / a, which is 0/0 = NaN at a = 0: compute n·a^(n-1)",
  logAsA: "d(ln a)/da taken as a: it is 1/a",
  logAsLog: "d(ln a)/da taken as ln a: it is 1/a",
  expOne:
    "a local grad of 1 for exp: exp is its own derivative, d(e^a)/da = e^a",
  expA: "a local grad of a for exp: exp is its own derivative, d(e^a)/da = e^a",
  reluOutput:
    "relu's output used as its local grad: the slope is 1 where a > 0, else 0",
  reluOne: "a relu local grad of 1 everywhere: it is 0 where a <= 0",
  reluAtZero:
    "a relu local grad of 1 at a = 0 (a >= 0): microgpt's slope is 0 there, float(a > 0)",
  negPlus: "neg computing +a: it is a · (-1)",
  noLink: "an op with no link to its inputs: build it from mul, add and pow",
  swapped: "b op a: the operands are swapped",
  ownRule:
    "an op with a rule of its own (new Value): build neg, sub, div, rsub and rdiv from mul, add and pow, as microgpt does, so the graph and its floats are microgpt's",
  rsubWrong: "a - b: rsub(b) is b - a, the other operand on the left",
  rdivWrong: "a / b: rdiv(b) is b / a, the other operand on the left",
  rOrder:
    "the other operand first, b + (-a) or b · a^-1: for a number b, Python runs microgpt's other + (-self) as (-self) + other, and other * self**-1 as self**-1 · other, so the node made from a (-a, a^-1) comes first",
  plainNumber:
    'a plain number read as a Value (a number\'s .data is undefined, so NaN): test typeof other === "number" and use the number itself',
  numberLeaf:
    "a plain number made into a leaf node (new Value(k), microgpt's Value(other)): keep it a plain number, so a.add(k) has the one child a. A constant never needs a gradient, and these leaves alone make training slower (deno task bench --mistakes measures it on your machine)",
});

/** Kata 02's suite. */
export const valueSuite = suite<ValueImpl>({
  kata: "02_value",
  diagnoses: D,
  properties: ({ value: { Value } }) => [
    property(
      "add sums, with local grads [1, 1]",
      pair(),
      ([a, b]) => adds(Value, a, b),
    ),
    property(
      "mul multiplies, with local grads [b, a] (the product rule)",
      pair(),
      ([a, b]) => multiplies(Value, a, b),
    ),
    property(
      "a plain number is not a node: a.add(k) and a.mul(k) have the one child a, with local grads [1] and [k]",
      fc.tuple(real(), number(-3, 3)),
      ([a, k]) => keepsNumberPlain(Value, a, k),
    ),
    check(
      "pow(n) raises to n, with local grad n·a^(n-1) (the power rule)",
      () => {
        for (const n of FRACTIONAL) powRule(Value, n, positive());
      },
    ),
    check("pow(n) also works on negative numbers and 0 for integer n", () => {
      for (const n of INTEGER) powRule(Value, n, real(-3, -0.05));
      for (const n of [1, 2, 3]) powOfZero(Value, n);
    }),
    property(
      "log is the natural log, with local grad 1/a",
      positive(),
      (a) => unary(Value, LOG, a),
    ),
    property(
      "exp, with local grad exp(a) (exp is its own derivative)",
      real(),
      (a) => unary(Value, EXP, a),
    ),
    check(
      "relu is max(0, a), with local grad 1 where a > 0 and 0 elsewhere, 0 included",
      () => {
        forAll(real(), (a) => unary(Value, RELU, a));
        reluOfZero(Value);
      },
    ),
    property(
      "neg is -a, built as a · (-1), so d/da = -1",
      pair(),
      ([a, b]) => derived(Value, NEG, a, b),
    ),
    property(
      "sub is a - b, built as a + (-b), with d/da = 1 and d/db = -1",
      pair(),
      ([a, b]) => derived(Value, SUB, a, b),
    ),
    property(
      "div is a / b, built as a · b^-1, with d/da = 1/b and d/db = -a/b²",
      fc.tuple(real(), positive(0.25, 3)),
      ([a, b]) => derived(Value, DIV, a, b),
    ),
    check(
      "rsub and rdiv put the other operand on the left: b - a built as (-a) + b, b / a as a^-1 · b",
      () => {
        forAll(pair(), ([a, b]) => derived(Value, RSUB, a, b));
        forAll(
          fc.tuple(positive(0.25, 3), real()),
          ([a, b]) => derived(Value, RDIV, a, b),
        );
      },
    ),
    property(
      "every op takes a plain number as it is: the right value and slope, and no leaf node for it",
      fc.tuple(positive(0.25, 3), number(0.25, 3)),
      ([a, k]) => takesNumbers(Value, a, k),
    ),
  ],
});

// The ops the properties check: each with its forward on plain numbers, its slope, and the
// mistakes a wrong value names.

/** A one-input op, checked by {@link unary}. */
interface UnaryOp {
  /** The op in a message: `"log"`, `"pow(2) of"`. */
  readonly name: string;
  /** The op on the learner's node. */
  readonly op: (a: Node) => Node;
  /** The op on a plain number. */
  readonly plain: (a: number) => number;
  /** Its derivative, the expected local grad. */
  readonly slope: (a: number) => number;
  /** The local grads the mistakes would give at a. */
  readonly mistakes: (a: number) => Mistake[];
  /** The values the mistakes would give. */
  readonly dataMistakes?: Mistake[];
}

/** pow(n): its local grad is n·a^(n-1). */
function pow(n: number): UnaryOp {
  return {
    name: `pow(${n}) of`,
    op: (x) => x.pow(n),
    plain: (t) => t ** n,
    slope: (t) => n * t ** (n - 1),
    mistakes: (t) => [
      [D.powNoMinusOne, n * t ** n],
      [D.powNoFactor, t ** (n - 1)],
    ],
    dataMistakes: [[D.powViaLog, NaN]],
  };
}

const LOG: UnaryOp = {
  name: "log",
  op: (x) => x.log(),
  plain: Math.log,
  slope: (t) => 1 / t,
  mistakes: (t) => [
    [D.logAsA, t],
    [D.logAsLog, Math.log(t)],
  ],
};

const EXP: UnaryOp = {
  name: "exp",
  op: (x) => x.exp(),
  plain: Math.exp,
  slope: Math.exp,
  mistakes: (t) => [
    [D.expOne, 1],
    [D.expA, t],
  ],
};

const RELU: UnaryOp = {
  name: "relu",
  op: (x) => x.relu(),
  plain: (t) => Math.max(0, t),
  slope: (t) => t > 0 ? 1 : 0,
  mistakes: (t) => [
    [D.reluOutput, Math.max(0, t)],
    [D.reluOne, 1],
  ],
};

/**
 * A derived op, checked by {@link derived} through the graph it builds. `swapped` names
 * computing b op a (for rsub, that is the rsub mistake); `lookalikes` are wrong graphs with
 * the right value, each built from the learner's primitives and named.
 */
interface DerivedOp {
  /** The op in a message: `"a.sub(b)"`. */
  readonly name: string;
  /** The op on the learner's nodes. */
  readonly op: (a: Node, b: Node) => Node;
  /** The graph microgpt builds, from the learner's own primitives. */
  readonly reference: (a: Node, b: Node) => Node;
  /** The op on plain numbers. */
  readonly plain: (a: number, b: number) => number;
  /** [d/da, d/db]. */
  readonly grads: (a: number, b: number) => [number, number];
  /** The mistake of computing b op a. */
  readonly swapped?: Diagnosis;
  /** The values other mistakes would give. */
  readonly mistakes?: (a: number, b: number) => Mistake[];
  /** Wrong graphs with the right value, each named. */
  readonly lookalikes?: readonly Lookalike[];
}

/** A wrong graph with the right value, built from the learner's primitives, and its name. */
type Lookalike = readonly [Diagnosis, (a: Node, b: Node) => Node];

const NEG: DerivedOp = {
  name: "a.neg()",
  op: (x) => x.neg(),
  reference: (x) => x.mul(-1),
  plain: (a) => -a,
  grads: () => [-1, 0],
  mistakes: (a) => [[D.negPlus, a]],
};

const SUB: DerivedOp = {
  name: "a.sub(b)",
  op: (x, y) => x.sub(y),
  reference: (x, y) => x.add(y.mul(-1)),
  plain: (a, b) => a - b,
  grads: () => [1, -1],
  swapped: D.swapped,
};

const DIV: DerivedOp = {
  name: "a.div(b)",
  op: (x, y) => x.div(y),
  reference: (x, y) => x.mul(y.pow(-1)),
  plain: (a, b) => a / b,
  grads: (a, b) => [1 / b, -a / (b * b)],
  swapped: D.swapped,
};

const RSUB: DerivedOp = {
  name: "a.rsub(b)",
  op: (x, y) => x.rsub(y),
  reference: (x, y) => x.mul(-1).add(y),
  plain: (a, b) => b - a,
  grads: () => [-1, 1],
  swapped: D.rsubWrong,
  lookalikes: [[D.rOrder, (x, y) => y.add(x.mul(-1))]],
};

const RDIV: DerivedOp = {
  name: "a.rdiv(b)",
  op: (x, y) => x.rdiv(y),
  reference: (x, y) => x.pow(-1).mul(y),
  plain: (a, b) => b / a,
  grads: (a, b) => [-b / (a * a), 1 / a],
  swapped: D.rdivWrong,
  lookalikes: [[D.rOrder, (x, y) => y.mul(x.pow(-1))]],
};

// What the longer properties check, in the list's order.

function adds(Value: ValueClass, a: number, b: number): void {
  const x = new Value(a);
  const y = new Value(b);
  const out = x.add(y);
  assertClose(out.data, a + b, `a.add(b) with a = ${a}, b = ${b}`);
  sameChildren(out, [x, y], "a.add(b)");
  assertClose(out.localGrads, [1, 1], `a.add(b).localGrads`);
}

function multiplies(Value: ValueClass, a: number, b: number): void {
  const x = new Value(a);
  const y = new Value(b);
  const out = x.mul(y);
  assertClose(out.data, a * b, `a.mul(b) with a = ${a}, b = ${b}`);
  sameChildren(out, [x, y], "a.mul(b)");
  assertClose(
    out.localGrads,
    [b, a],
    `a.mul(b).localGrads with a = ${a}, b = ${b}`,
    { mistakes: [[D.swappedProduct, [a, b]]] },
  );
}

function keepsNumberPlain(Value: ValueClass, a: number, k: number): void {
  const nan: Mistake[] = [[D.plainNumber, NaN]];
  const x = new Value(a);
  const sum = x.add(k);
  const what = `a.add(${k}) with a = ${a}`;
  assertClose(sum.data, a + k, what, { mistakes: nan });
  onlyChild(sum, x, k, `a.add(${k})`);
  assertClose(sum.localGrads, [1], `${what}: localGrads`);
  const product = x.mul(k);
  const times = `a.mul(${k}) with a = ${a}`;
  assertClose(product.data, a * k, times, { mistakes: nan });
  onlyChild(product, x, k, `a.mul(${k})`);
  assertClose(product.localGrads, [k], `${times}: localGrads`, {
    mistakes: [[D.swappedProduct, [a]]],
  });
}

/** Checks pow(n) on inputs from `arb` (positive ones for a fractional n). */
function powRule(
  Value: ValueClass,
  n: number,
  arb: fc.Arbitrary<number>,
): void {
  const op = pow(n);
  forAll(arb, (a) => unary(Value, op, a));
}

function powOfZero(Value: ValueClass, n: number): void {
  const out = new Value(0).pow(n);
  assertClose(out.data, 0, `pow(${n}) of 0`);
  assertClose(
    out.localGrads,
    [n === 1 ? 1 : 0],
    `pow(${n}) of 0: localGrads`,
    { mistakes: [[D.powDivided, [NaN]]] },
  );
}

/**
 * Checks a one-input op at a: forward against plain arithmetic, its local grad against the
 * analytic derivative and the central difference of the op's own forward.
 */
function unary(
  Value: ValueClass,
  { name, op, plain, slope, mistakes, dataMistakes = [] }: UnaryOp,
  a: number,
): void {
  const x = new Value(a);
  const out = op(x);
  assertClose(out.data, plain(a), `${name}(${a}).data`, {
    mistakes: dataMistakes,
  });
  ensure(
    out.children.length === 1 && out.children[0] === x,
    () =>
      `${name}(${a}).children should be [a] (the input node itself), got ${out.children.length} children`,
  );
  assertClose(out.localGrads, [slope(a)], `${name}(${a}).localGrads`, {
    mistakes: mistakes(a).map(([d, v]) => [d, [v as number]]),
  });
  const [numeric] = numericGrad(([t]) => op(new Value(t)).data, [a]);
  assertClose(
    out.localGrads[0],
    numeric,
    `${name}(${a}) local grad vs central difference`,
    { tol: GRADIENT },
  );
}

function reluOfZero(Value: ValueClass): void {
  const out = new Value(0).relu();
  assertClose(out.data, 0, "relu(0).data");
  assertClose(out.localGrads, [0], "relu(0).localGrads", {
    mistakes: [[D.reluAtZero, [1]]],
  });
}

/**
 * Checks a derived op at (a, b) through the graph it builds: its value, d/d(each input), and
 * that the graph is the one `reference` builds from the learner's own primitives.
 */
function derived(
  Value: ValueClass,
  spec: DerivedOp,
  a: number,
  b: number,
): void {
  const { name, op, plain, grads, swapped, mistakes = () => [] } = spec;
  const x = new Value(a);
  const y = new Value(b);
  const out = op(x, y);
  const asSwapped: Mistake[] = swapped ? [[swapped, plain(b, a)]] : [];
  assertClose(out.data, plain(a, b), `${name} with a = ${a}, b = ${b}`, {
    mistakes: [...asSwapped, ...mistakes(a, b), [D.plainNumber, NaN]],
  });
  const got = [derivative(out, x), derivative(out, y)];
  assertClose(
    got,
    grads(a, b),
    `[d/da, d/db] of ${name} with a = ${a}, b = ${b}`,
    {
      tol: GRADIENT,
      mistakes: [
        [D.noLink, [0, 0]],
        // The gradient of b op a, with respect to a and b.
        ...(swapped ? [[swapped, grads(b, a).reverse()] as Mistake] : []),
        [D.plainNumber, [NaN, NaN]],
      ],
    },
  );
  const numeric = numericGrad(
    ([s, t]) => op(new Value(s), new Value(t)).data,
    [a, b],
  );
  assertClose(
    got,
    numeric,
    `[d/da, d/db] of ${name} vs central difference`,
    { tol: GRADIENT },
  );
  microgptGraph(spec, x, y, out);
}

/** Fails unless `out`, built from x and y, is the graph `reference` builds. */
function microgptGraph(
  { name, reference, lookalikes = [] }: DerivedOp,
  x: Node,
  y: Node,
  out: Node,
): void {
  const inputs = [x, y];
  const want = reference(x, y);
  const where = differentShape(out, want, inputs, "");
  if (where === undefined) return;
  // The probe runs the learner's ops (it builds the lookalikes) before the message is built.
  const like = lookalike(lookalikes, x, y, out);
  throw new CheckFailure(
    `${name} builds a graph unlike microgpt's ${
      describeShape(want, inputs)
    }: it differs at ${where || "the top"} (got ${describeShape(out, inputs)})`,
    like ?? D.ownRule,
  );
}

function takesNumbers(Value: ValueClass, a: number, k: number): void {
  const cases: [string, (x: Node) => Node, number, number][] = [
    [`a.add(${k})`, (x) => x.add(k), a + k, 1],
    [`a.mul(${k})`, (x) => x.mul(k), a * k, k],
    [`a.sub(${k})`, (x) => x.sub(k), a - k, 1],
    [`a.div(${k})`, (x) => x.div(k), a / k, 1 / k],
    [`a.rsub(${k})`, (x) => x.rsub(k), k - a, -1],
    [`a.rdiv(${k})`, (x) => x.rdiv(k), k / a, -k / (a * a)],
  ];
  for (const [what, op, data, slope] of cases) {
    const x = new Value(a);
    const out = op(x);
    const hint: Mistake[] = [[D.plainNumber, NaN]];
    assertClose(out.data, data, `${what} with a = ${a}`, {
      mistakes: hint,
    });
    assertClose(
      derivative(out, x),
      slope,
      `d/da of ${what} with a = ${a}`,
      { mistakes: hint },
    );
    const leaf = leaves(out).find((n) => n !== x);
    ensure(
      !leaf,
      () =>
        `${what} with a = ${a} builds a leaf node holding ${leaf?.data}: the only leaf below it should be a itself, with ${k} kept a plain number`,
      () => leaf && numberLeaf(leaf, k) ? D.numberLeaf : undefined,
    );
  }
}

// The children the ops must keep.

function sameChildren(out: Node, inputs: Node[], what: string): void {
  const reversed = () =>
    out.children.length === 2 &&
    out.children[0] === inputs[1] && out.children[1] === inputs[0];
  ensure(
    out.children.length === inputs.length &&
      out.children.every((c, i) => c === inputs[i]),
    () =>
      `${what}.children should be the input nodes themselves, in order [a, b]; got ` +
      (reversed() ? "[b, a]" : `${out.children.length} children`),
    () => reversed() ? D.childrenOrder : undefined,
  );
}

/** Fails unless `out` has the one child `a`: the plain number k must not be a node. */
function onlyChild(out: Node, a: Node, k: number, what: string): void {
  ensure(
    out.children.length === 1 && out.children[0] === a,
    () =>
      `${what}.children should be [a], the input node alone (${k} stays a plain number); got [${
        out.children.map((c) => childName(c, a)).join(", ")
      }]`,
    () =>
      out.children.some((c) => c !== a && numberLeaf(c, k))
        ? D.numberLeaf
        : undefined,
  );
}

// Graphs, as the checks walk and the messages describe them.

/** Whether `x` is a node at all (a learner may put a plain number among the children). */
function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null &&
    Array.isArray((x as Node).children);
}

/** The nodes with no children in the graph below `out`, walked with a stack. */
function leaves(out: Node): Node[] {
  const seen = new Set<Node>();
  const found: Node[] = [];
  const stack = [out];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isNode(node) || seen.has(node)) continue;
    seen.add(node);
    if (node.children.length === 0) found.push(node);
    stack.push(...node.children);
  }
  return found;
}

/** A child as the messages name it: `a`, `Value(0.75)` (a leaf), a node, or a plain number. */
function childName(child: unknown, a: Node): string {
  if (child === a) return "a";
  if (!isNode(child)) return String(child);
  return child.children.length === 0 ? `Value(${child.data})` : "a node";
}

/**
 * Where the graph below `got` differs from the one below `want` (a path such as
 * `children[1].children[0]`), or `undefined` when they are the same: the same inputs (by
 * identity), and elsewhere nodes with the same data, local grads and shape.
 */
function differentShape(
  got: Node,
  want: Node,
  inputs: readonly Node[],
  path: string,
): string | undefined {
  if (inputs.includes(want)) return got === want ? undefined : path;
  if (
    !isNode(got) || inputs.includes(got) || !Object.is(got.data, want.data) ||
    got.children.length !== want.children.length ||
    got.localGrads.some((g, i) => !Object.is(g, want.localGrads[i]))
  ) {
    return path;
  }
  for (let i = 0; i < want.children.length; i++) {
    const where = differentShape(
      got.children[i],
      want.children[i],
      inputs,
      `${path}${path ? "." : ""}children[${i}]`,
    );
    if (where !== undefined) return where;
  }
  return undefined;
}

/**
 * A graph as an expression, `add(a, mul(b, -1))`: the inputs are a and b, any other leaf is
 * `Value(data)`, and each op is told by its local grads: add has [1, 1], or [1] and one child
 * when the other operand is a plain number k, `add(a, k)`; mul has [b, a], or [k] for
 * `mul(a, k)`; `pow(a, -1)` has one child and data 1/a. Anything else is `op(…)`.
 */
function describeShape(node: Node, inputs: readonly Node[]): string {
  const i = inputs.indexOf(node);
  if (i >= 0) return "ab"[i];
  if (!isNode(node)) return String(node);
  if (node.children.length === 0) return `Value(${node.data})`;
  const args = node.children.map((c) => describeShape(c, inputs));
  const [x, y] = node.children;
  const [g, h] = node.localGrads;
  if (args.length === 2 && isNode(x) && isNode(y)) {
    if (g === 1 && h === 1) return `add(${args.join(", ")})`;
    if (g === y.data && h === x.data) return `mul(${args.join(", ")})`;
  } else if (args.length === 1 && isNode(x)) {
    if (node.data === x.data * g) return `mul(${args[0]}, ${g})`;
    if (g === 1) return `add(${args[0]}, ${node.data - x.data})`;
    if (node.data === x.data ** -1) return `pow(${args[0]}, -1)`;
  }
  return `op(${args.join(", ")})`;
}

// Probes: what a planted mistake would build, to confirm the diagnosis of a failure.

/** Whether `node` is a leaf made from the plain number k (k itself, -k or 1/k). */
function numberLeaf(node: Node, k: number): boolean {
  return isNode(node) && node.children.length === 0 &&
    [k, -k, 1 / k].includes(node.data);
}

/** The lookalike whose graph, built from the learner's primitives on x and y, is `out`'s. */
function lookalike(
  lookalikes: readonly Lookalike[],
  x: Node,
  y: Node,
  out: Node,
): Diagnosis | undefined {
  const inputs = [x, y];
  return lookalikes.find(([, build]) =>
    differentShape(out, build(x, y), inputs, "") === undefined
  )?.[0];
}
