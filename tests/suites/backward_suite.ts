/**
 * Kata 03 · backward: the property suite, run on `katas/03_backward` and
 * `solutions/03_backward`, each with its own tree's kata 02 `Value`.
 *
 * The main property builds random expression graphs (DAGs: nodes are reused) with the
 * learner's `Value`, runs `backward`, and compares every node's gradient with the central
 * difference of the same expression evaluated on plain numbers. The simpler properties come
 * first, so the first failure names the real mistake: the root's gradient, when it is set,
 * which nodes the sort lists, their order, a later sort of nodes an earlier one reached
 * (the visit marks), then how gradients flow.
 *
 * @module
 */
import fc from "fast-check";
import type * as BackwardModule from "../../solutions/03_backward/backward.ts";
import {
  asFailure,
  assertClose,
  check,
  CheckFailure,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  GRADIENT,
  guardReads,
  inGate,
  isClose,
  type Mistake,
  numericGrad,
  pair,
  prerequisite,
  property,
  real,
  reals,
  suite,
  whichMistake,
} from "../harness/harness.ts";
import { type ValueImpl, valueSuite } from "./value_suite.ts";

/** The modules kata 03 uses: its own `backward.ts` and the same tree's kata 02 `value.ts`. */
export interface BackwardImpl extends ValueImpl {
  /** `backward.ts` */
  readonly backward: typeof BackwardModule;
}

type Node = BackwardImpl["value"]["Value"]["prototype"];

// ---------------------------------------------------------------------------------------
// Random expression graphs

type Kind = "add" | "sub" | "mul" | "neg" | "relu" | "exp" | "square";
/** One op of a graph: node `a` (and `b`) are earlier nodes, by index. */
interface Op {
  readonly kind: Kind;
  readonly a: number;
  readonly b: number;
}
/** Nodes 0..leaves-1 are leaves; node leaves+j is ops[j] applied to earlier nodes. */
interface Graph {
  readonly leaves: readonly number[];
  readonly ops: readonly Op[];
}

const KINDS: readonly Kind[] = [
  "add",
  "sub",
  "mul",
  "neg",
  "relu",
  "exp",
  "square",
];

function apply(kind: Kind, a: number, b: number): number {
  switch (kind) {
    case "add":
      return a + b;
    case "sub":
      return a - b;
    case "mul":
      return a * b;
    case "neg":
      return -a;
    case "relu":
      return Math.max(0, a);
    case "exp":
      return Math.exp(a);
    case "square":
      return a * a;
  }
}

/** Every node's value on plain numbers; `nudge` shifts node `index` by `delta` first. */
function evaluate(
  g: Graph,
  nudge?: { index: number; delta: number },
): number[] {
  const values: number[] = [];
  const put = (v: number) =>
    values.push(v + (nudge?.index === values.length ? nudge.delta : 0));
  g.leaves.forEach(put);
  for (const op of g.ops) put(apply(op.kind, values[op.a], values[op.b]));
  return values;
}

/**
 * Random graphs that stay smooth and finite: an exp of a large input or a relu too near its
 * kink (where the central difference is wrong) is replaced by neg.
 */
const graphs: fc.Arbitrary<Graph> = fc.record({
  leaves: reals({ minLength: 1, maxLength: 4 }, -2, 2),
  raw: fc.array(
    fc.record({ kind: fc.constantFrom(...KINDS), a: fc.nat(), b: fc.nat() }),
    { minLength: 1, maxLength: 14 },
  ),
}).map(({ leaves, raw }) => {
  const values = [...leaves];
  const ops: Op[] = [];
  for (const r of raw) {
    const a = r.a % values.length;
    const b = r.b % values.length;
    let kind = r.kind;
    if (kind === "exp" && Math.abs(values[a]) > 3) kind = "neg";
    if (kind === "relu" && Math.abs(values[a]) < 0.05) kind = "neg";
    const v = apply(kind, values[a], values[b]);
    // Bounded values keep slopes moderate, so the central difference stays accurate to 1e-6.
    if (!(Math.abs(v) < 50)) kind = "neg";
    values.push(apply(kind, values[a], values[b]));
    ops.push({ kind, a, b });
  }
  return { leaves, ops };
});

