/**
 * A computation graph (`app/graph_model.ts`) drawn as plain SVG, laid out here rather than by
 * Graphviz (whose licence, EPL-1.0, the project does not admit): a layered layout, the
 * leaves on the left and the root on the right, each node in the column of its longest path
 * from a leaf; the order within a column from a few barycenter sweeps, which reduce edge
 * crossings; cubic edges with arrowheads, each labelled with its local grad. The same graph
 * gives the same bytes, so committed pictures can be checked for staleness.
 *
 * @module
 */
import { type Graph, type GraphNode, layers } from "./graph_model.ts";
import { shown } from "./graph_ops.ts";

const NODE_W = 128;
const NODE_H = 58;
const GAP_X = 96;
const GAP_Y = 26;
const MARGIN = 16;
const LEGEND_LINE = 14; // the legend's height per line
const SWEEPS = 4;
const MIN_WIDTH = 640; // the legend's width
const WAYPOINT_SLOT = 14; // the room an edge crossing a column takes in it

/** Where a node is drawn: the top-left corner of its box (of a waypoint: its middle). */
interface Place {
  readonly x: number;
  readonly y: number;
}

/**
 * The graph as the layout sees it: the nodes (numbers 1 to n) and, on each edge that skips
 * columns, one waypoint per column it crosses (numbers after n), so that the sweeps give it
 * a lane of its own rather than drawing it through the boxes.
 */
interface Lanes {
  /** The column of each node and waypoint (index: its number − 1). */
  readonly layer: readonly number[];
  /** What each one is joined to in the column before (children, or the waypoint below). */
  readonly down: readonly (readonly number[])[];
  /** The waypoints of the edge into node p from its child k, under the key `p:k`. */
  readonly routes: ReadonlyMap<string, readonly number[]>;
}

/** `graph` with a waypoint in each column an edge skips. */
function lanes(graph: Graph): Lanes {
  const layer = layers(graph);
  const down: number[][] = graph.map(() => []);
  const routes = new Map<string, number[]>();
  for (const node of graph) {
    node.children.forEach((c, k) => {
      let below = c;
      const waypoints: number[] = [];
      for (let l = layer[c - 1] + 1; l < layer[node.id - 1]; l++) {
        layer.push(l);
        down.push([below]);
        below = layer.length;
        waypoints.push(below);
      }
      down[node.id - 1].push(below);
      routes.set(`${node.id}:${k}`, waypoints);
    });
  }
  return { layer, down, routes };
}

/** The mean of `xs`, or `fallback` for none. */
function mean(xs: readonly number[], fallback: number): number {
  return xs.length === 0 ? fallback : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/**
 * The nodes and waypoints of each column, ordered by barycenter sweeps: first by the mean
 * height of what each is joined to in the column before, column by column from the left,
 * then in the column after, from the right. A height is measured from the column's middle
 * (`slot` is the room each one takes), as columns are centred.
 */
function orderColumns(
  { layer, down }: Lanes,
  slot: (id: number) => number,
): number[][] {
  const depth = layer.reduce((m, l) => Math.max(m, l), 0);
  const columns: number[][] = Array.from({ length: depth + 1 }, () => []);
  const up: number[][] = layer.map(() => []);
  layer.forEach((l, i) => {
    columns[l].push(i + 1);
    for (const d of down[i]) up[d - 1].push(i + 1);
  });
  const place = new Map<number, number>();
  const measure = (column: readonly number[]) => {
    let y = -column.reduce((s, id) => s + slot(id), 0) / 2;
    for (const id of column) {
      place.set(id, y + slot(id) / 2);
      y += slot(id);
    }
  };
  columns.forEach(measure);
  const sort = (c: number, joined: readonly (readonly number[])[]) => {
    const key = new Map(columns[c].map((id) => [
      id,
      mean(joined[id - 1].map((n) => place.get(n) ?? 0), place.get(id) ?? 0),
    ]));
    columns[c].sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0) || a - b);
    measure(columns[c]);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let c = 1; c <= depth; c++) sort(c, down);
    for (let c = depth - 1; c >= 0; c--) sort(c, up);
  }
  return columns;
}

/** The room a legend of `lines` lines takes at the bottom. */
function legendHeight(lines: number): number {
  return 16 + LEGEND_LINE * lines; // clear of an edge in the lowest lane
}

