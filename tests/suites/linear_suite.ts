/**
 * Kata 04 · linear: the property suite, run on `katas/04_linear` and `solutions/04_linear`,
 * each with its own tree's kata 02 `Value` and kata 03 `backward`.
 *
 * Values are compared bit for bit with a plain-number product summed in the same order
 * (`tests/harness/reference.ts`), on reals whose every mantissa bit is in use, so that a sum taken in
 * another order shows; gradients are compared with central differences. `sum` and `dot` must
 * each make one node whose children are their inputs themselves (dot's interleaved, a[0],
 * b[0], a[1], b[1], …), and each output of `linear` must be one `dot` node of its row and x:
 * the same floats and gradients as microgpt's node per product and per addition, with far
 * fewer nodes. For `linear`, values and gradients come first, so a learner who builds it from
 * `mul` and `sum` as microgpt does hears about their real mistakes before the node count.
 *
 * @module
 */
import fc from "fast-check";
import type * as LinearModule from "../../solutions/04_linear/linear.ts";
import { type BackwardImpl, backwardSuite } from "./backward_suite.ts";
import {
  allZero,
  anyReal,
  asFailure,
  assertClose,
  BITS,
  check,
  CheckFailure,
  checkGradients,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  list,
  type Mistake,
  notImplemented,
  type Prerequisite,
  prerequisite,
  property,
  real,
  reals,
  suite,
  weights,
  whichMistake,
} from "../harness/harness.ts";
import { type Matrix, matVec, plainSum } from "../harness/reference.ts";
import { valueSuite } from "./value_suite.ts";

/** The modules kata 04 uses: its own `linear.ts`, and the same tree's katas 02 and 03. */
export interface LinearImpl extends BackwardImpl {
  /** `linear.ts` */
  readonly linear: typeof LinearModule;
}

type Node = LinearImpl["value"]["Value"]["prototype"];

/** The learner's `Value` class. */
type ValueClass = LinearImpl["value"]["Value"];

/** The learner's linear on plain numbers: x and w in, the outputs' `.data` out. */
type Linear = (x: readonly number[], w: Matrix) => number[];

/** Katas 02 and 03, which every kata from 04 on builds on. */
export function autogradPrerequisites(impl: BackwardImpl): Prerequisite[] {
  return [prerequisite(valueSuite, impl), prerequisite(backwardSuite, impl)];
}

/** Katas 02–04, which katas 05 on build on (`sum` and `linear` come from 04). */
export function linearPrerequisites(impl: LinearImpl): Prerequisite[] {
  return [...autogradPrerequisites(impl), prerequisite(linearSuite, impl)];
}

/** A matrix and a vector of the shapes drawn, from `arb`. */
function shapes(arb: fc.Arbitrary<number>, max = 5) {
  return fc.record({
    nin: fc.integer({ min: 1, max }),
    nout: fc.integer({ min: 1, max }),
  }).chain(({ nin, nout }) =>
    fc.record({
      x: fc.array(arb, { minLength: nin, maxLength: nin }),
      w: fc.array(fc.array(arb, { minLength: nin, maxLength: nin }), {
        minLength: nout,
        maxLength: nout,
      }),
    })
  );
}

/** Two vectors of the same length, 1 to `max`, from `arb`. */
function pairs(arb: fc.Arbitrary<number>, max = 8) {
  return fc.integer({ min: 1, max }).chain((n) =>
    fc.record({
      a: fc.array(arb, { minLength: n, maxLength: n }),
      b: fc.array(arb, { minLength: n, maxLength: n }),
    })
  );
}

/** Lists of 1 to 8 values on the grid of `real`. */
const valueLists = () => reals({ minLength: 1, maxLength: 8 });

/** `w` in the learner's words: `[[1, 2], [3, 4]]` (2 rows × 2 columns). */
export function showMatrix(w: Matrix): string {
  return `[${w.map((row) => `[${row.join(", ")}]`).join(", ")}] (${
    count(w.length, "row")
  } × ${count(w[0]?.length ?? 0, "column")})`;
}