/** The graph `g` built with the learner's `Value`: its nodes, leaves first. */
function build(Value: BackwardImpl["value"]["Value"], g: Graph): Node[] {
  const nodes: Node[] = g.leaves.map((x) => new Value(x));
  for (const { kind, a, b } of g.ops) {
    const x = nodes[a];
    const y = nodes[b];
    const ops: Record<Kind, () => Node> = {
      add: () => x.add(y),
      sub: () => x.sub(y),
      mul: () => x.mul(y),
      neg: () => x.neg(),
      relu: () => x.relu(),
      exp: () => x.exp(),
      square: () => x.pow(2),
    };
    nodes.push(ops[kind]());
  }
  return nodes;
}

/** A graph in a message: `x0 = 0.5; x1 = -1.25; n2 = mul(x0, x1)`. */
function describe(g: Graph): string {
  const names = (i: number) => i < g.leaves.length ? `x${i}` : `n${i}`;
  const lines = g.leaves.map((v, i) => `x${i} = ${v}`);
  g.ops.forEach((op, j) => {
    const i = g.leaves.length + j;
    const args = ["add", "sub", "mul"].includes(op.kind)
      ? `${names(op.a)}, ${names(op.b)}`
      : names(op.a);
    lines.push(`n${i} = ${op.kind}(${args})`);
  });
  return lines.join("; ");
}

/** The depth of the chain: deeper than any call stack (its nodes: more than a call's arguments). */
const CHAIN = 100_000;

/** The mistakes kata 03's suite names. */
export const D = diagnoses("03_backward", {
  rootNotSet: "a root gradient never set: start with root.grad = 1",
  rootSetLate:
    "root.grad = 1 set after the walk: set it before, so the root has a gradient to pass on",
  neverAdvances:
    "a loop that never advances: move the node's child index on (next[top] = i + 1) when you take a child, so the next look starts after it",
  noVisited:
    "no visited marks: a node reached along two paths is listed twice; mark each child with this sort's number as you push it, and skip the children that carry it",
  markPerStep:
    "a new mark on every step of the loop: the marks of earlier steps no longer count, so a node reached twice is listed twice; take the sort's number once, before the loop",
  markNotNew:
    "a sort number that is not new: a node no sort has reached has mark 0, so a sort numbered 0 takes every node for reached and lists only the root; increment the counter before you use it (++sorts)",
  markNotOwn:
    "a mark that is not this sort's own (a constant such as 1): a later sort takes the nodes an earlier sort marked for reached and leaves them out, so backward passes nothing on through them; mark with, and compare with, a new number for each sort (++sorts)",
  leavesLeftOut:
    "leaves left out of the order: list every node root depends on, leaves (nodes without children) included, as build_topo does",
  preOrder:
    "a node listed when it is reached (pre-order): list it when you leave it, after all its children (post-order)",
  childrenReversed:
    "children visited last to first: take them from index 0 up, one at a time (pushing them all on a stack and popping reverses them)",
  noFlow:
    "gradients that did not flow: each child gets localGrad × the node's own grad (v.grad, not child.grad)",
  forwards:
    "the order walked forwards: walk it in reverse, root first, so a node's grad is complete before it is passed on",
  assign:
    "`=` instead of `+=`: a node used by two nodes must get both contributions",
  dedup:
    "children de-duplicated: a + a uses a twice, and each use passes a gradient; walk every entry of children",
  rootAdded:
    "root.grad += 1: set it, root.grad = 1; the other grads add up on a second backward, the root's does not",
  zeroed:
    "grads zeroed by backward: backward only adds (+=); zeroing them is the optimizer's job, after its update",
  recursion:
    "recursion that deep overflows the call stack: keep your own stack in an array instead",
  spread:
    "a call with an argument per node (200,001 here), such as push(...array), which overflows the call stack: add the nodes one at a time (or use concat)",
});

