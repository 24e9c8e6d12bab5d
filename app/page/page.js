// The page of `deno task run --serve` (app/serve.ts): the training's events come as
// Server-Sent Events from /events, a name's inspection as JSON from /inspect?name=…. Plain
// DOM and SVG, no library, no build step. The numbers the page draws are also kept in
// data-* attributes (data-points, data-w, data-p), which the browser test reads.

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const [WIDTH, HEIGHT, PAD] = [640, 260, 36];

const state = { losses: [], numSteps: 0, drawing: false };

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
      // A page that reconnects gets every event again, from this one.
      state.losses = [];
      state.numSteps = event.numSteps;
      $("samples").replaceChildren();
      $("previews").replaceChildren();
      $("steps").textContent = event.numSteps;
      $("name").maxLength = event.blockSize - 1;
      status(
        `training ${event.numParams} weights on ${event.numDocs} names (${event.dataset})…`,
      );
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
      status(
        `trained ${state.numSteps} steps in ${event.seconds.toFixed(1)} s; ` +
          `mean loss of the last 100 steps ${event.meanLoss.toFixed(4)}`,
      );
      break;
    case "loaded":
      status(
        `loaded ${event.path} (${event.step} steps, ${event.numParams} weights)`,
      );
      break;
    case "preview": {
      const li = document.createElement("li");
      li.textContent = `step ${event.step}: ${event.name}`;
      $("previews").append(li);
      break;
    }
    case "sample": {
      const li = document.createElement("li");
      li.textContent = event.name;
      $("samples").append(li);
      break;
    }
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

/** The loss of each step and their running mean (of the last 100), against the step. */
function plot(losses, numSteps) {
  const hi = Math.max(...losses);
  const lo = Math.min(...losses);
  const span = hi - lo || 1;
  const x = (i) => PAD + (i / Math.max(1, numSteps - 1)) * (WIDTH - 2 * PAD);
  const y = (l) => PAD / 2 + ((hi - l) / span) * (HEIGHT - 1.5 * PAD);
  const points = (ls) =>
    ls.map((l, i) => `${x(i).toFixed(1)},${y(l).toFixed(1)}`).join(" ");
  let total = 0;
  const means = losses.map((l, i) => {
    total += l - (i >= 100 ? losses[i - 100] : 0);
    return total / Math.min(i + 1, 100);
  });
  $("curve").setAttribute("points", points(losses));
  $("mean").setAttribute("points", points(means));
  const axes = $("axes");
  axes.replaceChildren(
    line(PAD, y(hi), WIDTH - PAD, y(hi)),
    line(PAD, y(lo), WIDTH - PAD, y(lo)),
    text(4, y(hi) + 4, hi.toFixed(2)),
    text(4, y(lo) + 4, lo.toFixed(2)),
    text(PAD, HEIGHT - 6, "step 1"),
    text(WIDTH - PAD - 40, HEIGHT - 6, `step ${numSteps}`),
  );
}

function line(x1, y1, x2, y2) {
  const l = document.createElementNS(SVG, "line");
  for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, v);
  return l;
}

function text(x, y, content) {
  const t = document.createElementNS(SVG, "text");
  t.setAttribute("x", x);
  t.setAttribute("y", y);
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
  message(
    `"${name}": each grid is one head's attention (row: the position reading, column: ` +
      "the position read; each row sums to 1), then the next letter's probabilities",
  );
  show(answer);
});

/** The attention grids of every layer and head, then the next-letter probabilities. */
function show({ tokens, vocab, attention, probs }) {
  const label = (t) => (t === "BOS" ? "·" : t);
  const figures = [];
  attention.forEach((heads, layer) =>
    heads.forEach((rows, head) => {
      const table = grid(
        tokens.map(label),
        tokens.map(label),
        rows,
        (w, i, t) => `${tokens[i]} reads ${tokens[t]}: ${w.toFixed(3)}`,
        "w",
      );
      table.className = "attn";
      table.dataset.layer = layer;
      table.dataset.head = head;
      figures.push(figure(`layer ${layer}, head ${head}`, table));
    })
  );
  const table = grid(
    tokens.map(label),
    vocab.map((v) => (v === "end" ? "⏎" : v)),
    probs,
    (p, i, j) =>
      `after ${tokens.slice(1, i + 1).join("") || "BOS"}: ${vocab[j]} ${
        (100 * p).toFixed(1)
      }%`,
    "p",
  );
  table.className = "probs";
  probs.forEach((row, i) => {
    const best = row.indexOf(Math.max(...row));
    table.rows[i + 1].cells[best + 1].classList.add("top");
  });
  figures.push(
    figure(
      "the next letter's probabilities at each position (⏎: the name ends)",
      table,
    ),
  );
  $("inspection").replaceChildren(...figures);
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
      td.style.background = `rgba(31, 95, 153, ${Math.sqrt(v).toFixed(3)})`;
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
