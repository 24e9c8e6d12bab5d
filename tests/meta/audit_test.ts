/**
 * The honesty audit's own tests: on a small fake kata held in memory, it accepts an honest
 * suite and rejects a check that asserts nothing, swapped diagnoses, a mutant that no longer
 * applies, a stub that is not caught, a decoy that is not caught and a diagnosis shown for a
 * decoy (unless the list of known ones holds it, exactly); and a missing permission fails
 * instead of skipping.
 *
 * @module
 */
import assert from "node:assert/strict";
import { asModule, audit, type Files, type Trip } from "./audit.ts";
import {
  type Check,
  CheckFailure,
  diagnoses,
  type Suite,
} from "../harness/harness.ts";
import { defineKata } from "./katas.ts";
import type { Decoy, Mutant } from "../mutants/mutant.ts";
import { requirePermissions } from "../harness/permissions.ts";

const FILE = "99_fake/double.ts";
const SOLUTION = `/** Twice x. */
export function double(x: number): number {
  //#region answer: double
  return 2 * x;
  //#endregion
}
`;

/** The fake tree: one solution file, loaded from memory as a data: module. */
const files: Files = {
  read: (path) => Promise.resolve(path === FILE ? SOLUTION : ""),
  tree: (replaced = new Map()) => (path) =>
    import(
      asModule(replaced.get(path) ?? SOLUTION, new URL(`file:///fake/${path}`))
    ),
};

interface Impl {
  readonly double: { double(x: number): number };
}

const D = diagnoses("99_fake", {
  triples: "3·x: double is 2·x",
  squares: "x·x: double is 2·x",
});

/**
 * The one honest check: names 3x as `triples` and x² as `squares` (or, swapped, the reverse;
 * or, loose, any value above 2x as `triples`, unconfirmed).
 */
function doubles(
  { double }: Impl,
  swapped = false,
  loose = false,
): Check {
  return {
    name: "99 fake: double(x) is 2x",
    run: () => {
      for (const x of [5, 7]) {
        const got = double.double(x);
        if (got === 2 * x) continue;
        const [asTriple, asSquare] = swapped
          ? [D.squares, D.triples]
          : [D.triples, D.squares];
        const triples = loose ? got > 2 * x && got !== x * x : got === 3 * x;
        throw new CheckFailure(
          `double(${x}): expected ${2 * x}, got ${got}`,
          triples ? asTriple : got === x * x ? asSquare : undefined,
        );
      }
    },
  };
}

const MUTANTS: Mutant[] = [
  {
    name: "triples",
    file: FILE,
    edits: [["return 2 * x;", "return 3 * x;"]],
    expect: D.triples,
  },
  {
    name: "squares",
    file: FILE,
    edits: [["return 2 * x;", "return x * x;"]],
    expect: D.squares,
  },
];

/** Plausible mistakes that neither diagnosis describes. */
const DECOYS: Decoy[] = [
  {
    name: "adds one",
    file: FILE,
    edits: [["return 2 * x;", "return 2 * x + 1;"]],
  },
  {
    name: "halves",
    file: FILE,
    edits: [["return 2 * x;", "return x / 2;"]],
  },
];

function fakeKata(
  checks: (impl: Impl) => Check[],
  mutants: readonly Mutant[] = MUTANTS,
  decoys: readonly Decoy[] = DECOYS,
) {
  const suite: Suite<Impl> = { kata: "99_fake", diagnoses: D, checks };
  return defineKata(suite, { double: FILE }, mutants, decoys);
}

/** The audit's problems, by step name (steps without problems left out). */
async function problems(
  checks: (impl: Impl) => Check[],
  mutants?: readonly Mutant[],
  { decoys, knownTripping }: {
    decoys?: readonly Decoy[];
    knownTripping?: readonly Trip[];
  } = {},
) {
  const { steps } = await audit(fakeKata(checks, mutants, decoys), files, {
    knownTripping,
  });
  return Object.fromEntries(
    steps.filter((s) => s.problems.length).map((s) => [s.name, s.problems]),
  );
}

Deno.test("audit: an honest suite passes every step", async () => {
  const { steps, caught } = await audit(
    fakeKata((impl) => [doubles(impl)]),
    files,
  );
  assert.deepEqual(steps.flatMap((s) => s.problems), []);
  assert.deepEqual(steps.map((s) => s.name), [
    "the suite passes on the reference solution",
    "every check fails on the stub, saying it is not implemented",
    "catches the mistake: triples",
    "catches the mistake: squares",
    "every check catches at least one planted mistake",
    "every diagnosis is the first one shown for some planted mistake",
    "every decoy is caught",
    "no decoy shows a diagnosis",
  ]);
  assert.deepEqual(caught.get("99 fake: double(x) is 2x"), [
    "triples",
    "squares",
  ]);
});

/** The trip of the loose `triples` on the decoy "adds one" (2x + 1 is above 2x). */
const ADDS_ONE_TRIPS: Trip = {
  kata: "99_fake",
  decoy: "adds one",
  check: "99 fake: double(x) is 2x",
  diagnosis: "99_fake/triples",
};

