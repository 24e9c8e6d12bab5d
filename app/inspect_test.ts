import assert from "node:assert/strict";
import { Random } from "../lib/random.ts";
import * as fast from "../solutions/12_efficiency/efficiency.ts";
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { UserError } from "./cli.ts";
import { fastEngine } from "./engines.ts";
import { inspect, nameProblem, preview } from "./inspect.ts";

const DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia"];

/** A fast-engine run trained `steps` steps, with 2 layers so layers feed one another. */
function trainedRun(steps = 20) {
  const config = { ...MICROGPT_TRAIN, numSteps: steps, nLayer: 2 };
  const run = fast.setup(DOCS, config);
  for (const _ of fast.train(run)) {
    // every step
  }
  return run;
}

Deno.test("inspect: the logits at each position are the fast engine's on the same weights, to 1e-9", () => {
  const run = trainedRun();
  const parts = fastEngine(fast).parts(run);
  for (const name of ["emma", "a", "isabellaolivia"]) {
    const got = inspect(parts, name);
    const ids = [
      run.tokenizer.bos,
      ...[...name].map((ch) => parts.uchars.indexOf(ch)),
    ];
    assert.equal(got.logits.length, ids.length, name);
    ids.forEach((id, pos) => {
      const expected = Array.from(fast.gptForward(run.model, id, pos));
      got.logits[pos].forEach((l, i) =>
        assert.ok(
          Math.abs(l - expected[i]) < 1e-9,
          `${name}, position ${pos}, token ${i}: ${l} against ${expected[i]}`,
        )
      );
    });
  }
});

Deno.test("inspect: per layer and head, row t has t + 1 attention weights summing to 1; the probabilities at each position sum to 1", () => {
  const parts = fastEngine(fast).parts(trainedRun(5));
  const got = inspect(parts, "sophia");
  assert.deepEqual(got.tokens, ["BOS", "s", "o", "p", "h", "i", "a"]);
  assert.equal(got.vocab.at(-1), "end");
  assert.equal(got.vocab.length, parts.uchars.length + 1);
  assert.equal(got.attention.length, 2);
  for (const layer of got.attention) {
    assert.equal(layer.length, parts.config.nHead);
    for (const head of layer) {
      assert.equal(head.length, 7);
      head.forEach((row, t) => {
        assert.equal(row.length, t + 1);
        assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-12);
      });
    }
  }
  for (const p of got.probs) {
    assert.equal(p.length, got.vocab.length);
    assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-12);
  }
});

Deno.test("inspect: an empty name, one too long for the block size, or a character outside the vocabulary is one line saying what to type", () => {
  const parts = fastEngine(fast).parts(trainedRun(1));
  assert.equal(nameProblem(parts, "emma"), undefined);
  assert.equal(nameProblem(parts, ""), "type a name first");
  const long = "a".repeat(parts.config.blockSize);
  assert.match(
    nameProblem(parts, long)!,
    /has 16 characters: the model reads at most 15 .*type a shorter name$/,
  );
  assert.match(
    nameProblem(parts, "émma")!,
    /^"é" is not in the model's vocabulary \(abehilmopsv\): type a name made of those characters$/,
  );
  assert.throws(() => inspect(parts, "Emma"), UserError);
  for (const bad of ["", long, "émma", "a\nb"]) {
    assert.ok(!nameProblem(parts, bad)!.includes("\n"), bad);
  }
});

Deno.test("preview: a name of the vocabulary's letters, shorter than the block size, drawn with its own generator (the run's is left as it was)", () => {
  const run = trainedRun(10);
  const parts = fastEngine(fast).parts(run);
  const before = run.rng.getState();
  const rng = new Random(7);
  for (let i = 0; i < 20; i++) {
    const name = preview(parts, rng, 0.5);
    assert.ok(name.length < parts.config.blockSize, name);
    assert.ok([...name].every((ch) => parts.uchars.includes(ch)), name);
  }
  assert.deepEqual(run.rng.getState(), before);
  const again = new Random(7);
  assert.equal(preview(parts, again, 0.5), preview(parts, new Random(7), 0.5));
});