/** The mistakes kata 04's suite names. */
export const D = diagnoses("04_linear", {
  sumNoStart:
    "a reduce with no start value, which throws on an empty list: Python's sum starts from 0, so start your total at 0",
  sumReversed:
    "a sum taken right to left: add left to right, as Python's sum does; floats add up differently in another order",
  sumSkipsFirst:
    "a sum that leaves out the first value: add every value to the 0 you start from",
  sumDetached:
    "a new Value made from the plain total (new Value(total)), with no children: no gradient flows back through it; give the node its inputs as children, with their local grads",
  sumChained:
    "sum built as a chain of add nodes, one per value (microgpt's way): make it one node whose children are the values, each with local grad 1; the same floats and gradients, with one node instead of one per value",
  dotFirstTwice:
    "a total started at a[0]·b[0] and then added from index 0 again: the first product is counted twice; start the total at 0, as Python's sum does",
  dotNotOneNode:
    "dot built from mul and sum, a node per product and then the sum: make it one node whose children are a[0], b[0], a[1], b[1], … with the local grads b[0], a[0], b[1], a[1], …; the same floats and gradients with far fewer nodes",
  dotConcatenated:
    "the children listed a then b, [a[0], a[1], …, b[0], b[1], …]: interleave them, [a[0], b[0], a[1], b[1], …], as the local grads [b[0], a[0], b[1], a[1], …] are; localGrads[k] is the local grad of children[k], so the two must line up",
  dotNotSwapped:
    "each entry's own data as its local grad: d(a[i]·b[i])/d(a[i]) is b[i] and d/d(b[i]) is a[i], so the local grads are [b[0], a[0], b[1], a[1], …]",
  transposed:
    "w transposed: one output per column; microgpt takes one output per row of w, the dot product of the row with x",
  rowMissing: "the last row left out: make one output for every row of w",
  xByRow:
    "x indexed by the row number: multiply w[r][i] by x[i], the column's entry",
  notRestarted:
    "a running total that is not restarted for each row: each output is the sum of its own row's products only",
  xConstant:
    "x used as plain numbers (x[i].data): gradients never reach x; multiply the nodes themselves",
  wConstant:
    "w used as plain numbers (w[r][i].data): gradients never reach the weights; multiply the nodes themselves",
  linearNotDot:
    "linear built from mul and sum (microgpt's way), a node per product and a sum per row: make each output one node, dot(row, x); the same floats and gradients, and a node per product makes training several times slower (deno task bench --mistakes measures it on your machine)",
  linearSwapped:
    "dot(x, row): each output's children come out as [x[0], w[r][0], …]; microgpt multiplies wi * xi, the row's entry first, so take dot(row, x)",
});

/** Kata 04's suite. */
export const linearSuite = suite<LinearImpl>({
  kata: "04_linear",
  diagnoses: D,
  prerequisites: autogradPrerequisites,
  properties: (impl) => {
    const { value: { Value }, linear: { sum } } = impl;
    const run = outputs(impl);
    return [
      check(
        "sum of no values is 0, as Python's sum([])",
        () => sumOfNothing(impl),
      ),
      property(
        "sum adds left to right from 0, bit for bit as Python's sum",
        fc.array(anyReal(), { minLength: 1, maxLength: 8 }),
        (xs) =>
          confirmedClose(
            sum(leaves(Value, xs)).data,
            plainSum(xs),
            `sum(${list(xs)}).data`,
            sumMistakes(xs),
            () => sumProbe(impl),
          ),
      ),
      property(
        "sum is one node: its children are the values themselves, in order, each with local grad 1",
        valueLists(),
        (xs) => sumIsOneNode(impl, xs),
      ),
      property(
        "sum passes a gradient of 1 to each value",
        valueLists(),
        (xs) => sumPassesOne(impl, xs),
      ),
      property(
        "dot adds the products a[i]·b[i] left to right from 0, bit for bit",
        pairs(anyReal()),
        ({ a, b }) => dotAddsInOrder(impl, a, b),
      ),
      property(
        "dot is one node: children [a[0], b[0], a[1], b[1], …], local grads [b[0], a[0], b[1], a[1], …]",
        pairs(real()),
        ({ a, b }) => dotIsOneNode(impl, a, b),
      ),
      property(
        "dot's gradients w.r.t. every a[i] and b[i] match central differences",
        pairs(real(-2, 2), 5).chain((s) =>
          weights(1).map((ws) => ({ ...s, ws }))
        ),
        ({ a, b, ws }) => dotGradientsMatch(impl, a, b, ws),
      ),
      property(
        "linear gives one output per row of w",
        shapes(real()),
        ({ x, w }) => oneOutputPerRow(impl, x, w, run(x, w).length),
      ),
      property(
        "linear equals the plain matrix × vector product, bit for bit",
        shapes(anyReal()),
        ({ x, w }) =>
          confirmedClose(
            run(x, w),
            matVec(w, x),
            `linear(x = ${list(x)}, w = ${showMatrix(w)})`,
            productMistakes(x, w),
            () => linearProbe(impl),
          ),
      ),
      property(
        "gradients w.r.t. every x[i] and w[r][c] match central differences",
        shapes(real(-2, 2), 4).chain((s) =>
          weights(s.w.length).map((ws) => ({ ...s, ws }))
        ),
        ({ x, w, ws }) => linearGradientsMatch(impl, x, w, ws),
      ),
      property(
        "each output is one dot node of its row and x: children [w[r][0], x[0], w[r][1], x[1], …]",
        shapes(real(), 4),
        ({ x, w }) => outputsAreDots(impl, x, w),
      ),
    ];
  },
});

