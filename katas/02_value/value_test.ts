// Runs kata 02's property suite (tests/suites/value_suite.ts) on value.ts in this folder.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { valueSuite } from "../../tests/suites/value_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("02_value", import.meta.url);
const value = await import("./value.ts");
loaded();

runSuite(valueSuite, { value }, import.meta.url);