/** Each node's box and each waypoint, by number; the edges' waypoints; the picture's size. */
function layout(graph: Graph, legendLines: number): {
  places: Map<number, Place>;
  routes: ReadonlyMap<string, readonly number[]>;
  width: number;
  height: number;
} {
  const n = graph.length;
  const slot = (id: number) => id <= n ? NODE_H + GAP_Y : WAYPOINT_SLOT;
  const graphLanes = lanes(graph);
  const columns = orderColumns(graphLanes, slot);
  const total = (c: number[]) => c.reduce((s, id) => s + slot(id), 0);
  const tallest = Math.max(...columns.map(total));
  const places = new Map<number, Place>();
  columns.forEach((column, c) => {
    let y = MARGIN + (tallest - total(column)) / 2;
    for (const id of column) {
      const x = MARGIN + c * (NODE_W + GAP_X);
      places.set(id, { x, y: id <= n ? y : y + WAYPOINT_SLOT / 2 });
      y += slot(id);
    }
  });
  return {
    places,
    routes: graphLanes.routes,
    width: Math.max(
      MIN_WIDTH,
      2 * MARGIN + columns.length * (NODE_W + GAP_X) - GAP_X,
    ),
    height: 2 * MARGIN + tallest - GAP_Y + legendHeight(legendLines),
  };
}

/** The largest magnitude of each kind of number in a graph, against which ≈0 is judged. */
interface Scales {
  readonly data: number;
  readonly grad: number;
  readonly local: number;
}

/** The largest magnitude of `graph`'s data, of its grads and of its local grads. */
function scalesOf(graph: Graph): Scales {
  const largest = (xs: readonly number[]) =>
    xs.reduce((m, x) => Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m, 0);
  return {
    data: largest(graph.map((n) => n.data)),
    grad: largest(graph.map((n) => n.grad)),
    local: largest(graph.flatMap((n) => n.localGrads)),
  };
}

/** Whether some number of `graph` shows as `≈0` against `scales` (its data, grad or a local grad). */
function hasNearZero(graph: Graph, scales: Scales): boolean {
  const near = (x: number, scale: number) => shown(x, scale) === "≈0";
  return graph.some((n) =>
    near(n.data, scales.data) || near(n.grad, scales.grad) ||
    n.localGrads.some((g) => near(g, scales.local))
  );
}

/** `text` with the characters XML gives a meaning escaped. */
function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(
    />/g,
    "&gt;",
  ).replace(/"/g, "&quot;");
}