Deno.test("audit: a diagnosis shown for a decoy, a mistake it does not describe, is rejected", async () => {
  // Every mutant still gets its own diagnosis: the catalogue alone cannot see the fault.
  const { steps, trips } = await audit(
    fakeKata((impl) => [doubles(impl, false, true)]),
    files,
  );
  assert.deepEqual(
    Object.fromEntries(
      steps.filter((s) => s.problems.length).map((s) => [s.name, s.problems]),
    ),
    {
      "no decoy shows a diagnosis": [
        `the decoy "adds one": "99 fake: double(x) is 2x" shows "99_fake/triples" ` +
        `("this looks like 3·x: double is 2·x"), a mistake it does not make; ` +
        `show the diagnosis only when a probe confirms it`,
      ],
    },
  );
  assert.deepEqual(trips, [ADDS_ONE_TRIPS]);
});

Deno.test("audit: a known tripping decoy passes while listed, and its entry must go once it is fixed", async () => {
  const loose = await problems(
    (impl) => [doubles(impl, false, true)],
    MUTANTS,
    {
      knownTripping: [ADDS_ONE_TRIPS],
    },
  );
  assert.deepEqual(loose, {});
  const fixed = await problems((impl) => [doubles(impl)], MUTANTS, {
    knownTripping: [ADDS_ONE_TRIPS, { ...ADDS_ONE_TRIPS, kata: "98_other" }],
  });
  assert.deepEqual(fixed, {
    "no decoy shows a diagnosis": [
      `the decoy "adds one" no longer shows "99_fake/triples" in "99 fake: double(x) is 2x": ` +
      `remove it from KNOWN_TRIPPING (tests/meta/known_tripping.ts)`,
    ],
  });
});

Deno.test("audit: a decoy that no check catches, or that no longer applies, is rejected", async () => {
  const found = await problems((impl) => [doubles(impl)], MUTANTS, {
    decoys: [
      ...DECOYS,
      {
        name: "x + x",
        file: FILE,
        edits: [["return 2 * x;", "return x + x;"]],
      },
      { name: "stale", file: FILE, edits: [["return x + x;", "return 0;"]] },
    ],
  });
  assert.deepEqual(Object.keys(found), ["every decoy is caught"]);
  assert.deepEqual(found["every decoy is caught"].length, 2);
  assert.match(
    found["every decoy is caught"][0],
    /^"x \+ x": no check fails on it$/,
  );
  assert.match(found["every decoy is caught"][1], /^"stale": .*occurs 0 times/);
});

Deno.test("audit: a check that asserts nothing is rejected, though it fails on the stub", async () => {
  const found = await problems((impl) => [
    doubles(impl),
    // Fails on the stub (the call throws "not implemented"), and on nothing else.
    { name: "99 fake: calls double", run: () => void impl.double.double(1) },
  ]);
  assert.deepEqual(found, {
    "every check catches at least one planted mistake": [
      `"99 fake: calls double" fails on no mutant: it may assert nothing; plant the mistake it is for`,
    ],
  });
});

Deno.test("audit: swapped diagnoses are rejected: each mutant must see its own first", async () => {
  const found = await problems((impl) => [doubles(impl, true)]);
  assert.deepEqual(Object.keys(found), [
    "catches the mistake: triples",
    "catches the mistake: squares",
    "every diagnosis is the first one shown for some planted mistake",
  ]);
  assert.match(
    found["catches the mistake: triples"][0],
    /shows the diagnosis "99_fake\/squares" where "99_fake\/triples" was expected/,
  );
});

Deno.test("audit: a mutant the suite cannot name, or that no longer applies, is rejected", async () => {
  const found = await problems((impl) => [doubles(impl)], [
    ...MUTANTS,
    {
      name: "adds one",
      file: FILE,
      edits: [["return 2 * x;", "return 2 * x + 1;"]],
      expect: D.triples,
    },
    {
      name: "stale",
      file: FILE,
      edits: [["return x + x;", "return 0;"]],
      expect: D.triples,
    },
  ]);
  assert.match(found["catches the mistake: adds one"][0], /shows no diagnosis/);
  assert.match(found["catches the mistake: stale"][0], /occurs 0 times/);
});

Deno.test("audit: a check that passes on the stub is rejected", async () => {
  const found = await problems((impl) => [
    doubles(impl),
    { name: "99 fake: always passes", run: () => {} },
  ]);
  assert.deepEqual(
    found["every check fails on the stub, saying it is not implemented"],
    [`"99 fake: always passes" passes on the stub: it cannot fail`],
  );
});

Deno.test("audit: a diagnosis shown on the stub, where nothing is written yet, is rejected", async () => {
  const found = await problems((impl) => [{
    ...doubles(impl),
    run: () => {
      try {
        doubles(impl).run();
      } catch (e) {
        // Blames the stub's "not implemented" throw on a mistake.
        throw new CheckFailure((e as Error).message, D.triples);
      }
    },
  }]);
  assert.match(
    found["every check fails on the stub, saying it is not implemented"][0],
    /shows the diagnosis "99_fake\/triples" on the stub/,
  );
});

Deno.test("audit: a missing permission fails the test, naming the flag, instead of skipping it", () => {
  assert.throws(
    () =>
      requirePermissions({ name: "read", path: "/no/such/dir" }, {
        name: "net",
        host: "example.com",
      }),
    (e: Error) => {
      assert.equal(
        e.message,
        "this test needs --allow-read=/no/such/dir --allow-net=example.com: run it with " +
          "`deno task test`, which grants exactly what the tests need",
      );
      return true;
    },
  );
  requirePermissions({
    name: "read",
    path: new URL("../../solutions/", import.meta.url),
  });
});
