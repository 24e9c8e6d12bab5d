// Runs kata 10's property suite (tests/suites/sampler_suite.ts) on sampler.ts in this folder,
// with this tree's own katas 02–05.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { samplerSuite } from "../../tests/suites/sampler_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("10_sampler", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const softmax = await import("../05_softmax/softmax.ts");
const sampler = await import("./sampler.ts");
loaded();

runSuite(
  samplerSuite,
  { value, backward, linear, softmax, sampler },
  import.meta.url,
);