/** Kata 03's suite. */
export const backwardSuite = suite<BackwardImpl>({
  kata: "03_backward",
  diagnoses: D,
  prerequisites: (impl) => [prerequisite(valueSuite, impl)],
  properties: (impl) => [
    property(
      "the root's gradient is 1 (d(root)/d(root))",
      pair(),
      ([a, b]) => rootGradIsOne(impl, a, b),
    ),
    property(
      "root.grad is 1 before the walk passes it on to the children",
      pair(),
      ([a, b]) => rootSetFirst(impl, a, b),
    ),
    property(
      "topoSort lists every node root depends on, each exactly once",
      graphs,
      (g) => listsEachNodeOnce(impl, g),
    ),
    property(
      "topoSort lists every node after its children",
      graphs,
      (g) => childrenFirst(impl, g),
    ),
    property(
      "topoSort visits children in order, depth first, as microgpt does",
      graphs,
      (g) => microgptOrder(impl, g),
    ),
    property(
      "a later topoSort lists again the nodes an earlier one reached",
      graphs,
      (g) => sortsAgain(impl, g),
    ),
    property(
      "a node used by two nodes gets both contributions (L = x + 3x: dL/dx = 4)",
      real(),
      (v) => bothContributions(impl, v),
    ),
    property(
      "a node used twice by one node gets both (b = a+a; c = b+b gives a.grad = 4)",
      real(),
      (x) => usedTwice(impl, x),
    ),
    property(
      "a second backward sets root.grad to 1 again and adds to the rest (a.grad 4, then 12)",
      real(),
      (x) => secondBackward(impl, x),
    ),
    property(
      "two different nodes with equal data get their own gradients",
      real(),
      (v) => ownGradients(impl, v),
    ),
    property(
      "every node's gradient matches the central difference on random graphs",
      graphs,
      (g) => matchesCentralDifference(impl, g),
    ),
    check(
      "a 100,000-deep chain does not overflow the stack",
      () => deepChain(impl),
    ),
  ],
});

// What the longer properties check, in the list's order.

function rootGradIsOne(impl: BackwardImpl, a: number, b: number): void {
  const { value: { Value }, backward: { backward } } = impl;
  const root = new Value(a).mul(new Value(b));
  guard(root, "backward");
  backward(root);
  confirmedClose(impl, root.grad, 1, `root.grad after backward(root)`, [
    [D.rootNotSet, 0],
  ]);
}

function rootSetFirst(impl: BackwardImpl, a: number, b: number): void {
  const { value: { Value }, backward: { backward } } = impl;
  const x = new Value(a);
  const y = new Value(b);
  const root = x.mul(y);
  // Record root.grad when backward reads the root's local grads, during the walk.
  let seen: number | undefined;
  const grads = [...root.localGrads];
  Object.defineProperty(root, "localGrads", {
    get() {
      seen ??= root.grad;
      return grads;
    },
  });
  guard(root, "backward");
  backward(root);
  ensure(
    seen === 1,
    () =>
      seen === undefined
        ? `backward(root) never read the root's localGrads, so the root passed nothing on to its children: the walk must take in the root too (the last node of topoSort's order, the first one walked)`
        : `when backward read the root's localGrads, root.grad was ${seen}, expected 1`,
    () =>
      seen === 0 && root.grad === 1 && x.grad === 0 && y.grad === 0 &&
        walksLike(impl, D.rootSetLate)
        ? D.rootSetLate
        : undefined,
  );
}

function listsEachNodeOnce(impl: BackwardImpl, g: Graph): void {
  const { root, topo, show } = sorted(impl, g);
  const expected = referenceTopo(root);
  const graph = `(graph ${describe(g)})`;
  const twice = topo.filter((v, i) => topo.indexOf(v) !== i);
  ensure(
    twice.length === 0,
    () =>
      `topoSort listed ${show(twice)} more than once: ${show(topo)} ${graph}`,
    () =>
      sameNodes(topo, expansion(root)) && sortsLike(impl, expansion)
        ? marksDiffer(impl) ? D.markPerStep : D.noVisited
        : undefined,
  );
  const extra = topo.filter((v) => !expected.includes(v));
  ensure(
    extra.length === 0,
    () =>
      `topoSort listed ${
        count(extra.length, "node")
      } that root does not depend on ${graph}`,
  );
  const missing = expected.filter((v) => !topo.includes(v));
  ensure(
    missing.length === 0,
    () =>
      `topoSort left out ${show(missing)}: expected all of ${
        show(expected)
      }, got ${show(topo)} ${graph}`,
    () => missingMistake(impl, root, topo),
  );
}

