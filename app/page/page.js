// The page of `deno task run --serve` (app/serve.ts): the training's events come as
// Server-Sent Events from /events, a name's inspection as JSON from /inspect?name=…. Plain
// DOM and SVG, no library, no build step; the chart's arithmetic is in chart.js. The numbers
// the page draws are also kept in data-* attributes (data-points, data-w, data-p, data-nll),
// which the browser test reads.
import { lossRange, runningMeans, thin, thinMeans, ticks } from "./chart.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
/** The chart's size and margins, in the SVG's units. */
const [WIDTH, HEIGHT] = [640, 260];
const [LEFT, RIGHT, TOP, BOTTOM] = [54, 14, 12, 34];
/** A training shorter than this, in seconds, is too quick to watch: the page says how to slow it. */
const QUICK = 10;

const state = { losses: [], numSteps: 0, engine: "", drawing: false };

const events = new EventSource("/events");
events.onmessage = (e) => handle(JSON.parse(e.data));
events.onerror = () => {
  if (events.readyState === EventSource.CLOSED) {
    status("lost the server: is deno task run --serve still running?", true);
  }
};

/** One event of the training (app/printers.ts's --serve printer, or the server's). */
function handle(event) {
  switch (event.type) {
    case "begin":
      begin(event);
      break;
    case "step":
      state.losses.push(event.loss);
      $("loss").dataset.points = state.losses.length; // drawn at the next frame
      $("step").textContent = event.step;
      $("loss-now").textContent = event.loss.toFixed(4);
      $("rate").textContent = event.stepsPerSecond.toFixed(1);
      draw();
      break;
    case "trained":
      trained(event);
      break;
    case "loaded":
      loaded(event);
      break;
    case "preview": {
      const li = item(event.name, `step ${event.step}: `);
      $("previews").append(li);
      break;
    }
    case "sample":
      $("samples").append(item(event.name));
      break;
    case "done":
      events.close();
      $("name").disabled = $("go").disabled = false;
      message("type a name to see how the model reads it");
      $("name").focus();
      break;
    case "error":
      status(event.message, true);
      break;
    case "exit":
      events.close();
      if (event.code !== 0) {
        status(
          `the training stopped (exit code ${event.code}): see the terminal`,
          true,
        );
      }
      break;
  }
}

/** The training begins: its facts stay on the page, the lists start empty. */
function begin(event) {
  // A page that reconnects gets every event again, from this one.
  state.losses = [];
  state.numSteps = event.numSteps;
  state.engine = event.engine;
  $("samples").replaceChildren();
  $("previews").replaceChildren();
  $("steps").textContent = event.numSteps;
  $("facts").textContent =
    `engine ${event.engine} · ${event.numParams} params ` +
    `(${event.nLayer} layer${
      event.nLayer === 1 ? "" : "s"
    }, ${event.nHead} heads, ` +
    `block size ${event.blockSize}) · ${event.numDocs} names: ${event.dataset}`;
  status(`training ${event.numSteps} steps…`);
}

/** The training is over: how long it took, and how to watch the curve grow if that was quick. */
function trained(event) {
  const seconds = event.seconds.toFixed(1);
  status(`trained ${state.numSteps} steps in ${seconds} s`);
  $("loss-mean").textContent = event.meanLoss.toFixed(4);
  if (event.seconds < QUICK) {
    const slower = state.engine === "scalar"
      ? "--steps 20000"
      : "--steps 20000, or --engine scalar (one number at a time)";
    $("hint").textContent =
      `The training took ${seconds} s: too quick to watch the curve grow? ` +
      `Run deno task run --serve again with ${slower}.`;
  }
}

/** A checkpoint was loaded (--load): no training, so no curve and no names while it trains. */
function loaded(event) {
  status(
    `loaded from ${event.path} (${event.step} steps, ${event.numParams} params): no training`,
  );
  $("facts").textContent = `engine ${event.engine} · ${event.numParams} params`;
  $("training").hidden = true;
  $("while").hidden = true;
}

