// Runs kata 06's property suite (tests/suites/rmsnorm_suite.ts) on rmsnorm.ts in this folder,
// with this tree's own katas 02–04.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { rmsnormSuite } from "../../tests/suites/rmsnorm_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "../04_linear/linear.ts";
import * as rmsnorm from "./rmsnorm.ts";

runSuite(rmsnormSuite, { value, backward, linear, rmsnorm }, import.meta.url);
