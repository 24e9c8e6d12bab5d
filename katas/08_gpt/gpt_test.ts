// Runs kata 08's property suite (tests/suites/gpt_suite.ts) on gpt.ts in this folder, with
// this tree's own katas 02–07.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { gptSuite } from "../../tests/suites/gpt_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("08_gpt", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const softmax = await import("../05_softmax/softmax.ts");
const rmsnorm = await import("../06_rmsnorm/rmsnorm.ts");
const attention = await import("../07_attention/attention.ts");
const gpt = await import("./gpt.ts");
loaded();

runSuite(
  gptSuite,
  { value, backward, linear, softmax, rmsnorm, attention, gpt },
  import.meta.url,
);
