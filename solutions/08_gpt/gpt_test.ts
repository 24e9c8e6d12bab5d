// Runs kata 08's property suite (tests/suites/gpt_suite.ts) on gpt.ts in this folder, with
// this tree's own katas 02–07.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { gptSuite } from "../../tests/suites/gpt_suite.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "../04_linear/linear.ts";
import * as softmax from "../05_softmax/softmax.ts";
import * as rmsnorm from "../06_rmsnorm/rmsnorm.ts";
import * as attention from "../07_attention/attention.ts";
import * as gpt from "./gpt.ts";

runSuite(
  gptSuite,
  { value, backward, linear, softmax, rmsnorm, attention, gpt },
  import.meta.url,
);
