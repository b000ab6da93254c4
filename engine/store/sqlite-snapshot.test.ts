import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { openSqlite, openSqliteFile } from './sqlite.js';
import { snapshotDatabase } from './sqlite-snapshot.js';
import { DATABASE_FILE } from './store.js';

let scratch: ReturnType<typeof tempDir> | undefined;
afterEach(() => scratch?.remove());

it('ends while another connection writes between every step of the copy, and the copy is one moment', async () => {
  scratch = tempDir('nimbus-snapshot-');
  const writer = openSqlite(path.join(scratch.dir, DATABASE_FILE));
  writer.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = writer.prepare('INSERT INTO rows (body) VALUES (?)');
  // Far more pages than one step copies (4 KiB pages, 256 per step).
  writer.transaction(() => {
    for (let index = 0; index < 4_000; index += 1) insert.run('x'.repeat(1_000));
  })();
  const before = (writer.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
  // A write on another connection between every step: SQLite starts such a copy over each time.
  let writing = true;
  let written = 0;
  const keepWriting = () => {
    if (!writing) return;
    insert.run('y');
    written += 1;
    setImmediate(keepWriting);
  };
  setImmediate(keepWriting);
  const steps: number[] = [];
  try {
    await snapshotDatabase(scratch.dir, path.join(scratch.dir, 'copy.db'), (done) => steps.push(done));
  } finally {
    writing = false;
  }
  expect(written).toBeGreaterThan(0);
  // It did start over (a step that left no fewer pages to copy), and still ended.
  expect(steps.some((done, index) => index > 0 && done <= steps[index - 1]!)).toBe(true);
  const copy = openSqliteFile(path.join(scratch.dir, 'copy.db'), { readonly: true });
  try {
    const count = (copy.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
    expect(count).toBeGreaterThanOrEqual(before);
    expect(count).toBeLessThanOrEqual(before + written);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    copy.close();
    writer.close();
  }
}, 60_000);
