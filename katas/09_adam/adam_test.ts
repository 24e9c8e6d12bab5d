// Runs kata 09's property suite (tests/suites/adam_suite.ts) on adam.ts in this folder, with
// this tree's own kata 02.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { adamSuite } from "../../tests/suites/adam_suite.ts";
import * as value from "../02_value/value.ts";
import * as adam from "./adam.ts";

runSuite(adamSuite, { value, adam }, import.meta.url);