function childrenFirst(impl: BackwardImpl, g: Graph): void {
  const { root, topo, show } = sorted(impl, g);
  topo.forEach((v, i) => {
    const late = [...new Set(v.children)].filter((c) => topo.indexOf(c) > i);
    ensure(
      late.length === 0,
      () =>
        `topoSort listed ${show([v])} before its child ${show(late)}: ${
          show(topo)
        } (graph ${describe(g)})`,
      () =>
        sameNodes(topo, preOrder(root)) && sortsLike(impl, preOrder)
          ? D.preOrder
          : undefined,
    );
  });
}

function microgptOrder(impl: BackwardImpl, g: Graph): void {
  const { root, topo, show } = sorted(impl, g);
  const expected = referenceTopo(root);
  const i = expected.findIndex((v, k) => topo[k] !== v);
  ensure(
    i < 0,
    () =>
      `topoSort differs from microgpt's build_topo at position ${i}:\n` +
      `      expected ${show(expected)}\n` +
      `      got      ${show(topo)}\n` +
      `    (graph ${describe(g)})`,
    () =>
      sameNodes(topo, childrenReversed(root)) &&
        sortsLike(impl, childrenReversed)
        ? D.childrenReversed
        : undefined,
  );
}

/**
 * Sorts each operation's node in turn, as the graph grows: each sort reaches nodes that the
 * sorts before it reached and marked.
 */
function sortsAgain(impl: BackwardImpl, g: Graph): void {
  const { value: { Value }, backward: { topoSort } } = impl;
  const nodes = build(Value, g);
  const sortedBefore: Node[] = [];
  // Each node reached so far → the root of the first sort that reached it.
  const reachedBefore = new Map<Node, Node>();
  for (let k = g.leaves.length; k < nodes.length; k++) {
    const root = nodes[k];
    const show = namer(root, nodes, g.leaves.length);
    const release = guard(root, "topoSort");
    const topo = topoSort(root);
    release();
    const expected = referenceTopo(root);
    const missing = expected.filter((v) => !topo.includes(v));
    const differs = topo.length !== expected.length ||
      topo.some((v, i) => v !== expected[i]);
    if (missing.length || differs) {
      const name = (v: Node) => show([v]).slice(1, -1);
      const before = sortedBefore.map((v) => `topoSort(${name(v)})`);
      const earlier = missing.length > 0 &&
        missing.every((v) => reachedBefore.has(v));
      throw new CheckFailure(
        `topoSort(${name(root)})${
          before.length ? `, run after ${before.join(", ")},` : ""
        } ` +
          (earlier
            ? `left out ${show(missing)}, which topoSort(${
              name(reachedBefore.get(missing[0])!)
            }) had reached before:\n`
            : `differs from microgpt's build_topo:\n`) +
          `      expected ${show(expected)}\n` +
          `      got      ${show(topo)}\n` +
          `    (graph ${describe(g)})`,
        earlier && walksLike(impl, D.markNotOwn) ? D.markNotOwn : undefined,
      );
    }
    for (const v of expected) {
      if (!reachedBefore.has(v)) reachedBefore.set(v, root);
    }
    sortedBefore.push(root);
  }
}

function bothContributions(impl: BackwardImpl, v: number): void {
  const { value: { Value }, backward: { backward } } = impl;
  const x = new Value(v);
  const p = x.mul(3);
  const root = x.add(p);
  guard(root, "backward");
  backward(root);
  confirmedClose(impl, [x.grad, p.grad], [4, 1], `[x.grad, p.grad], p = 3x`, [
    [D.noFlow, [0, 0]],
    [D.forwards, [1, 1]],
    [D.assign, [3, 1]],
  ]);
}

function usedTwice(impl: BackwardImpl, x: number): void {
  confirmedClose(
    impl,
    doublings(impl, x, 1),
    [1, 2, 4],
    "[c.grad, b.grad, a.grad]",
    [[D.dedup, [1, 1, 1]]],
  );
}

