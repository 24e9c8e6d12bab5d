/**
 * The graph view's model of a kata 02 `Value` graph after kata 03's `backward`: its nodes
 * numbered in the order kata 03's `topoSort` lists them, each with its op
 * (`app/graph_ops.ts`), data, grad and how many times it is used; and, for a graph too big to
 * draw, a summary in words.
 *
 * @module
 */
import { type GraphValue, near, nodeName, opName } from "./graph_ops.ts";

/** One node of the graph, numbered from 1 in `topoSort`'s order. */
export interface GraphNode {
  /** Its number: its place in `topoSort`'s list, from 1. */
  readonly id: number;
  /** The op that made it (`app/graph_ops.ts`'s {@linkcode opName}). */
  readonly op: string;
  /** Its display name, when the Value carries one (`app/graph_ops.ts`'s {@linkcode nodeName}). */
  readonly name?: string;
  /** Its data. */
  readonly data: number;
  /** Its grad. */
  readonly grad: number;
  /** The numbers of its children, in order (a child used twice appears twice). */
  readonly children: readonly number[];
  /** Its local grads, one per child. */
  readonly localGrads: readonly number[];
  /** How many times a node uses it as a child: over 1, it is shared. */
  readonly uses: number;
  /**
   * The solutions' grad of the same node, set only when `grad` differs from it by more than
   * rounding ({@linkcode compareGrads}).
   */
  readonly expected?: number;
}

/** A graph in `topoSort`'s order: the root is the last node. */
export type Graph = readonly GraphNode[];

/** Kata 03's functions, as the graph view calls them. */
export interface Backward {
  /** Every node below `root` once, children first. */
  topoSort(root: GraphValue): GraphValue[];
  /** Fills every node's grad with d(root)/d(node). */
  backward(root: GraphValue): void;
}

/**
 * The graph of `root` after `backward(root)`, grads first set to 0 (so a module that ran
 * `backward` already is not counted twice), numbered in `topoSort(root)`'s order.
 *
 * @example
 * ```ts
 * import { Value } from "../solutions/02_value/value.ts";
 * import * as kata03 from "../solutions/03_backward/backward.ts";
 * const a = new Value(3);
 * graphOf(a.add(a), kata03 as Backward).map((n) => n.uses); // [2, 0]
 * ```
 */
export function graphOf(root: GraphValue, kata03: Backward): Graph {
  for (const node of kata03.topoSort(root)) node.grad = 0;
  kata03.backward(root);
  const order = kata03.topoSort(root);
  const ids = new Map(order.map((node, i) => [node, i + 1]));
  const uses = new Map<GraphValue, number>();
  for (const node of order) {
    for (const c of node.children) uses.set(c, (uses.get(c) ?? 0) + 1);
  }
  return order.map((node, i) => ({
    id: i + 1,
    op: opName(node),
    ...named(node),
    data: node.data,
    grad: node.grad,
    children: node.children.map((c) => {
      const id = ids.get(c);
      if (id === undefined) throw new Error("topoSort left out a child");
      return id;
    }),
    localGrads: [...node.localGrads],
    uses: uses.get(node) ?? 0,
  }));
}

/** `{ name }` when `node` carries a display name, else nothing. */
function named(node: GraphValue): { name?: string } {
  const name = nodeName(node);
  return name === undefined ? {} : { name };
}

/**
 * Each node's layer: 0 for a leaf, else 1 + the largest layer of its children (the longest
 * path down to a leaf). `graph` must list children first, as `topoSort` does.
 *
 * @example
 * ```ts
 * layers([
 *   { id: 1, op: "leaf", data: 3, grad: 2, children: [], localGrads: [], uses: 2 },
 *   { id: 2, op: "+", data: 6, grad: 1, children: [1, 1], localGrads: [1, 1], uses: 0 },
 * ]); // [0, 1]
 * ```
 */
export function layers(graph: Graph): number[] {
  const layer: number[] = [];
  for (const node of graph) {
    layer.push(
      node.children.reduce((m, c) => Math.max(m, layer[c - 1] + 1), 0),
    );
  }
  return layer;
}

