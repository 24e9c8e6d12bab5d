/**
 * Prints, for every kata, which planted mutants and decoys each check catches (a Markdown
 * table, with the diagnosis a decoy wrongly shows), from the honesty audit; then one table of
 * the counts per kata: mutants, decoys, diagnoses, and the decoys that show a diagnosis. For
 * maintainers:
 * `deno run --allow-read=solutions,tests,runner,app,lib,course dev/mutant_matrix.ts -- --seed=42`.
 *
 * @module
 */
import {
  type Audit,
  audit,
  matrix,
  solutionFiles,
  summary,
} from "../tests/meta/audit.ts";
import { type Kata, KATAS } from "../tests/meta/katas.ts";

if (import.meta.main) {
  const files = solutionFiles(new URL("../solutions/", import.meta.url));
  const audits: [Kata, Audit][] = [];
  for (const k of KATAS) {
    const result = await audit(k, files);
    audits.push([k, result]);
    console.log(`${matrix(k, result)}\n`);
  }
  console.log(summary(audits));
}