function secondBackward(impl: BackwardImpl, x: number): void {
  confirmedClose(
    impl,
    doublings(impl, x, 2),
    [1, 4, 12],
    "[c.grad, b.grad, a.grad] after backward(c) twice",
    [
      [D.rootAdded, [2, 6, 16]],
      [D.zeroed, [1, 2, 4]],
      // The second sort skipped b, marked by the first: a got nothing.
      [D.markNotOwn, [1, 4, 4]],
    ],
  );
}

function ownGradients(
  { value: { Value }, backward: { backward } }: BackwardImpl,
  v: number,
): void {
  // p and q hold the same number e^v, yet are two nodes with inputs of their own.
  const a = new Value(v);
  const b = new Value(v);
  const root = a.exp().mul(b.exp());
  guard(root, "backward");
  backward(root);
  const e2v = Math.exp(2 * v);
  assertClose(
    [a.grad, b.grad],
    [e2v, e2v],
    `[a.grad, b.grad] for exp(a)·exp(b), a = b = ${v}`,
    { tol: GRADIENT },
  );
}

function matchesCentralDifference(
  { value: { Value }, backward: { backward } }: BackwardImpl,
  g: Graph,
): void {
  const nodes = build(Value, g);
  const root = nodes[nodes.length - 1];
  guard(root, "backward");
  backward(root);
  const last = nodes.length - 1;
  nodes.forEach((node, i) => {
    // d(root)/d(node i): nudge node i, recompute everything after it.
    const [numeric] = numericGrad(
      ([delta]) => evaluate(g, { index: i, delta })[last],
      [0],
    );
    ensure(
      isClose(node.grad, numeric, GRADIENT),
      () =>
        `d(root)/d(${
          i < g.leaves.length ? `x${i}` : `n${i}`
        }): backward gave ${node.grad}, ` +
        `the central difference ${numeric} (graph ${describe(g)})`,
    );
  });
}

function deepChain(
  { value: { Value }, backward: { backward } }: BackwardImpl,
): void {
  // As a later kata's gate, a fifth of it: still deeper than a recursion can go, and
  // quicker for every kata after this one.
  const depth = inGate() ? CHAIN / 5 : CHAIN;
  const x = new Value(0.5);
  let y = x;
  // Each 1 a leaf node of its own (a plain number would not be one): 2 · CHAIN + 1
  // nodes, more than a call takes arguments, so that push(...nodes) overflows too.
  for (let i = 0; i < depth; i++) y = y.add(new Value(1));
  guard(y, "backward", true);
  try {
    backward(y);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new CheckFailure(
        `backward on a ${depth.toLocaleString("en")}-deep chain (${
          (2 * depth + 1).toLocaleString("en")
        } nodes) threw ${e.message}`,
        recursive(e) ? D.recursion : D.spread,
      );
    }
    throw asFailure(e);
  }
  assertClose(
    x.grad,
    1,
    "x.grad at the bottom of the chain y = x + 1 + 1 + …",
  );
}

// What the bodies share: the learner's code on small graphs, and microgpt's order to compare.

/** [c.grad, b.grad, a.grad] for b = a + a, c = b + b, after `times` backward(c). */
function doublings(
  { value: { Value }, backward: { backward } }: BackwardImpl,
  x: number,
  times: number,
): number[] {
  const a = new Value(x);
  const b = a.add(a);
  const c = b.add(b);
  guard(c, "backward");
  for (let i = 0; i < times; i++) backward(c);
  return [c.grad, b.grad, a.grad];
}

/** The graph `g` built with the learner's Value, and topoSort's order of it. */
function sorted(
  { value: { Value }, backward: { topoSort } }: BackwardImpl,
  g: Graph,
) {
  const nodes = build(Value, g);
  const root = nodes[nodes.length - 1];
  const show = namer(root, nodes, g.leaves.length);
  const release = guard(root, "topoSort");
  const topo = topoSort(root);
  release();
  return { root, topo, show };
}

