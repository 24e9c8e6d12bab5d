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
  //#region answer: topoSort
  const mark = ++sorts; // this sort's own mark: no node carries it yet
  const topo: Value[] = [];
  // The path from root to the node being explored, and for each node on it the index of
  // its next child to look at: the call stack of the recursive version, kept in arrays.
  // The root needs no mark: in a graph without cycles, no path leads back up to it.
  const stack: Value[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const children = node.children;
    let i = next[top];
    while (i < children.length && children[i].mark === mark) i++; // reached already
    if (i < children.length) {
      const child = children[i];
      child.mark = mark;
      next[top] = i + 1;
      stack.push(child);
      next.push(0);
    } else {
      stack.pop();
      next.pop();
      topo.push(node); // all its children are already in topo
    }
  }
  return topo;
  //#endregion
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
  //#region answer: backward
  const topo = topoSort(root);
  root.grad = 1; // d(root)/d(root)
  for (let k = topo.length - 1; k >= 0; k--) {
    const { children, localGrads, grad } = topo[k];
    for (let i = 0; i < children.length; i++) {
      children[i].grad += localGrads[i] * grad; // chain rule
    }
  }
  //#endregion
}
