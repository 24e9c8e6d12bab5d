// Runs kata 11's property suite (tests/suites/train_suite.ts) on train.ts in this folder, with
// this tree's own katas 01–10.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { trainSuite } from "../../tests/suites/train_suite.ts";
import * as tokenizer from "../01_tokenizer/tokenizer.ts";
import * as value from "../02_value/value.ts";
import * as backward from "../03_backward/backward.ts";
import * as linear from "../04_linear/linear.ts";
import * as softmax from "../05_softmax/softmax.ts";
import * as rmsnorm from "../06_rmsnorm/rmsnorm.ts";
import * as attention from "../07_attention/attention.ts";
import * as gpt from "../08_gpt/gpt.ts";
import * as adam from "../09_adam/adam.ts";
import * as sampler from "../10_sampler/sampler.ts";
import * as train from "./train.ts";

runSuite(
  trainSuite,
  {
    tokenizer,
    value,
    backward,
    linear,
    softmax,
    rmsnorm,
    attention,
    gpt,
    adam,
    sampler,
    train,
  },
  import.meta.url,
);