/** Fresh leaves of the learner's `Value`, one per number. */
function leaves(Value: ValueClass, xs: readonly number[]): Node[] {
  return xs.map((x) => new Value(x));
}

/**
 * The learner's linear on fresh leaves, its outputs' data. When linear throws, the failure
 * says so if it read past the end of x, and names the mistake from what it then returns.
 */
function outputs(impl: LinearImpl): Linear {
  const { value: { Value }, linear: { linear } } = impl;
  return (x, w) => {
    try {
      return linear(leaves(Value, x), w.map((row) => leaves(Value, row)))
        .map((o: Node) => o.data);
    } catch (e) {
      if (e instanceof CheckFailure || notImplemented(e)) throw e;
      const past = readsPastX(impl, x, w);
      if (!past) throw e;
      const mistake = past.outputs === x.length && x.length !== w.length
        ? D.transposed
        : past.outputs === w.length
        ? D.xByRow
        : undefined;
      throw new CheckFailure(
        `linear(x, w) with w of ${count(w.length, "row")} × ${
          count(x.length, "column")
        } read x[${past.first}], past the end of x (${
          count(x.length, "value")
        }), and threw ${asFailure(e).problem}`,
        mistake && atProbe(linearProbe(impl), mistake) ? mistake : undefined,
      );
    }
  };
}

// What the longer properties check, in the list's order.

function sumOfNothing({ linear: { sum } }: LinearImpl): void {
  let total;
  try {
    total = sum([]);
  } catch (e) {
    if (e instanceof TypeError && /reduce/i.test(e.message)) {
      throw new CheckFailure(`sum([]) threw ${e.message}`, D.sumNoStart);
    }
    throw e;
  }
  assertClose(total.data, 0, "sum([]).data");
  ensure(
    total.children.length === 0,
    () =>
      `sum([]) has ${
        count(total.children.length, "child")
      }, expected none: there are no values to add`,
  );
}

function sumIsOneNode(
  { value: { Value }, linear: { sum } }: LinearImpl,
  xs: readonly number[],
): void {
  const values = leaves(Value, xs);
  const total = sum(values);
  const names = new Map(values.map((v, i) => [v, `values[${i}]`]));
  assertChildren(
    total,
    values,
    names,
    `sum(values) of ${list(xs)}`,
    (children) => sumChildrenMistake(values, children),
  );
  assertClose(
    total.localGrads,
    xs.map(() => 1),
    `the local grads of sum(values) of ${list(xs)}`,
    { tol: BITS },
  );
}

function sumPassesOne(
  { value: { Value }, backward: { backward }, linear: { sum } }: LinearImpl,
  xs: readonly number[],
): void {
  const nodes = leaves(Value, xs);
  const total = sum(nodes);
  backward(total);
  const grads = nodes.map((n) => n.grad);
  // The node without children that no gradient can leave.
  const detached = (total.children ?? []).length === 0;
  assertClose(
    grads,
    xs.map(() => 1),
    `the grads of ${list(xs)} after backward(sum(values))`,
    { mistakes: detached ? [[D.sumDetached, xs.map(() => 0)]] : [] },
  );
}