/** A coordinate, rounded to a tenth so that the picture's text stays short and stable. */
function at(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A curve from (x1, y1) to (x2, y2) that leaves and arrives level, as path commands. */
function curve(x1: number, y1: number, x2: number, y2: number): string {
  const dx = (x2 - x1) / 2;
  return `C${at(x1 + dx)},${at(y1)} ${at(x2 - dx)},${at(y2)} ${at(x2)},${
    at(y2)
  }`;
}

/**
 * The edges into `node`: from each child's right side to the node's left side (the children
 * spread along it, in order), through the edge's waypoints, level across each column it
 * skips; each labelled with its local grad.
 */
function edgesInto(
  node: GraphNode,
  places: Map<number, Place>,
  routes: ReadonlyMap<string, readonly number[]>,
  scale: number,
): string[] {
  const to = places.get(node.id) as Place;
  const out: string[] = [];
  const m = node.children.length;
  node.children.forEach((c, k) => {
    const from = places.get(c) as Place;
    let x = from.x + NODE_W;
    let y = from.y + NODE_H / 2;
    const d = [`M${at(x)},${at(y)}`];
    for (const w of routes.get(`${node.id}:${k}`) ?? []) {
      const p = places.get(w) as Place;
      d.push(curve(x, y, p.x, p.y), `H${at(p.x + NODE_W)}`);
      [x, y] = [p.x + NODE_W, p.y];
    }
    const x2 = to.x;
    const y2 = to.y + (NODE_H * (k + 1)) / (m + 1);
    d.push(curve(x, y, x2, y2));
    out.push(
      `<path class="edge" d="${
        d.join(" ")
      }" marker-end="url(#arrow)"><title>#${c} → #${node.id}: local grad ${
        node.localGrads[k]
      }</title></path>`,
      // Just before the arrowhead, where the edges into a node are spread along its side.
      `<text class="local" x="${at(x2 - 9)}" y="${at(y2 - 2)}">${
        shown(node.localGrads[k], scale)
      }</text>`,
    );
  });
  return out;
}

/**
 * A node's box: its number and op (a named leaf: its name instead; a named op: `name = op`),
 * its data and its grad; a shared node says how often.
 */
function nodeBox(
  node: GraphNode,
  place: Place,
  root: boolean,
  scales: Scales,
): string {
  const { x, y } = place;
  const cx = at(x + NODE_W / 2);
  const kind = root
    ? "root"
    : node.uses > 1
    ? "shared"
    : node.op === "leaf"
    ? "leaf"
    : "op";
  const lines = [
    `<text class="head" x="${cx}" y="${at(y + 15)}">#${node.id}  ${
      escapeXml(head(node))
    }</text>`,
    `<text class="data" x="${cx}" y="${at(y + 31)}">data ${
      shown(node.data, scales.data)
    }</text>`,
    `<text class="${
      node.expected === undefined ? "grad" : "grad wrong"
    }" x="${cx}" y="${at(y + 46)}">grad ${
      shown(node.grad, scales.grad)
    }</text>`,
  ];
  if (node.uses > 1) {
    lines.push(
      `<text class="uses" x="${at(x + NODE_W - 4)}" y="${
        at(y - 3)
      }">shared: used ${node.uses}×</text>`,
    );
  }
  if (node.expected !== undefined) {
    lines.push(
      `<text class="expected" x="${cx}" y="${at(y + NODE_H + 12)}">(expected ${
        shown(node.expected, scales.grad)
      })</text>`,
    );
  }
  return [
    `<g class="node ${kind}" id="n${node.id}">`,
    `<title>#${node.id} ${escapeXml(node.op)}${
      node.name === undefined ? "" : ` (${escapeXml(node.name)})`
    }: data ${node.data}, grad ${node.grad}${
      node.expected === undefined ? "" : ` (expected ${node.expected})`
    }</title>`,
    `<rect x="${at(x)}" y="${
      at(y)
    }" width="${NODE_W}" height="${NODE_H}" rx="6"/>`,
    ...lines,
    "</g>",
  ].join("\n");
}

/** What a node's first line shows after its number: its op, its name, or `name = op`. */
function head(node: GraphNode): string {
  if (node.name === undefined) return node.op;
  return node.op === "leaf" ? node.name : `${node.name} = ${node.op}`;
}

const STYLE = `<style>
text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; text-anchor: middle; fill: #222; }
.node rect { fill: #fff; stroke: #555; stroke-width: 1.2; }
.node.leaf rect { fill: #eef4ff; }
.node.root rect { fill: #fff4e0; stroke: #b36b00; stroke-width: 2; }
.node.shared rect { fill: #fdeeee; stroke: #c0392b; stroke-width: 3; stroke-dasharray: 7 3; }
.head { font-weight: bold; }
.grad { fill: #1a6b2f; }
.grad.wrong { fill: #c0392b; font-weight: bold; }
.expected { fill: #c0392b; font-size: 11px; font-weight: bold; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.uses { fill: #c0392b; font-size: 11px; text-anchor: end; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.edge { fill: none; stroke: #888; stroke-width: 1.2; }
.local { font-size: 10px; fill: #555; text-anchor: end; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.legend { font-size: 11px; text-anchor: start; fill: #444; }
</style>`;

/**
 * `graph` as an SVG picture: each node a box with its number in `topoSort`'s order, its op
 * (a named leaf: its name; a named op: `name = op`), data and grad (4 significant digits, or
 * `≈0` for rounding's leftovers below 1e-12 of the largest of their kind; the exact numbers
 * in its tooltip); each shared node
 * drawn once, with a thick dashed red border and "shared: used n×"; each edge from a child to
 * the node that uses it, labelled with its local grad.
 *
 * @example
 * ```ts
 * import { Value } from "../solutions/02_value/value.ts";
 * import * as kata03 from "../solutions/03_backward/backward.ts";
 * import { type Backward, graphOf } from "./graph_model.ts";
 * const a = new Value(2);
 * const svg = graphSvg(graphOf(a.mul(a), kata03 as Backward));
 * svg.startsWith("<svg"); // true
 * ```
 */
export function graphSvg(graph: Graph): string {
  const scales = scalesOf(graph);
  // Each line of the legend only when the picture has what it explains.
  const lines = [
    "#n: the node's place in topoSort's order · edge label: the local grad d(node)/d(child)",
  ];
  if (hasNearZero(graph, scales)) {
    lines.push(
      "≈0: not 0, but under 1e-12 of the largest number of its kind (exact in the tooltip)",
    );
  }
  if (graph.some((node) => node.uses > 1)) {
    lines.push(
      "dashed red border: a shared node, drawn once and used more than once",
    );
  }
  if (graph.some((node) => node.expected !== undefined)) {
    lines.push(
      "red grad: yours differs from the solutions' on the same expression, (expected …) below",
    );
  }
  const { places, routes, width, height } = layout(graph, lines.length);
  const root = graph[graph.length - 1].id;
  const edges = graph.flatMap((node) =>
    edgesInto(node, places, routes, scales.local)
  );
  const nodes = graph.map((node) =>
    nodeBox(node, places.get(node.id) as Place, node.id === root, scales)
  );
  const legend = lines.map((line, i) =>
    `<text class="legend" x="${MARGIN}" y="${
      at(height - legendHeight(lines.length) + 22 + LEGEND_LINE * i)
    }">${escapeXml(line)}</text>`
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    STYLE,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...edges,
    ...nodes,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
