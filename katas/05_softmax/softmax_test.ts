// Runs kata 05's property suite (tests/suites/softmax_suite.ts) on softmax.ts in this folder,
// with this tree's own katas 02–04.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { softmaxSuite } from "../../tests/suites/softmax_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "../04_linear/linear.ts";
import * as softmax from "./softmax.ts";

runSuite(softmaxSuite, { value, backward, linear, softmax }, import.meta.url);