function dotAddsInOrder(
  impl: LinearImpl,
  a: readonly number[],
  b: readonly number[],
): void {
  const { value: { Value }, linear: { dot } } = impl;
  const products = a.map((ai, i) => ai * b[i]);
  confirmedClose(
    dot(leaves(Value, a), leaves(Value, b)).data,
    plainSum(products),
    `dot(a = ${list(a)}, b = ${list(b)}).data`,
    dotMistakes(products),
    () => dotProbe(impl, "data"),
  );
}

function dotIsOneNode(
  impl: LinearImpl,
  a: readonly number[],
  b: readonly number[],
): void {
  const { value: { Value }, linear: { dot } } = impl;
  const an = leaves(Value, a);
  const bn = leaves(Value, b);
  const names = new Map([
    ...an.map((n, i) => [n, `a[${i}]`] as const),
    ...bn.map((n, i) => [n, `b[${i}]`] as const),
  ]);
  const d = dot(an, bn);
  const what = `dot(a = ${list(a)}, b = ${list(b)})`;
  const interleaved = an.flatMap((ai, i) => [ai, bn[i]]);
  const grads = a.flatMap((ai, i) => [b[i], ai]);
  assertChildren(
    d,
    interleaved,
    names,
    what,
    (children) => dotChildrenMistake(an, bn, children),
  );
  confirmedClose(
    d.localGrads,
    grads,
    `the local grads of ${what}`,
    [[D.dotNotSwapped, a.flatMap((ai, i) => [ai, b[i]])]],
    () => dotProbe(impl, "localGrads"),
  );
}

function dotGradientsMatch(
  { value: { Value }, backward: { backward }, linear: { dot } }: LinearImpl,
  a: readonly number[],
  b: readonly number[],
  ws: readonly number[],
): void {
  const n = a.length;
  checkGradients((v) => new Value(v), backward, {
    what: "dot(a, b)",
    params: [...a, ...b],
    label: (i) => i < n ? `a[${i}]` : `b[${i - n}]`,
    build: (p) => [dot(p.slice(0, n), p.slice(n))],
    plain: (p) => [plainSum(p.slice(0, n).map((ai, i) => ai * p[n + i]))],
    weights: ws,
  });
}

function oneOutputPerRow(
  impl: LinearImpl,
  x: readonly number[],
  w: Matrix,
  got: number,
): void {
  ensure(
    got === w.length,
    () =>
      `linear(x, w) with w of ${count(w.length, "row")} × ${
        count(x.length, "column")
      } returned ${count(got, "output")}, expected ${w.length}`,
    () => {
      const mistake = got === x.length
        ? D.transposed
        : got === w.length - 1
        ? D.rowMissing
        : undefined;
      return mistake && atProbe(linearProbe(impl), mistake)
        ? mistake
        : undefined;
    },
  );
}

function linearGradientsMatch(
  impl: LinearImpl,
  x: readonly number[],
  w: Matrix,
  ws: readonly number[],
): void {
  const { value: { Value }, backward: { backward }, linear: { linear } } = impl;
  const nin = x.length;
  const rows = <T>(p: readonly T[]) =>
    w.map((_, r) => p.slice(nin + r * nin, nin + (r + 1) * nin));
  checkGradients((v) => new Value(v), backward, {
    what: "linear(x, w)",
    params: [...x, ...w.flat()],
    label: (i) =>
      i < nin
        ? `x[${i}]`
        : `w[${Math.floor((i - nin) / nin)}][${(i - nin) % nin}]`,
    build: (p) => linear(p.slice(0, nin), rows(p)),
    plain: (p) => matVec(rows(p), p.slice(0, nin)),
    weights: ws,
    diagnose: (grads, numeric) => gradientMistake(impl, nin, grads, numeric),
  });
}

