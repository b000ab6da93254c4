/**
 * Runs one benchmark case in this process and prints its result as one JSON line on stdout.
 * Usage: node dist/bench/run-case.js CASE_ID (see cases.ts); run-all.js starts it once per case.
 */
import { runCase } from './cases.js';
import type { CaseResult } from './support/case-result.js';
import { memorySample } from './support/measure.js';

const id = process.argv[2];
if (!id) {
  process.stderr.write('usage: node dist/bench/run-case.js CASE_ID\n');
  process.exit(2);
}
const outcome = await runCase(id);
const result: CaseResult = { id, ...outcome, memory: memorySample() };
process.stdout.write(`${JSON.stringify(result)}\n`);
