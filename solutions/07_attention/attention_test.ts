// Runs kata 07's property suite (tests/suites/attention_suite.ts) on attention.ts in this
// folder, with this tree's own katas 02–05.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { attentionSuite } from "../../tests/suites/attention_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "../04_linear/linear.ts";
import * as softmax from "../05_softmax/softmax.ts";
import * as attention from "./attention.ts";

runSuite(
  attentionSuite,
  { value, backward, linear, softmax, attention },
  import.meta.url,
);
