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
import { short } from "./graph_ops.ts";

const NODE_W = 116;
const NODE_H = 58;
const GAP_X = 96;
const GAP_Y = 26;
const MARGIN = 16;
const LEGEND_H = 34;
const SWEEPS = 4;
const MIN_WIDTH = 640; // the legend's width

/** Where a node is drawn: the top-left corner of its box. */
interface Place {
  readonly x: number;
  readonly y: number;
}

/** The mean of `xs`, or `fallback` for none. */
function mean(xs: readonly number[], fallback: number): number {
  return xs.length === 0 ? fallback : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/**
 * The nodes of each column (the numbers, from 1), ordered by barycenter sweeps: first by the
 * mean place of each node's children, column by column from the left, then by its parents',
 * from the right. A place is measured from the column's middle, as columns are centred.
 */
function orderColumns(graph: Graph, layer: readonly number[]): number[][] {
  const depth = Math.max(...layer);
  const columns: number[][] = Array.from({ length: depth + 1 }, () => []);
  for (const node of graph) columns[layer[node.id - 1]].push(node.id);
  const parents: number[][] = graph.map(() => []);
  for (const node of graph) {
    for (const c of node.children) parents[c - 1].push(node.id);
  }
  const place = new Map<number, number>();
  const measure = (column: readonly number[]) =>
    column.forEach((id, i) => place.set(id, i - (column.length - 1) / 2));
  columns.forEach(measure);
  const sort = (c: number, neighbours: (id: number) => readonly number[]) => {
    const key = new Map(columns[c].map((id) => [
      id,
      mean(neighbours(id).map((n) => place.get(n) ?? 0), place.get(id) ?? 0),
    ]));
    columns[c].sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0) || a - b);
    measure(columns[c]);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let c = 1; c <= depth; c++) sort(c, (id) => graph[id - 1].children);
    for (let c = depth - 1; c >= 0; c--) sort(c, (id) => parents[id - 1]);
  }
  return columns;
}

/** Each node's box, by number, and the picture's size. */
function layout(graph: Graph): {
  places: Map<number, Place>;
  width: number;
  height: number;
} {
  const columns = orderColumns(graph, layers(graph));
  const tallest = Math.max(...columns.map((c) => c.length));
  const places = new Map<number, Place>();
  columns.forEach((column, c) => {
    const top = ((tallest - column.length) * (NODE_H + GAP_Y)) / 2;
    column.forEach((id, i) => {
      places.set(id, {
        x: MARGIN + c * (NODE_W + GAP_X),
        y: MARGIN + top + i * (NODE_H + GAP_Y),
      });
    });
  });
  return {
    places,
    width: Math.max(
      MIN_WIDTH,
      2 * MARGIN + columns.length * (NODE_W + GAP_X) - GAP_X,
    ),
    height: 2 * MARGIN + tallest * (NODE_H + GAP_Y) - GAP_Y + LEGEND_H,
  };
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

/** The edges into `node`: a cubic curve from each child's right side, with its local grad. */
function edgesInto(node: GraphNode, places: Map<number, Place>): string[] {
  const to = places.get(node.id) as Place;
  const out: string[] = [];
  const m = node.children.length;
  node.children.forEach((c, k) => {
    const from = places.get(c) as Place;
    const x1 = from.x + NODE_W;
    const y1 = from.y + NODE_H / 2;
    const x2 = to.x;
    const y2 = to.y + (NODE_H * (k + 1)) / (m + 1);
    const dx = (x2 - x1) / 2;
    const d = `M${at(x1)},${at(y1)} C${at(x1 + dx)},${at(y1)} ${at(x2 - dx)},${
      at(y2)
    } ${at(x2)},${at(y2)}`;
    const grad = short(node.localGrads[k]);
    out.push(
      `<path class="edge" d="${d}" marker-end="url(#arrow)"><title>#${c} → #${node.id}: local grad ${
        node.localGrads[k]
      }</title></path>`,
      // Just before the arrowhead, where the edges into a node are spread along its side.
      `<text class="local" x="${at(x2 - 9)}" y="${at(y2 - 2)}">${grad}</text>`,
    );
  });
  return out;
}

/** A node's box: its number and op, its data and its grad; a shared node says how often. */
function nodeBox(node: GraphNode, place: Place, root: boolean): string {
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
      escapeXml(node.op)
    }</text>`,
    `<text class="data" x="${cx}" y="${at(y + 31)}">data ${
      short(node.data)
    }</text>`,
    `<text class="grad" x="${cx}" y="${at(y + 46)}">grad ${
      short(node.grad)
    }</text>`,
  ];
  if (node.uses > 1) {
    lines.push(
      `<text class="uses" x="${at(x + NODE_W - 4)}" y="${
        at(y - 3)
      }">shared: used ${node.uses}×</text>`,
    );
  }
  return [
    `<g class="node ${kind}" id="n${node.id}">`,
    `<title>#${node.id} ${
      escapeXml(node.op)
    }: data ${node.data}, grad ${node.grad}</title>`,
    `<rect x="${at(x)}" y="${
      at(y)
    }" width="${NODE_W}" height="${NODE_H}" rx="6"/>`,
    ...lines,
    "</g>",
  ].join("\n");
}

const STYLE = `<style>
text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; text-anchor: middle; fill: #222; }
.node rect { fill: #fff; stroke: #555; stroke-width: 1.2; }
.node.leaf rect { fill: #eef4ff; }
.node.root rect { fill: #fff4e0; stroke: #b36b00; stroke-width: 2; }
.node.shared rect { fill: #fdeeee; stroke: #c0392b; stroke-width: 3; stroke-dasharray: 7 3; }
.head { font-weight: bold; }
.grad { fill: #1a6b2f; }
.uses { fill: #c0392b; font-size: 11px; text-anchor: end; }
.edge { fill: none; stroke: #888; stroke-width: 1.2; }
.local { font-size: 10px; fill: #555; text-anchor: end; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.legend { font-size: 11px; text-anchor: start; fill: #444; }
</style>`;

/**
 * `graph` as an SVG picture: each node a box with its number in `topoSort`'s order, its op,
 * data and grad (4 significant digits; the exact numbers in its tooltip); each shared node
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
  const { places, width, height } = layout(graph);
  const root = graph[graph.length - 1].id;
  const edges = graph.flatMap((node) => edgesInto(node, places));
  const nodes = graph.map((node) =>
    nodeBox(node, places.get(node.id) as Place, node.id === root)
  );
  const legend = [
    "#n: the node's place in topoSort's order · edge label: the local grad d(node)/d(child)",
    "dashed red border: a shared node, drawn once and used more than once",
  ].map((line, i) =>
    `<text class="legend" x="${MARGIN}" y="${
      at(height - LEGEND_H + 12 + 14 * i)
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
