// Runs kata 09's property suite (tests/suites/adam_suite.ts) on adam.ts in this folder, with
// this tree's own kata 02.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { adamSuite } from "../../tests/suites/adam_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("09_adam", import.meta.url);
const value = await import("../02_value/value.ts");
const adam = await import("./adam.ts");
loaded();

runSuite(adamSuite, { value, adam }, import.meta.url);
