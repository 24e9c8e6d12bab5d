// Runs kata 01's property suite (tests/suites/tokenizer_suite.ts) on tokenizer.ts in this
// folder.
// Made by `deno task generate` from course/manifest.ts: edit that, not this file.
import { runSuite } from "../../tests/harness/harness.ts";
import { tokenizerSuite } from "../../tests/suites/tokenizer_suite.ts";
import * as tokenizer from "./tokenizer.ts";

runSuite(tokenizerSuite, { tokenizer }, import.meta.url);
