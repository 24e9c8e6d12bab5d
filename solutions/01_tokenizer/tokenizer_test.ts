// Runs kata 01's property suite (tests/suites/tokenizer_suite.ts) on tokenizer.ts in this
// folder.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { loading, runSuite } from "../../tests/harness/harness.ts";
import { tokenizerSuite } from "../../tests/suites/tokenizer_suite.ts";

// The watchdog first, then the modules: a loop at the top level of one gets a notice.
const loaded = loading("01_tokenizer", import.meta.url);
const tokenizer = await import("./tokenizer.ts");
loaded();

runSuite(tokenizerSuite, { tokenizer }, import.meta.url);
