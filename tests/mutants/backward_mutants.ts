/**
 * Typical mistakes in kata 03 (backward), planted in `solutions/03_backward/backward.ts`.
 *
 * @module
 */
import { D } from "../backward_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "03_backward/backward.ts";

/** The solution's iterative depth-first loop in `topoSort`, which two mutants replace. */
const ITERATIVE_TOPO = `  const visited = new Set<Value>([root]);
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
`;

/** Kata 03's mutants. */
export const backwardMutants: readonly Mutant[] = [
  {
    name: "grad = instead of grad += (overwrites instead of accumulating)",
    file,
    edits: [[
      `child.grad += v.localGrads[i] * v.grad;`,
      `child.grad = v.localGrads[i] * v.grad;`,
    ]],
    expect: D.assign,
  },
  {
    name: "no visited set: a reused node is visited (and processed) twice",
    file,
    edits: [[
      `if (!visited.has(child)) {\n        visited.add(child);\n        stack.push([child, 0]);\n      }`,
      `stack.push([child, 0]);`,
    ]],
    expect: D.noVisited,
  },
  {
    name: "forgets to seed root.grad = 1",
    file,
    edits: [[`root.grad = 1; // d(root)/d(root)`, ``]],
    expect: D.rootNotSet,
  },
  {
    name: "walks the topological order forwards instead of in reverse",
    file,
    edits: [[
      `for (let k = topo.length - 1; k >= 0; k--) {`,
      `for (let k = 0; k < topo.length; k++) {`,
    ]],
    expect: D.forwards,
  },
  {
    name: "multiplies by the child's grad instead of the node's own",
    file,
    edits: [[
      `child.grad += v.localGrads[i] * v.grad;`,
      `child.grad += v.localGrads[i] * child.grad;`,
    ]],
    expect: D.noFlow,
  },
  {
    name: "recursive depth-first search (overflows the stack on a deep graph)",
    file,
    edits: [[
      ITERATIVE_TOPO,
      `  const visited = new Set<Value>();
  const visit = (v: Value) => {
    if (visited.has(v)) return;
    visited.add(v);
    v.children.forEach(visit);
    topo.push(v);
  };
  visit(root);
`,
    ]],
    expect: D.recursion,
  },
  {
    name: "a visited set keyed by data instead of by node",
    file,
    edits: [
      [`new Set<Value>([root]);`, `new Set<number>([root.data]);`],
      [
        `if (!visited.has(child)) {\n        visited.add(child);`,
        `if (!visited.has(child.data)) {\n        visited.add(child.data);`,
      ],
    ],
    expect: D.keyedByData,
  },
  {
    name: "visits children last to first (a valid order, but not microgpt's)",
    file,
    edits: [[
      `const child = node.children[i];`,
      `const child = node.children[node.children.length - 1 - i];`,
    ]],
    expect: D.childrenReversed,
  },
  {
    name:
      "pre-order walk reversed (lists a node when it is reached, not when it is left)",
    file,
    edits: [[
      ITERATIVE_TOPO,
      `  const visited = new Set<Value>([root]);
  const stack: Value[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    topo.push(node);
    for (const child of node.children) {
      if (!visited.has(child)) {
        visited.add(child);
        stack.push(child);
      }
    }
  }
  topo.reverse();
`,
    ]],
    expect: D.preOrder,
  },
  {
    name: "sets root.grad = 1 after the walk instead of before",
    file,
    edits: [
      [`  root.grad = 1; // d(root)/d(root)\n`, ``],
      [
        `    });\n  }\n  //#endregion`,
        `    });\n  }\n  root.grad = 1;\n  //#endregion`,
      ],
    ],
    expect: D.rootSetLate,
  },
  {
    name:
      "never writes the child index back to the frame (the sort loops forever)",
    file,
    edits: [[`      frame[1] = i + 1;\n`, ``]],
    expect: D.neverAdvances,
  },
  {
    name: "leaves the leaves out of the order",
    file,
    edits: [[
      `topo.push(node); // all its children are already in topo`,
      `if (node.children.length > 0) topo.push(node);`,
    ]],
    expect: D.leavesLeftOut,
  },
  {
    name: "de-duplicates children, so a + a passes one gradient instead of two",
    file,
    edits: [[
      `v.children.forEach((child, i) => {`,
      `new Set(v.children).forEach((child) => {\n      const i = v.children.indexOf(child);`,
    ]],
    expect: D.dedup,
  },
  {
    name: "adds 1 to root.grad instead of setting it",
    file,
    edits: [[
      `root.grad = 1; // d(root)/d(root)`,
      `root.grad += 1; // d(root)/d(root)`,
    ]],
    expect: D.rootAdded,
  },
  {
    name: "zeroes every grad at the start of backward",
    file,
    edits: [[
      `  root.grad = 1; // d(root)/d(root)`,
      `  for (const v of topo) v.grad = 0;\n  root.grad = 1; // d(root)/d(root)`,
    ]],
    expect: D.zeroed,
  },
  {
    name:
      "collects the order in a second array and ends with topo.push(...order)",
    file,
    edits: [
      [
        `const topo: Value[] = [];`,
        `const topo: Value[] = [];\n  const order: Value[] = [];`,
      ],
      [
        `topo.push(node); // all its children are already in topo`,
        `order.push(node);`,
      ],
      [`  return topo;`, `  topo.push(...order);\n  return topo;`],
    ],
    expect: D.spread,
  },
];
