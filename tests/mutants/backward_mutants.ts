/**
 * Typical mistakes in kata 03 (backward), planted in `solutions/03_backward/backward.ts`.
 *
 * @module
 */
import { D } from "../suites/backward_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "03_backward/backward.ts";

/** The solution's iterative depth-first loop in `topoSort`, which two mutants replace. */
const ITERATIVE_TOPO = `  const stack: Value[] = [root];
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
`;

/** The line that skips the children this sort has marked. */
const SKIP =
  `    while (i < children.length && children[i].mark === mark) i++; // reached already\n`;

/** The solution's chain rule line in `backward`. */
const CHAIN_RULE = `children[i].grad += localGrads[i] * grad; // chain rule`;

/** Kata 03's mutants. */
export const backwardMutants: readonly Mutant[] = [
  {
    name: "grad = instead of grad += (overwrites instead of accumulating)",
    file,
    edits: [[CHAIN_RULE, `children[i].grad = localGrads[i] * grad;`]],
    expect: D.assign,
  },
  {
    name: "no visited marks: a reused node is visited (and processed) twice",
    file,
    edits: [[SKIP, ``], [`      child.mark = mark;\n`, ``]],
    expect: D.noVisited,
  },
  {
    name:
      "skips marked children but never marks the child it pushes (a reused node is visited twice)",
    file,
    edits: [[`      child.mark = mark;\n`, ``]],
    expect: D.noVisited,
  },
  {
    name:
      "takes a new sort number on every step of the loop instead of once per sort",
    file,
    edits: [
      [
        `  const mark = ++sorts; // this sort's own mark: no node carries it yet\n`,
        ``,
      ],
      [
        `    const top = stack.length - 1;\n`,
        `    const mark = ++sorts;\n    const top = stack.length - 1;\n`,
      ],
    ],
    expect: D.markPerStep,
  },
  {
    name:
      "never increments the sort counter (every sort is numbered 0, the mark of a new node)",
    file,
    edits: [[`const mark = ++sorts;`, `const mark = sorts;`]],
    expect: D.markNotNew,
  },
  {
    name:
      "marks every node with 1 instead of this sort's own number (a later sort skips what an earlier one reached)",
    file,
    edits: [
      [`children[i].mark === mark`, `children[i].mark === 1`],
      [`child.mark = mark;`, `child.mark = 1;`],
    ],
    expect: D.markNotOwn,
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
      CHAIN_RULE,
      `children[i].grad += localGrads[i] * children[i].grad;`,
    ]],
    expect: D.noFlow,
  },
  {
    name: "recursive depth-first search (overflows the stack on a deep graph)",
    file,
    edits: [[
      ITERATIVE_TOPO,
      `  const visit = (v: Value) => {
    if (v.mark === mark) return;
    v.mark = mark;
    v.children.forEach(visit);
    topo.push(v);
  };
  visit(root);
`,
    ]],
    expect: D.recursion,
  },
  {
    name: "visits children last to first (a valid order, but not microgpt's)",
    file,
    edits: [[
      `const children = node.children;`,
      `const children = [...node.children].reverse();`,
    ]],
    expect: D.childrenReversed,
  },
  {
    name:
      "pre-order walk reversed (lists a node when it is reached, not when it is left)",
    file,
    edits: [[
      ITERATIVE_TOPO,
      `  const stack: Value[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    topo.push(node);
    for (const child of node.children) {
      if (child.mark !== mark) {
        child.mark = mark;
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
        `    }\n  }\n  //#endregion`,
        `    }\n  }\n  root.grad = 1;\n  //#endregion`,
      ],
    ],
    expect: D.rootSetLate,
  },
  {
    name:
      "looks at one child per step and never moves the index on (the sort loops forever)",
    file,
    edits: [[
      `    let i = next[top];
${SKIP}    if (i < children.length) {
      const child = children[i];
      child.mark = mark;
      next[top] = i + 1;
      stack.push(child);
      next.push(0);
    } else {`,
      `    const i = next[top];
    if (i < children.length) {
      const child = children[i];
      if (child.mark !== mark) {
        child.mark = mark;
        stack.push(child);
        next.push(0);
      }
    } else {`,
    ]],
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
      `    for (let i = 0; i < children.length; i++) {
      ${CHAIN_RULE}
    }`,
      `    for (const child of new Set(children)) {
      child.grad += localGrads[children.indexOf(child)] * grad;
    }`,
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