function outputsAreDots(
  { value: { Value }, linear: { linear } }: LinearImpl,
  x: readonly number[],
  w: Matrix,
): void {
  const xn = leaves(Value, x);
  const wn = w.map((row) => leaves(Value, row));
  const names = new Map([
    ...xn.map((n, i) => [n, `x[${i}]`] as const),
    ...wn.flatMap((row, r) => row.map((n, c) => [n, `w[${r}][${c}]`] as const)),
  ]);
  const out = linear(xn, wn);
  out.forEach((o: Node, r: number) => {
    const what = `linear(x = ${list(x)}, w = ${showMatrix(w)})[${r}]`;
    assertChildren(
      o,
      wn[r].flatMap((wi, i) => [wi, xn[i]]),
      names,
      what,
      (children) => outputChildrenMistake(xn, wn[r], children),
    );
    assertClose(
      o.localGrads,
      w[r].flatMap((wi, i) => [x[i], wi]),
      `the local grads of ${what}`,
      { tol: BITS },
    );
  });
}

// A node's children, in the learner's terms.

/**
 * Throws unless `node` has exactly the children `expected`, the nodes themselves in order;
 * `diagnose` names the mistake from what it has instead.
 */
function assertChildren(
  node: Node,
  expected: readonly Node[],
  names: ReadonlyMap<Node, string>,
  what: string,
  diagnose: (children: readonly Node[]) => Diagnosis | undefined,
): void {
  const children = node.children ?? [];
  ensure(
    same(children, expected),
    () =>
      `${what}: expected the children ${
        list(expected.map((c) => label(c, names)))
      } (the nodes themselves), got ${
        list(children.map((c) => label(c, names)))
      }`,
    () => diagnose(children),
  );
}

/**
 * A node in the learner's terms: its name in `names` (`"x[0]"`), else the named nodes it was
 * made from (`"a node of [w[0][0], x[0]]"`), else its data.
 */
function label(node: Node, names: ReadonlyMap<Node, string>): string {
  const name = names.get(node);
  if (name !== undefined) return name;
  const kids = node.children ?? [];
  return kids.length && kids.every((c) => names.has(c))
    ? `a node of ${list(kids.map((c) => names.get(c)))}`
    : kids.length
    ? `a node of ${count(kids.length, "child")} (data ${node.data})`
    : `a leaf with data ${node.data}`;
}

/** Whether `got` holds exactly the nodes of `expected`, in order. */
function same(got: readonly Node[], expected: readonly Node[]): boolean {
  return got.length === expected.length &&
    got.every((c, i) => c === expected[i]);
}

// Probes: what a planted mistake would compute, on the failing input and on a fixed one where
// each mistake gives its own value, or what the learner's graph is made of, to confirm the
// diagnosis of a failure.

/** The learner's value on a fixed probe input, microgpt's, and each mistake's there. */
interface Probe {
  /** The learner's value, or undefined when its code threw. */
  readonly got?: number | readonly number[];
  /** microgpt's value. */
  readonly expected: number | readonly number[];
  /** Each planted mistake's value. */
  readonly mistakes: readonly Mistake[];
}

/**
 * `actual` against `expected`, bit for bit; a mistake whose value `actual` matches (and
 * `expected` does not) is named only when the learner's value on `probe` is that mistake's
 * value there too.
 */
function confirmedClose(
  actual: number | readonly number[],
  expected: number | readonly number[],
  what: string,
  mistakes: readonly Mistake[],
  probe: () => Probe,
): void {
  try {
    assertClose(actual, expected, what, { tol: BITS });
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    const matched = mistakes.filter((m) =>
      !whichMistake(expected, [m], BITS) && whichMistake(actual, [m], BITS)
    );
    const at = matched.length ? probe() : undefined;
    const found = matched.find(([d]) => at && atProbe(at, d));
    throw new CheckFailure(e.problem, found?.[0]);
  }
}

/** Whether the learner's value on `probe` is that of `mistake` there, not microgpt's. */
function atProbe(probe: Probe, mistake: Diagnosis): boolean {
  const twins = probe.mistakes.filter((m) =>
    m[0] === mistake && !whichMistake(probe.expected, [m], BITS)
  );
  return probe.got !== undefined &&
    whichMistake(probe.got, twins, BITS) !== undefined;
}

/** The learner's `call`, or undefined when it throws. */
function attempt<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

/**
 * The probe of sum: three values that a sum taken in another order, or without the first
 * value, adds to other floats (0.6, 0.5; 0.6000000000000001 from the left).
 */
const SUM_PROBE = [0.1, 0.2, 0.3];

