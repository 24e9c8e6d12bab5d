// Runs kata 02's property suite (tests/suites/value_suite.ts) on value.ts in this folder.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { valueSuite } from "../../tests/suites/value_suite.ts";
import * as value from "./value.ts";

runSuite(valueSuite, { value }, import.meta.url);