/** A list item showing `name` on one line (its whole text in its title). */
function item(name, before = "") {
  const li = document.createElement("li");
  li.textContent = before + name;
  li.title = before + name;
  return li;
}

function status(text, error = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", error);
}

function message(text, error = false) {
  $("message").textContent = text;
  $("message").classList.toggle("error", error);
}

/** Redraws the loss curve at the next frame (many steps may come in one frame). */
function draw() {
  if (state.drawing) return;
  state.drawing = true;
  requestAnimationFrame(() => {
    state.drawing = false;
    plot(state.losses, Math.max(state.numSteps, state.losses.length));
  });
}

/**
 * The loss of each step and their running mean (of the last 100), against the step, each
 * drawn with at most chart.js's MAX_POINTS points; losses above the axis are clipped.
 */
function plot(losses, numSteps) {
  const means = runningMeans(losses);
  const { lo, hi, clipped } = lossRange(losses, means);
  const x = (i) =>
    LEFT + (i / Math.max(1, numSteps - 1)) * (WIDTH - LEFT - RIGHT);
  const y = (l) =>
    TOP + ((hi - Math.min(l, hi)) / (hi - lo)) * (HEIGHT - TOP - BOTTOM);
  const points = (ps) =>
    ps.map(([i, l]) => `${x(i).toFixed(1)},${y(l).toFixed(1)}`).join(" ");
  // Each run of steps: its lowest and highest loss, and the mean of its running means.
  $("curve").setAttribute("points", points(thin(losses)));
  $("mean").setAttribute("points", points(thinMeans(means)));
  $("loss-mean").textContent = means.at(-1).toFixed(4);
  const marks = ticks(lo, hi).flatMap((t) => [
    line(LEFT, y(t), WIDTH - RIGHT, y(t)),
    text(LEFT - 6, y(t) + 4, t.toFixed(2), "end"),
  ]);
  const title = text(14, (TOP + HEIGHT - BOTTOM) / 2, "loss", "middle");
  title.setAttribute(
    "transform",
    `rotate(-90 14 ${(TOP + HEIGHT - BOTTOM) / 2})`,
  );
  $("axes").replaceChildren(
    ...marks,
    title,
    text(LEFT, HEIGHT - 12, "step 1", "start"),
    text(WIDTH - RIGHT, HEIGHT - 12, `step ${numSteps}`, "end"),
  );
  $("clipped").textContent = clipped === 0
    ? ""
    : `${clipped} step${clipped === 1 ? "" : "s"} above ${
      hi.toFixed(2)
    } (rare spikes) drawn at the top edge, so that they do not squash the curve`;
}

function line(x1, y1, x2, y2) {
  const l = document.createElementNS(SVG, "line");
  for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, v);
  return l;
}

function text(x, y, content, anchor) {
  const t = document.createElementNS(SVG, "text");
  t.setAttribute("x", x);
  t.setAttribute("y", y);
  t.setAttribute("text-anchor", anchor);
  t.textContent = content;
  return t;
}

$("ask").addEventListener("submit", async (e) => {
  e.preventDefault();
  const name = $("name").value;
  const response = await fetch(`/inspect?name=${encodeURIComponent(name)}`);
  const answer = await response.json();
  if (answer.error !== undefined) {
    $("inspection").replaceChildren();
    return message(answer.error, true);
  }
  message(`how the trained model reads "${name}"`);
  show(answer);
});

/** How a token is shown: BOS as "·" (a row: the start; a column: the name ends). */
const label = (t) => (t === "BOS" ? "·" : t === "end" ? "·" : t);

/** A probability as a whole percent ("<1" below 0.5%). */
const percent = (p) => (p < 0.005 ? "<1" : (100 * p).toFixed(0));

/** The attention grids of every layer and head, then the next-letter probabilities. */
function show({ tokens, vocab, attention, probs }) {
  const figures = [key()];
  attention.forEach((heads, layer) =>
    heads.forEach((rows, head) => {
      const table = grid(
        tokens.map(label),
        tokens.map(label),
        rows,
        (w, i, t) => `${tokens[i]} reads ${tokens[t]}: ${percent(w)}%`,
        "w",
      );
      table.className = "attn";
      table.dataset.layer = layer;
      table.dataset.head = head;
      figures.push(
        figure(
          `layer ${layer}, head ${head}: row reads column (%)`,
          table,
        ),
      );
    })
  );
  figures.push(probabilities(tokens, vocab, probs));
  $("inspection").replaceChildren(...figures);
}

