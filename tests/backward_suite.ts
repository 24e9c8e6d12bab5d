/**
 * Kata 03 · backward: the property suite, run on `katas/03_backward` and
 * `solutions/03_backward`, each with its own tree's kata 02 `Value`.
 *
 * The main property builds random expression graphs (DAGs: nodes are reused) with the
 * learner's `Value`, runs `backward`, and compares every node's gradient with the central
 * difference of the same expression evaluated on plain numbers.
 *
 * @module
 */
import fc from "fast-check";
import type * as BackwardModule from "../solutions/03_backward/backward.ts";
import {
  asFailure,
  assertClose,
  type Check,
  CheckFailure,
  forAll,
  GRADIENT,
  isClose,
  numericGrad,
  real,
  type Suite,
} from "./harness.ts";
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
  leaves: fc.array(real(-2, 2), { minLength: 1, maxLength: 4 }),
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

// ---------------------------------------------------------------------------------------
// Oracles

/** microgpt's `build_topo`, recursive as in Python: fine for the small graphs used here. */
function referenceTopo(root: Node): Node[] {
  const topo: Node[] = [];
  const visited = new Set<Node>();
  const visit = (v: Node) => {
    if (visited.has(v)) return;
    visited.add(v);
    v.children.forEach(visit);
    topo.push(v);
  };
  visit(root);
  return topo;
}

/** Kata 03's suite. */
export const backwardSuite: Suite<BackwardImpl> = {
  kata: "03_backward",
  prerequisites: (
    impl,
  ) => [{ kata: "02_value", checks: valueSuite.checks(impl) }],
  checks: ({ value: { Value }, backward: { backward, topoSort } }): Check[] => [
    {
      name: "03 backward: the root's gradient is 1 (d(root)/d(root))",
      run: () =>
        forAll(fc.tuple(real(), real()), ([a, b]) => {
          const root = new Value(a).mul(new Value(b));
          backward(root);
          assertClose(root.grad, 1, `root.grad after backward(root)`, {
            mistakes: {
              "a root gradient never set: start with root.grad = 1": 0,
            },
          });
        }),
    },
    {
      name:
        "03 backward: topoSort lists every reachable node once, children before parents",
      run: () =>
        forAll(graphs, (g) => {
          const nodes = build(Value, g);
          const root = nodes[nodes.length - 1];
          const topo = topoSort(root);
          const expected = new Set(referenceTopo(root));
          const seen = new Set<Node>();
          for (const v of topo) {
            if (seen.has(v)) {
              throw new CheckFailure(
                `topoSort listed a node twice (data ${v.data}): a node reached along two paths ` +
                  `is listed once; keep a set of visited nodes`,
              );
            }
            if (!expected.has(v)) {
              throw new CheckFailure(
                `topoSort listed a node that root does not depend on`,
              );
            }
            for (const c of v.children) {
              if (!seen.has(c)) {
                throw new CheckFailure(
                  `topoSort listed a node (data ${v.data}) before its child (data ${c.data}): ` +
                    `a node goes after all of its children, so list it when you leave it ` +
                    `(post-order), not when you reach it (graph ${
                      describe(g)
                    })`,
                );
              }
            }
            seen.add(v);
          }
          if (topo.length !== expected.size) {
            const sameData = [...expected].some((v) =>
              !seen.has(v) && [...seen].some((s) => s.data === v.data)
            );
            throw new CheckFailure(
              `topoSort listed ${topo.length} of the ${expected.size} nodes root depends on` +
                (sameData
                  ? `\n    this looks like a visited set keyed by data: two different nodes with the same data are still two nodes`
                  : ""),
            );
          }
        }),
    },
    {
      name:
        "03 backward: topoSort visits children in order, depth first, as microgpt does",
      run: () =>
        forAll(graphs, (g) => {
          const nodes = build(Value, g);
          const root = nodes[nodes.length - 1];
          const topo = topoSort(root);
          const expected = referenceTopo(root);
          const i = expected.findIndex((v, k) => topo[k] !== v);
          if (i >= 0) {
            throw new CheckFailure(
              `topoSort differs from microgpt's build_topo at position ${i} (graph ${
                describe(g)
              }): visit children in order (children[0] first), depth first, and list a node ` +
                `when all its children are listed; the same order gives the same float sums`,
            );
          }
        }),
    },
    {
      name:
        "03 backward: gradients add up on a reused node (b = a+a; c = b+b gives a.grad = 4)",
      run: () =>
        forAll(real(), (x) => {
          const a = new Value(x);
          const b = a.add(a);
          const c = b.add(b);
          backward(c);
          assertClose(
            [c.grad, b.grad, a.grad],
            [1, 2, 4],
            "[c.grad, b.grad, a.grad]",
            {
              mistakes: {
                "`=` instead of `+=`: a node used twice must get both contributions":
                  [1, 1, 1],
                "a node processed more than once: each node's grad is pushed to its children once":
                  [1, 2, 8],
                "nodes processed children first: walk the topological order in reverse, root first":
                  [1, 2, 0],
                "gradients that did not flow: each child gets localGrad × the node's own grad":
                  [
                    1,
                    0,
                    0,
                  ],
              },
            },
          );
        }),
    },
    {
      name:
        "03 backward: two different nodes with equal data get their own gradients",
      run: () =>
        forAll(real(), (v) => {
          // p and q hold the same number e^v, yet are two nodes with inputs of their own.
          const a = new Value(v);
          const b = new Value(v);
          const p = a.exp();
          const q = b.exp();
          backward(p.mul(q));
          const e2v = Math.exp(2 * v);
          assertClose(
            [a.grad, b.grad],
            [e2v, e2v],
            `[a.grad, b.grad] for exp(a)·exp(b), a = b = ${v}`,
            {
              tol: GRADIENT,
              mistakes: {
                "a visited set keyed by data: exp(a) and exp(b) hold the same number but are different nodes":
                  [e2v, 0],
              },
            },
          );
        }),
    },
    {
      name:
        "03 backward: every node's gradient matches the central difference on random graphs",
      run: () =>
        forAll(graphs, (g) => {
          const nodes = build(Value, g);
          const root = nodes[nodes.length - 1];
          backward(root);
          const last = nodes.length - 1;
          nodes.forEach((node, i) => {
            // d(root)/d(node i): nudge node i, recompute everything after it.
            const [numeric] = numericGrad(
              ([delta]) => evaluate(g, { index: i, delta })[last],
              [0],
            );
            if (!isClose(node.grad, numeric, GRADIENT)) {
              throw new CheckFailure(
                `d(root)/d(${
                  i < g.leaves.length ? `x${i}` : `n${i}`
                }): backward gave ${node.grad}, ` +
                  `the central difference ${numeric} (graph ${describe(g)})` +
                  (root.grad === 0
                    ? "\n    root.grad is 0: start with root.grad = 1"
                    : ""),
              );
            }
          });
        }),
    },
    {
      name: "03 backward: a 100,000-deep chain does not overflow the stack",
      run: () => {
        const x = new Value(0.5);
        let y = x;
        for (let i = 0; i < 100_000; i++) y = y.add(1);
        try {
          backward(y);
        } catch (e) {
          if (e instanceof RangeError) {
            throw new CheckFailure(
              `backward on a 100,000-deep chain threw ${e.message}: recursion that deep ` +
                `overflows the call stack; keep your own stack in an array instead`,
            );
          }
          throw asFailure(e);
        }
        assertClose(
          x.grad,
          1,
          "x.grad at the bottom of the chain y = x + 1 + 1 + …",
        );
      },
    },
  ],
};
