// Kata 03 · backward: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/03_backward/backward.ts by `deno task stubs`.
// deno-lint-ignore-file prefer-const ban-unused-ignore
/**
 * Kata 03 · backward: the chain rule, applied to a whole graph of {@link Value} nodes.
 *
 * microgpt.py, `Value.backward()`: sort the graph so every node comes after its children,
 * set the root's gradient to 1, then walk the order in reverse, pushing each node's gradient
 * to its children. Here it is iterative, so a 100,000-deep graph cannot overflow the stack.
 *
 * @module
 */
import type { Value } from "../02_value/value.ts";

/**
 * How many sorts have run. Sort number k marks with k (`node.mark`) each node it pushes below
 * the root, so a node marked k is one it has reached already.
 */
let sorts = 0;

/**
 * Every node reachable from `root`, each once, children before parents: the order a
 * depth-first search that visits children in order finishes nodes (so `root` is last).
 * Instead of a `Set` of visited nodes, it marks each node it reaches below `root` with its
 * own sort number (`node.mark`).
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const a = new Value(2);
 * const b = a.mul(a);
 * topoSort(b); // [a, b]
 * ```
 */
export function topoSort(root: Value): Value[] {
  void [root, sorts];
  throw new Error("not implemented: topoSort, see README.md");
}

/**
 * Fills `grad` of every node reachable from `root` with d(root)/d(node), by the chain rule.
 * Gradients add up (`+=`): a node used twice gets both contributions.
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const a = new Value(3);
 * const b = a.add(a); // b = 2a
 * backward(b);
 * a.grad; // 2
 * ```
 */
export function backward(root: Value): void {
  void root;
  throw new Error("not implemented: backward, see README.md");
}
