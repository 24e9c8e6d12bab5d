// Runs kata 06's property suite (tests/suites/rmsnorm_suite.ts) on rmsnorm.ts in this folder,
// with this tree's own katas 02–04.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { rmsnormSuite } from "../../tests/suites/rmsnorm_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("06_rmsnorm", import.meta.url);
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const rmsnorm = await import("./rmsnorm.ts");
loaded();

runSuite(rmsnormSuite, { value, backward, linear, rmsnorm }, import.meta.url);
