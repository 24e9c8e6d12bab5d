// Runs kata 03's property suite (tests/suites/backward_suite.ts) on backward.ts in this
// folder, with this tree's own kata 02.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { backwardSuite } from "../../tests/suites/backward_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "./backward.ts";

runSuite(backwardSuite, { value, backward }, import.meta.url);
