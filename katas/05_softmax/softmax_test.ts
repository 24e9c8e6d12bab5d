// Runs kata 05's property suite (tests/suites/softmax_suite.ts) on softmax.ts in this folder,
// with this tree's own katas 02–04.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { softmaxSuite } from "../../tests/suites/softmax_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("05_softmax", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const softmax = await import("./softmax.ts");
loaded();

runSuite(softmaxSuite, { value, backward, linear, softmax }, import.meta.url);