/** The learner's sum of {@link SUM_PROBE}. */
function sumProbe({ value: { Value }, linear: { sum } }: LinearImpl): Probe {
  return {
    got: attempt(() => sum(leaves(Value, SUM_PROBE)).data),
    expected: plainSum(SUM_PROBE),
    mistakes: sumMistakes(SUM_PROBE),
  };
}

/** The probe of dot: its products 0.1, 0.4, 1.2 add to other floats in each mistake. */
const DOT_PROBE = { a: [0.1, 0.2, 0.3], b: [1, 2, 4] };

/** The learner's dot of {@link DOT_PROBE}: its data, or its local grads. */
function dotProbe(
  { value: { Value }, linear: { dot } }: LinearImpl,
  part: "data" | "localGrads",
): Probe {
  const { a, b } = DOT_PROBE;
  const products = a.map((ai, i) => ai * b[i]);
  const got = attempt(() => dot(leaves(Value, a), leaves(Value, b))[part]);
  return part === "data"
    ? { got, expected: plainSum(products), mistakes: dotMistakes(products) }
    : {
      got,
      expected: a.flatMap((ai, i) => [b[i], ai]),
      mistakes: [[D.dotNotSwapped, a.flatMap((ai, i) => [ai, b[i]])]],
    };
}

/**
 * The probe of linear: 3 rows × 3 columns (square, so that w transposed gives as many
 * outputs), whose outputs differ in each mistake of the product and of its shape.
 */
const LINEAR_PROBE = {
  x: [0.1, 0.2, 0.3],
  w: [[1, 1, 1], [1, 2, 4], [4, 2, 1]],
};

/** The learner's linear of {@link LINEAR_PROBE}. */
function linearProbe(
  { value: { Value }, linear: { linear } }: LinearImpl,
): Probe {
  const { x, w } = LINEAR_PROBE;
  const run = () => linear(leaves(Value, x), w.map((r) => leaves(Value, r)));
  return {
    got: attempt(() => run().map((o: Node) => o.data)),
    expected: matVec(w, x),
    mistakes: [...productMistakes(x, w), ...shapeMistakes(x, w)],
  };
}

/** linear(x, w) with w transposed (one output per column), and without its last row. */
function shapeMistakes(x: readonly number[], w: Matrix): Mistake[] {
  const columns = x.map((_, c) => w.map((row) => row[c]));
  return [
    [D.transposed, matVec(columns, x)],
    [D.rowMissing, matVec(w.slice(0, -1), x)],
  ];
}

/** A sum of `xs` taken right to left, or without its first value. */
function sumMistakes(xs: readonly number[]): Mistake[] {
  return [
    [D.sumReversed, plainSum([...xs].reverse())],
    [D.sumSkipsFirst, plainSum(xs.slice(1))],
  ];
}

/** A sum's children that are not the values: none at all, or a chain of add nodes. */
function sumChildrenMistake(
  values: readonly Node[],
  children: readonly Node[],
): Diagnosis | undefined {
  const last = values[values.length - 1];
  return children.length === 0
    ? D.sumDetached
    : children.length === 2 && children[1] === last &&
        !values.includes(children[0])
    ? D.sumChained
    : undefined;
}

/** dot's total of `products` taken right to left, from the first twice, or without it. */
function dotMistakes(products: readonly number[]): Mistake[] {
  return [
    [D.sumReversed, plainSum([...products].reverse())],
    [D.dotFirstTwice, plainSum([products[0], ...products])],
    [D.sumSkipsFirst, plainSum(products.slice(1))],
  ];
}

/**
 * A dot node's children that are not a[0], b[0], a[1], b[1], …: a then b, or nodes made
 * from them (a node per product).
 */
function dotChildrenMistake(
  an: readonly Node[],
  bn: readonly Node[],
  children: readonly Node[],
): Diagnosis | undefined {
  return same(children, [...an, ...bn])
    ? D.dotConcatenated
    : products(children, an, bn)
    ? D.dotNotOneNode
    : undefined;
}

/**
 * Whether `children` are a node per product, the k-th made from a[k] and b[k] alone (in
 * either order), as mul makes them.
 */
function products(
  children: readonly Node[],
  a: readonly Node[],
  b: readonly Node[],
): boolean {
  return children.length === a.length && children.every((c, k) => {
    const kids = c.children ?? [];
    return kids.length === 2 && kids.includes(a[k]) && kids.includes(b[k]);
  });
}

