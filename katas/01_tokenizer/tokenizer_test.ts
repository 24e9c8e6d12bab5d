// Runs kata 01's property suite (tests/suites/tokenizer_suite.ts) on the tokenizer in this folder.
import { runSuite } from "../../tests/harness/harness.ts";
import { tokenizerSuite } from "../../tests/suites/tokenizer_suite.ts";
import * as tokenizer from "./tokenizer.ts";

runSuite(tokenizerSuite, { tokenizer }, import.meta.url);
