// Runs kata 03's property suite (tests/suites/backward_suite.ts) on backward.ts in this
// folder, with this tree's own kata 02.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { backwardSuite } from "../../tests/suites/backward_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("03_backward", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("./backward.ts");
loaded();

runSuite(backwardSuite, { value, backward }, import.meta.url);
