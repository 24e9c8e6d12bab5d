// Runs kata 11's property suite (tests/suites/train_suite.ts) on train.ts in this folder, with
// this tree's own katas 01–10.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { trainSuite } from "../../tests/suites/train_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("11_train", import.meta.url);
const tokenizer = await import("../01_tokenizer/tokenizer.ts");
const value = await import("../02_value/value.ts");
const backward = await import("../03_backward/backward.ts");
const linear = await import("../04_linear/linear.ts");
const softmax = await import("../05_softmax/softmax.ts");
const rmsnorm = await import("../06_rmsnorm/rmsnorm.ts");
const attention = await import("../07_attention/attention.ts");
const gpt = await import("../08_gpt/gpt.ts");
const adam = await import("../09_adam/adam.ts");
const sampler = await import("../10_sampler/sampler.ts");
const train = await import("./train.ts");
loaded();

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
