// Runs kata 04's property suite (tests/suites/linear_suite.ts) on linear.ts in this folder,
// with this tree's own katas 02, 03.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { linearSuite } from "../../tests/suites/linear_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("04_linear", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("./linear.ts");
loaded();

runSuite(linearSuite, { value, backward, linear }, import.meta.url);