/** The op's family for a summary: `+ 1` and `+ 0.5` are both `+ k`. */
function family(op: string): string {
  return op.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, "k");
}

/**
 * A graph too big to draw, in words: its nodes and child links, its depth (the longest
 * path from a leaf to the root), its leaves and their share, its shared nodes, and its nodes
 * per op (a constant written `k`), most first.
 *
 * @example
 * ```ts
 * import { Value } from "../solutions/02_value/value.ts";
 * import * as kata03 from "../solutions/03_backward/backward.ts";
 * const a = new Value(3);
 * console.log(summary(graphOf(a.add(a), kata03 as Backward)));
 * ```
 */
export function summary(graph: Graph): string {
  const n = graph.length;
  const links = graph.reduce((s, node) => s + node.children.length, 0);
  const leaves = graph.filter((node) => node.children.length === 0).length;
  const shared = graph.filter((node) => node.uses > 1).length;
  const depth = layers(graph).reduce((m, k) => Math.max(m, k), 0);
  const perOp = new Map<string, number>();
  for (const node of graph) {
    const op = family(node.op);
    perOp.set(op, (perOp.get(op) ?? 0) + 1);
  }
  const ops = [...perOp].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const width = Math.max(...ops.map(([op]) => op.length));
  const percent = (k: number) => `${((100 * k) / n).toFixed(1)}%`;
  return [
    `${n} nodes and ${links} child links: too many to draw, so here is a summary`,
    `depth (the longest path from a leaf to the root): ${depth}`,
    `leaves: ${leaves} (${percent(leaves)} of the nodes)`,
    `shared nodes (used more than once): ${shared} (${percent(shared)})`,
    "nodes per op:",
    ...ops.map(([op, k]) =>
      `  ${op.padEnd(width)}  ${String(k).padStart(String(n).length)}`
    ),
  ].join("\n");
}

/** Whether `a` and `b` are one graph: the same children and data, node by node. */
function sameShape(a: Graph, b: Graph): boolean {
  return a.length === b.length &&
    a.every((node, i) =>
      near(node.data, b[i].data) &&
      node.children.length === b[i].children.length &&
      node.children.every((c, k) => c === b[i].children[k])
    );
}

/** The nodes of `graph` by name, for the names only one node carries. */
function uniqueNames(graph: Graph): Map<string, GraphNode> {
  const seen = new Map<string, GraphNode | null>();
  for (const node of graph) {
    if (node.name !== undefined) {
      seen.set(node.name, seen.has(node.name) ? null : node);
    }
  }
  return new Map(
    [...seen].filter((e): e is [string, GraphNode] => e[1] !== null),
  );
}

/**
 * `graph` (the learner's) with each node's {@linkcode GraphNode.expected} set where its grad
 * differs (beyond a relative 1e-9) from that of its twin in `reference` (the same expression
 * built and differentiated with the solutions). Twins are certain or none: node by node when
 * both graphs have the same shape and data in the same order, else the nodes of the same
 * name (a name one node carries in each) holding the same data. A node without a twin is
 * left unmarked, as is one whose grad agrees.
 *
 * @example
 * ```ts
 * const leaf = { id: 1, op: "leaf", name: "x", data: 2, children: [], localGrads: [], uses: 2 };
 * const mine = [{ ...leaf, grad: 2 }];
 * compareGrads(mine, [{ ...leaf, grad: 4 }])[0].expected; // 4
 * ```
 */
export function compareGrads(graph: Graph, reference: Graph): Graph {
  const named = uniqueNames(reference);
  const mine = uniqueNames(graph);
  const twin = sameShape(graph, reference)
    ? (node: GraphNode) => reference[node.id - 1]
    : (node: GraphNode) =>
      node.name !== undefined && mine.get(node.name) === node
        ? named.get(node.name)
        : undefined;
  return graph.map((node) => {
    const ref = twin(node);
    if (
      ref === undefined || !near(node.data, ref.data) ||
      near(node.grad, ref.grad)
    ) return node;
    return { ...node, expected: ref.grad };
  });
}