/** microgpt's `build_topo`, recursive as in Python: fine for the small graphs used here. */
function referenceTopo(root: Node, reversed = false): Node[] {
  const topo: Node[] = [];
  const visited = new Set<Node>();
  const visit = (v: Node) => {
    if (visited.has(v)) return;
    visited.add(v);
    const children = reversed ? [...v.children].reverse() : v.children;
    children.forEach(visit);
    topo.push(v);
  };
  visit(root);
  return topo;
}

/**
 * Names for the nodes below `root`: `x0…` for the graph's leaves, `n4…` for its ops (as in
 * {@link describe}), and for the nodes the learner's ops make inside (the -1 of `neg`, say)
 * their number if they are leaves, else `t1, t2…`.
 */
function namer(root: Node, named: readonly Node[], leaves: number) {
  const names = new Map<Node, string>();
  named.forEach((v, i) => names.set(v, i < leaves ? `x${i}` : `n${i}`));
  let inner = 0;
  for (const v of referenceTopo(root)) {
    if (!names.has(v)) {
      names.set(v, v.children.length ? `t${++inner}` : String(v.data));
    }
  }
  return (vs: readonly Node[]) =>
    `[${vs.map((v) => names.get(v) ?? "?").join(", ")}]`;
}

/**
 * Budgets the reads of `children` below `root`: a correct sort and walk read each node's
 * children a few times; a loop that never advances reads them forever, and now fails.
 * Returns a function that lifts the budget (for the suite's own reads afterwards). `deep`:
 * the 100,000-node chain, which a later kata's gate checks without a budget.
 */
function guard(root: Node, what: string, deep = false): () => void {
  // On the deep chain the budget costs more than the rest of the check: a later kata's gate
  // skips it there. Its small graphs come first and keep theirs, so a loop that never
  // advances still fails at once, as the gate of a later kata too.
  if (deep && inGate()) return () => {};
  const nodes = reachable(root);
  const edges = nodes.reduce((n, v) => n + v.children.length, 0);
  const limit = 50 * (nodes.length + edges) + 1000;
  // A loop that never advances is stuck on a node with children left to visit.
  const inner = nodes.filter((v) => v.children.length > 0);
  return guardReads(inner, "children", limit, () =>
    new CheckFailure(
      `${what} read node.children more than ${limit} times on a graph of ${
        count(nodes.length, "node")
      }: it would never finish`,
      D.neverAdvances,
    ));
}