/** What the shades, the marks and "·" mean, with a scale of the shades. */
function key() {
  const scale = document.createElement("p");
  scale.className = "key";
  scale.append("shade: ");
  for (const v of [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1]) {
    const s = document.createElement("span");
    s.className = "cell";
    shade(s, v);
    s.textContent = percent(v);
    scale.append(s);
  }
  scale.append(
    " % · “·” is BOS: as a row, the start of the name; as a column of the " +
      "probabilities, the name ends there. Each attention row sums to 100%, " +
      "and so does each row of probabilities.",
  );
  return scale;
}

/** The next letter's probabilities at each position, with the name's actual next letter marked. */
function probabilities(tokens, vocab, probs) {
  const table = grid(
    tokens.map(label),
    vocab.map(label),
    probs,
    (p, i, j) =>
      `after ${tokens.slice(1, i + 1).join("") || "BOS"}: ${
        vocab[j] === "end" ? "the end" : vocab[j]
      } ${(100 * p).toFixed(1)}%`,
    "p",
  );
  table.className = "probs";
  for (const text of ["next", "p", "−log p"]) {
    const th = document.createElement("th");
    th.textContent = text;
    th.className = "wide";
    table.rows[0].append(th);
  }
  let total = 0;
  probs.forEach((row, i) => {
    const actual = i + 1 < tokens.length
      ? vocab.indexOf(tokens[i + 1])
      : vocab.length - 1;
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    const cells = table.rows[i + 1].cells;
    for (const [j, mark] of [[best, "top"], [actual, "actual"]]) {
      cells[j + 1].classList.add(mark);
      cells[j + 1].textContent = percent(row[j]);
    }
    const nll = -Math.log(row[actual]);
    total += nll;
    const next = label(vocab[actual]);
    const p = `${percent(row[actual])}%`;
    for (const text of [next, p, nll.toFixed(2)]) {
      const td = document.createElement("td");
      td.className = "wide";
      td.textContent = text;
      table.rows[i + 1].append(td);
    }
    table.rows[i + 1].dataset.nll = nll;
  });
  const f = figure(
    "the next letter's probabilities at each position (%)",
    table,
  );
  const legend = document.createElement("p");
  legend.className = "key";
  legend.innerHTML =
    '<span class="cell top">top</span> the model\'s top guess · ' +
    '<span class="cell actual">actual</span> the name\'s actual next letter: ' +
    "its p, and −log p, the loss at that position. The mean of −log p over the " +
    `${probs.length} positions, <b id="name-loss">${
      (total / probs.length).toFixed(3)
    }</b>, is the loss the training computes for this name.`;
  f.append(legend);
  return f;
}

/** Shades `cell` by `v` in [0, 1] (the square root: small values stay visible). */
function shade(cell, v) {
  const alpha = Math.sqrt(v);
  cell.style.background = `rgba(31, 95, 153, ${alpha.toFixed(3)})`;
  cell.classList.toggle("dark", alpha > 0.6);
}

/** A table: a header row of `columns`, then a row per `rows` entry, each cell shaded by its value. */
function grid(rowLabels, columns, rows, title, key) {
  const table = document.createElement("table");
  const head = table.insertRow();
  head.append(document.createElement("th"));
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c;
    head.append(th);
  }
  rows.forEach((values, i) => {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.textContent = rowLabels[i];
    tr.append(th);
    values.forEach((v, j) => {
      const td = tr.insertCell();
      td.dataset[key] = v;
      td.title = title(v, i, j);
      if (key === "w") td.textContent = percent(v);
      shade(td, v);
    });
  });
  return table;
}

function figure(caption, table) {
  const f = document.createElement("figure");
  const c = document.createElement("figcaption");
  c.textContent = caption;
  f.append(c, table);
  return f;
}
