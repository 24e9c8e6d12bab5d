// Runs kata 04's property suite (tests/suites/linear_suite.ts) on linear.ts in this folder,
// with this tree's own katas 02, 03.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { linearSuite } from "../../tests/suites/linear_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "./linear.ts";

runSuite(linearSuite, { value, backward, linear }, import.meta.url);