/** Every node below `root`, in no particular order; iterative, for the deep chain too. */
function reachable(root: Node): Node[] {
  const seen = new Set<Node>([root]);
  const stack = [root];
  while (stack.length) {
    for (const c of stack.pop()!.children) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return [...seen];
}

// Probes: what a planted mistake would compute (the order its sort lists, the grads its walk
// leaves), on the failing input and on a fixed graph where each mistake gives its own, to
// confirm the diagnosis of a failure; and a look at a failure, that tells two mistakes apart.

/**
 * `actual` against `expected`, as assertClose; a mistake whose value `actual` matches is named
 * only when the learner's backward on the probe graph leaves that mistake's grads too
 * ({@link walksLike}).
 */
function confirmedClose(
  impl: BackwardImpl,
  actual: number | readonly number[],
  expected: number | readonly number[],
  what: string,
  mistakes: readonly Mistake[],
): void {
  try {
    assertClose(actual, expected, what);
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    // A mistake that would give the expected value too cannot be what went wrong here.
    const found = mistakes.find((m) =>
      !whichMistake(expected, [m]) && whichMistake(actual, [m]) &&
      walksLike(impl, m[0])
    );
    throw new CheckFailure(e.problem, found?.[0]);
  }
}

/** Whether two lists hold the same nodes in the same order. */
function sameNodes(a: readonly Node[], b: readonly Node[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The probe graph, on which each sort mistake lists its own order and each walk mistake
 * leaves its own grads: y = 3, x = 2, p = y·x, q = p + x, r = q·q. Its nodes, r last: x is
 * used by two nodes, q twice by one, and p's children come in the order y, x.
 */
function probeGraph(Value: BackwardImpl["value"]["Value"]): Node[] {
  const y = new Value(3);
  const x = new Value(2);
  const p = y.mul(x);
  const q = p.add(x);
  return [y, x, p, q, q.mul(q)];
}

/** The learner's `call` on the probe graph's root, or undefined when it throws or never ends. */
function onProbe<T>(root: Node, what: string, call: () => T): T | undefined {
  const release = guard(root, what);
  try {
    return call();
  } catch {
    return undefined;
  } finally {
    release();
  }
}

/**
 * Whether the learner's topoSort lists the probe graph as `twin` does (a planted sort mistake,
 * computed on the graph before it runs), an order other than microgpt's; `setup` prepares the
 * graph first.
 */
function sortsLike(
  { value: { Value }, backward: { topoSort } }: BackwardImpl,
  twin: (root: Node) => Node[],
  setup: (nodes: Node[]) => void = () => {},
): boolean {
  const nodes = probeGraph(Value);
  setup(nodes);
  const root = nodes[nodes.length - 1];
  const expected = twin(root);
  const topo = onProbe(root, "topoSort", () => topoSort(root));
  return topo !== undefined && sameNodes(topo, expected) &&
    !sameNodes(expected, referenceTopo(root));
}

/** A sort without visited marks: every node listed once per path from the root to it. */
function expansion(root: Node): Node[] {
  const topo: Node[] = [];
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top[1] < top[0].children.length) {
      stack.push([top[0].children[top[1]++], 0]);
    } else topo.push(stack.pop()![0]);
  }
  return topo;
}

/** microgpt's order with each node's children visited last to first. */
function childrenReversed(root: Node): Node[] {
  return referenceTopo(root, true);
}

/**
 * A pre-order walk reversed: pop a node, list it, push its children not yet reached (marked
 * as they are pushed), and reverse the list at the end.
 */
function preOrder(root: Node): Node[] {
  const topo: Node[] = [];
  const reached = new Set<Node>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    topo.push(node);
    for (const c of node.children) {
      if (!reached.has(c)) {
        reached.add(c);
        stack.push(c);
      }
    }
  }
  return topo.reverse();
}

/** microgpt's order without the leaves. */
function withoutLeaves(root: Node): Node[] {
  return referenceTopo(root).filter((v) => v.children.length > 0);
}

/**
 * A sort numbered 0, the mark every new node carries: it takes each child whose mark is 0 for
 * reached, and marks the children it pushes with 0 (on new nodes it lists the root alone).
 */
function numberedZero(root: Node): Node[] {
  const marks = new Map<Node, number>();
  const mark = (v: Node) => marks.get(v) ?? v.mark;
  const topo: Node[] = [];
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const children = top[0].children;
    while (top[1] < children.length && mark(children[top[1]]) === 0) top[1]++;
    if (top[1] < children.length) {
      const child = children[top[1]++];
      marks.set(child, 0);
      stack.push([child, 0]);
    } else topo.push(stack.pop()![0]);
  }
  return topo;
}

/** Whether one sort of x · y marks x and y differently: a new mark per step, not per sort. */
function marksDiffer(
  { value: { Value }, backward: { topoSort } }: BackwardImpl,
): boolean {
  const [x, y] = [new Value(2), new Value(3)];
  topoSort(x.mul(y));
  return x.mark !== y.mark;
}

/**
 * Why the sort `topo` of `root`, a graph of new nodes, left out nodes: a sort numbered 0,
 * which lists the root alone there (confirmed on the probe graph with q marked -1, as by
 * another sort: such a sort lists q), or a sort that lists no leaf.
 */
function missingMistake(
  impl: BackwardImpl,
  root: Node,
  topo: readonly Node[],
): Diagnosis | undefined {
  const premarked = (nodes: Node[]) => {
    nodes[3].mark = -1;
  };
  return sameNodes(topo, [root]) && sortsLike(impl, numberedZero, premarked)
    ? D.markNotNew
    : sameNodes(topo, withoutLeaves(root)) && sortsLike(impl, withoutLeaves)
    ? D.leavesLeftOut
    : undefined;
}

