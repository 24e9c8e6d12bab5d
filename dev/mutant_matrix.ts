/**
 * Prints, for every kata, which planted mutants each check catches (a Markdown table), from
 * the honesty audit. For maintainers:
 * `deno run --allow-read=solutions,tests,runner,app,lib dev/mutant_matrix.ts -- --seed=42`.
 *
 * @module
 */
import { audit, matrix, solutionFiles } from "../tests/meta/audit.ts";
import { KATAS } from "../tests/meta/katas.ts";

if (import.meta.main) {
  const files = solutionFiles(new URL("../solutions/", import.meta.url));
  for (const k of KATAS) {
    console.log(`${matrix(k, await audit(k, files))}\n`);
  }
}
