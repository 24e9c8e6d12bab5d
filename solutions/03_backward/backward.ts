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
 * Every node reachable from `root`, each once, children before parents: the order a
 * depth-first search that visits children in order finishes nodes (so `root` is last).
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
  const topo: Value[] = [];
  const visited = new Set<Value>([root]);
  // Each frame is a node and the index of the next child to visit: the call stack of the
  // recursive version, kept in an array.
  const stack: [Value, number][] = [[root, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const [node, i] = frame;
    if (i < node.children.length) {
      frame[1] = i + 1;
      const child = node.children[i];
      if (!visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
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
    const v = topo[k];
    v.children.forEach((child, i) => {
      child.grad += v.localGrads[i] * v.grad; // chain rule
    });
  }
  //#endregion
}
