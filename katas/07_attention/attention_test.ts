// Runs kata 07's property suite (tests/suites/attention_suite.ts) on attention.ts in this
// folder, with this tree's own katas 02–05.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { attentionSuite } from "../../tests/suites/attention_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("07_attention", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const softmax = await import("../05_softmax/softmax.ts");
const attention = await import("./attention.ts");
loaded();

runSuite(
  attentionSuite,
  { value, backward, linear, softmax, attention },
  import.meta.url,
);