/** Whether `node` has `target` among its descendants. */
function uses(node: Node, target: Node): boolean {
  const seen = new Set<Node>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === target) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(n.children ?? []));
  }
  return false;
}

/**
 * linear(x, w) again, on an x that answers a read past its end with a NaN node: the first
 * index read past the end and how many outputs came, or undefined when it read none there or
 * threw again.
 */
function readsPastX(
  { value: { Value }, linear: { linear } }: LinearImpl,
  x: readonly number[],
  w: Matrix,
): { readonly first: number; readonly outputs: number } | undefined {
  const past: number[] = [];
  const guarded = new Proxy(leaves(Value, x), {
    get(target, key, receiver) {
      if (
        typeof key === "string" && /^\d+$/.test(key) &&
        Number(key) >= target.length
      ) {
        past.push(Number(key));
        return new Value(NaN);
      }
      return Reflect.get(target, key, receiver);
    },
  });
  let out: Node[];
  try {
    out = linear(guarded, w.map((row) => leaves(Value, row)));
  } catch {
    return undefined;
  }
  if (!past.length) return undefined;
  return { first: Math.min(...past), outputs: out.length };
}

/**
 * linear(x, w) with x indexed by the row, with one running total for all the rows, and with
 * each row's sum taken right to left or without its first product.
 */
function productMistakes(x: readonly number[], w: Matrix): Mistake[] {
  const running = matVec(w, x).map((_, r) =>
    plainSum(w.slice(0, r + 1).flat().map((wi, k) => wi * x[k % x.length]))
  );
  return [
    [D.xByRow, w.map((row, r) => plainSum(row.map((wi) => wi * x[r])))],
    [D.notRestarted, running],
    [
      D.sumReversed,
      w.map((row) => plainSum(row.map((wi, i) => wi * x[i]).reverse())),
    ],
    [
      D.sumSkipsFirst,
      w.map((row) => plainSum(row.map((wi, i) => wi * x[i]).slice(1))),
    ],
  ];
}

/**
 * The gradient mistakes: the graph cut, or x or w used as plain numbers; each confirmed when
 * the outputs of linear on {@link LINEAR_PROBE} are not made from those nodes at all.
 */
function gradientMistake(
  impl: LinearImpl,
  nin: number,
  grads: readonly number[],
  numeric: readonly number[],
): Diagnosis | undefined {
  const mistake = allZero(grads, numeric)
    ? D.sumDetached
    : allZero(grads, numeric, 0, nin)
    ? D.xConstant
    : allZero(grads, numeric, nin)
    ? D.wConstant
    : undefined;
  if (!mistake) return undefined;
  // What the mistake's outputs are made from: [some x node, some w node].
  const [x, w] = mistake === D.sumDetached
    ? [false, false]
    : mistake === D.xConstant
    ? [false, true]
    : [true, false];
  const made = madeFrom(impl);
  return made?.x === x && made.w === w ? mistake : undefined;
}

/**
 * Whether the outputs of the learner's linear on {@link LINEAR_PROBE} are made from some x
 * node, and from some w node; undefined when it throws.
 */
function madeFrom(
  { value: { Value }, linear: { linear } }: LinearImpl,
): { readonly x: boolean; readonly w: boolean } | undefined {
  const xn = leaves(Value, LINEAR_PROBE.x);
  const wn = LINEAR_PROBE.w.map((row) => leaves(Value, row));
  const out = attempt(() => linear(xn, wn));
  if (!out) return undefined;
  const any = (targets: readonly Node[]) =>
    targets.some((t) => out.some((o: Node) => uses(o, t)));
  return { x: any(xn), w: any(wn.flat()) };
}

/**
 * An output's children that are not its row's and x's, interleaved: dot(x, row), or nodes
 * made from them (a node per product).
 */
function outputChildrenMistake(
  xn: readonly Node[],
  row: readonly Node[],
  children: readonly Node[],
): Diagnosis | undefined {
  return same(children, xn.flatMap((xi, i) => [xi, row[i]]))
    ? D.linearSwapped
    : products(children, row, xn)
    ? D.linearNotDot
    : undefined;
}