/** A way backward can go wrong, as {@link walk} plays it. */
interface Walk {
  /** root.grad never set, set to 1 after the walk, or += 1, instead of = 1 before it. */
  readonly root?: "unset" | "late" | "added";
  /** Every grad of the order set to 0 before the root's. */
  readonly zeroed?: boolean;
  /** A sort that lists the root alone (its children marked by an earlier sort). */
  readonly rootOnly?: boolean;
  /** The order walked from its first node, the leaves first. */
  readonly forwards?: boolean;
  /** Each child given localGrad × its own grad, not the node's. */
  readonly childGrad?: boolean;
  /** `=` instead of `+=`. */
  readonly assign?: boolean;
  /** Each child passed a gradient once, however often it is a child. */
  readonly dedup?: boolean;
}

/** What backward(root) with the mistake `w` leaves in `grads` (node → grad), on plain numbers. */
function walk(root: Node, grads: Map<Node, number>, w: Walk = {}): void {
  const topo = w.rootOnly ? [root] : referenceTopo(root);
  const g = (v: Node) => grads.get(v) ?? 0;
  if (w.zeroed) topo.forEach((v) => grads.set(v, 0));
  if (w.root === "added") grads.set(root, g(root) + 1);
  else if (!w.root) grads.set(root, 1);
  for (const v of w.forwards ? topo : [...topo].reverse()) {
    const grad = g(v);
    const children = w.dedup ? [...new Set(v.children)] : v.children;
    children.forEach((c, i) => {
      // De-duplicated, a child's local grad is its first one (children.indexOf).
      const local = v.localGrads[w.dedup ? v.children.indexOf(c) : i];
      const d = local * (w.childGrad ? g(c) : grad);
      grads.set(c, w.assign ? d : g(c) + d);
    });
  }
  if (w.root === "late") grads.set(root, 1);
}

/** The walk of each mistake, one per call of backward that {@link walksLike} makes. */
const WALKS: ReadonlyMap<Diagnosis, readonly Walk[]> = new Map([
  [D.rootNotSet, [{ root: "unset" }]],
  [D.rootSetLate, [{ root: "late" }]],
  [D.noFlow, [{ childGrad: true }]],
  [D.forwards, [{ forwards: true }]],
  [D.assign, [{ assign: true }]],
  [D.dedup, [{ dedup: true }]],
  [D.rootAdded, [{ root: "added" }, { root: "added" }]],
  [D.zeroed, [{ zeroed: true }, { zeroed: true }]],
  [D.markNotOwn, [{}, { rootOnly: true }]],
]);

/**
 * Whether the learner's backward, called on the probe graph once per walk of `mistake` (once,
 * or twice), with p.grad at 0.5 before (a gradient left from an earlier pass), leaves every
 * node the grad that mistake's walks leave, which differ from microgpt's. A mistake of the walk
 * is named only when the learner's topoSort lists a new probe graph in microgpt's order: a
 * sort that lists the root first, walked from its end, leaves the grads of a walk forwards.
 */
function walksLike(impl: BackwardImpl, mistake: Diagnosis): boolean {
  const { value: { Value }, backward: { backward, topoSort } } = impl;
  const walks = WALKS.get(mistake);
  const fresh = probeGraph(Value).pop()!;
  const order = onProbe(fresh, "topoSort", () => topoSort(fresh));
  if (!walks || !order || !sameNodes(order, referenceTopo(fresh))) {
    return false;
  }
  const nodes = probeGraph(Value);
  const root = nodes[nodes.length - 1];
  nodes[2].grad = 0.5;
  const twin = new Map(nodes.map((v) => [v, v.grad]));
  const right = new Map(twin);
  walks.forEach((w) => {
    walk(root, twin, w);
    walk(root, right);
  });
  const ran = onProbe(root, "backward", () => {
    walks.forEach(() => backward(root));
    return true;
  });
  return ran === true && nodes.every((v) => isClose(v.grad, twin.get(v)!)) &&
    !nodes.every((v) => isClose(right.get(v)!, twin.get(v)!));
}

/** Whether a stack overflow came from recursion: the same frame repeats down the stack. */
function recursive(e: Error): boolean {
  const frames = (e.stack ?? "").split("\n").slice(1).map((l) => l.trim());
  return frames.some((f, i) => frames.indexOf(f) !== i);
}
