#!/usr/bin/env node
// Reads the JSON reports of vitest and Playwright and prints one closing line with the totals,
// naming every test that did not run and why.
import { existsSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const notRun = [];
let missing = false;

const engine = 'test-results/engine.json';
if (existsSync(engine)) {
  const report = JSON.parse(readFileSync(engine, 'utf8'));
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') totals.passed += 1;
      else if (test.status === 'failed') totals.failed += 1;
      else {
        totals.skipped += 1;
        notRun.push(`engine: ${test.fullName}`);
      }
    }
  }
} else {
  missing = true;
  console.log('engine: no report (the engine tests did not run)');
}

const e2e = 'test-results/e2e.json';
if (existsSync(e2e)) {
  const report = JSON.parse(readFileSync(e2e, 'utf8'));
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const last = test.results?.at(-1);
        const status = test.status === 'skipped' ? 'skipped' : test.status === 'expected' ? 'passed' : 'failed';
        totals[status] += 1;
        if (status === 'skipped') {
          const reason = test.annotations?.find((a) => a.type === 'skip')?.description ?? last?.error?.message ?? 'skipped';
          notRun.push(`e2e: ${spec.title} — ${reason}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
} else {
  missing = true;
  console.log('e2e: no report (the end-to-end tests did not run)');
}

for (const line of notRun) console.log(`not run: ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || missing ? 1 : 0);
