import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { NimbusError } from '../errors.js';
import { ArchiveReader } from './archive-format.js';
import { createBackup } from './create-backup.js';
import { readBackupManifest, restoreBackup } from './restore-backup.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { openStore } from '../store/store.js';

const PASSPHRASE = 'correct horse battery staple';

/** Rejects with a NimbusError of `code`; returns it. */
async function failure(promise: Promise<unknown>, code: string): Promise<NimbusError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NimbusError);
  expect((error as NimbusError).code).toBe(code);
  return error as NimbusError;
}

/** Offsets of the archive's entries' data, from its manifest. */
async function entryOffsets(file: string): Promise<{ name: string; start: number; size: number }[]> {
  const reader = await ArchiveReader.open(file);
  const manifestBytes = await reader.readManifest();
  await reader.close();
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as { entries: { name: string; storedSize: number }[] };
  let offset = 16 + 4 + manifestBytes.length + 32;
  return manifest.entries.map((entry) => {
    const at = { name: entry.name, start: offset, size: entry.storedSize };
    offset += entry.storedSize;
    return at;
  });
}

describe('backup and restore of a data directory', () => {
  let made: TestEngine;
  let scratch: { dir: string; remove: () => void };
  beforeEach(async () => {
    made = await createTestEngine();
    scratch = tempDir('nimbus-backup-test-');
    // A topology, so the copy has something to show; a checkpoint as the file backend keeps one.
    await made.engine.dispatcher.dispatch('createTopology', { name: 'kept' });
    // The key file is made the first time the engine needs its key.
    made.engine.ownerToken();
    const stacks = path.join(made.dataDir, 'pulumi', 'state', '.pulumi', 'stacks', 'nimbus-demo');
    mkdirSync(stacks, { recursive: true });
    writeFileSync(path.join(stacks, 'dev-demo.json'), JSON.stringify({ version: 3, checkpoint: { latest: { resources: [] } } }));
  });
  afterEach(async () => {
    await made.dispose();
    scratch.remove();
  });

  const backup = (name = 'data.nimbus-backup') =>
    createBackup({ dataDir: made.dataDir, out: path.join(scratch.dir, name), passphrase: PASSPHRASE });

  it('backs up while the engine is open and restores into a new directory, checked', async () => {
    const progress: string[] = [];
    const summary = await createBackup({
      dataDir: made.dataDir,
      out: path.join(scratch.dir, 'data.nimbus-backup'),
      passphrase: PASSPHRASE,
      onProgress: (step) => progress.push(step.phase),
    });
    expect(summary.schemaVersion).toBe(MIGRATIONS.length);
    expect(summary.stacks).toBe(1);
    expect(progress).toContain('database');
    expect(progress).toContain('writing');
    const manifest = await readBackupManifest(summary.file);
    expect(manifest.entries[0]!.name).toBe('key.sealed.json');
    expect(manifest.entries.map((entry) => entry.name)).toContain('pulumi/state/.pulumi/stacks/nimbus-demo/dev-demo.json');
    // The key is in the archive only sealed.
    const key = readFileSync(path.join(made.dataDir, 'secret.key'), 'utf8').trim();
    expect(readFileSync(summary.file).includes(Buffer.from(key))).toBe(false);

    const target = path.join(scratch.dir, 'restored');
    const restored = await restoreBackup({ file: summary.file, target, passphrase: PASSPHRASE });
    expect(restored.checks.join('\n')).toMatch(/match their SHA-256 checksums/);
    expect(readFileSync(path.join(target, 'secret.key'), 'utf8').trim()).toBe(key);
    expect(statSync(path.join(target, 'secret.key')).mode & 0o777).toBe(0o600);
    const store = openStore(target);
    try {
      expect((await store.async.topologies.list()).map((topology) => topology.name)).toEqual(['kept']);
    } finally {
      store.close();
    }
    // No temporary directory is left beside the target.
    expect(readdirSync(scratch.dir).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('through the API: refuses to restore over the running data directory, and reports a run it does not know', async () => {
    const own = await made.engine.dispatcher.dispatch('startRestore', {
      file: path.join(scratch.dir, 'any'),
      dataDir: made.dataDir,
      passphrase: PASSPHRASE,
    });
    expect(own).toMatchObject({ ok: false, error: { code: 'restore_target_not_empty' } });
    const inside = await made.engine.dispatcher.dispatch('startRestore', {
      file: path.join(scratch.dir, 'any'),
      dataDir: path.join(made.dataDir, 'sub'),
      passphrase: PASSPHRASE,
    });
    expect(inside).toMatchObject({ ok: false, error: { code: 'restore_target_not_empty' } });
    const relative = await made.engine.dispatcher.dispatch('startBackup', { file: 'relative/path', passphrase: PASSPHRASE });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await made.engine.dispatcher.dispatch('getBackupRun', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // A run that fails says why when read back.
    const started = await made.engine.dispatcher.dispatch('startBackup', { file: path.join(scratch.dir, 'b'), passphrase: 'short' });
    expect(started.ok).toBe(true);
    const id = (started as { result: { id: string } }).result.id;
    let run = await made.engine.dispatcher.dispatch('getBackupRun', { id });
    while (run.ok && (run.result as { status: string }).status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = await made.engine.dispatcher.dispatch('getBackupRun', { id });
    }
    expect(run).toMatchObject({ ok: true, result: { status: 'failed', error: { code: 'backup_passphrase_weak' } } });
  });

  it('refuses an empty or short passphrase, and a file that exists', async () => {
    await failure(createBackup({ dataDir: made.dataDir, out: path.join(scratch.dir, 'a'), passphrase: '' }), 'backup_passphrase_weak');
    await failure(createBackup({ dataDir: made.dataDir, out: path.join(scratch.dir, 'a'), passphrase: 'short' }), 'backup_passphrase_weak');
    writeFileSync(path.join(scratch.dir, 'there'), 'x');
    await failure(backup('there'), 'backup_unavailable');
    expect(readFileSync(path.join(scratch.dir, 'there'), 'utf8')).toBe('x');
  });

  it('a wrong passphrase is refused and nothing is written', async () => {
    const { file } = await backup();
    const target = path.join(scratch.dir, 'restored');
    const error = await failure(restoreBackup({ file, target, passphrase: 'not the passphrase' }), 'backup_passphrase_wrong');
    expect(error.message).toMatch(/passphrase does not open/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(scratch.dir)).toEqual(['data.nimbus-backup']);
  });

  it('a flipped byte is a checksum error naming the entry', async () => {
    const { file } = await backup();
    const entry = (await entryOffsets(file)).find((at) => at.name === 'nimbus.db')!;
    const bytes = readFileSync(file);
    const at = entry.start + Math.floor(entry.size / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file, bytes);
    const target = path.join(scratch.dir, 'restored');
    const error = await failure(restoreBackup({ file, target, passphrase: PASSPHRASE }), 'backup_corrupt');
    expect(error.message).toMatch(/in entry nimbus\.db: its bytes do not match their SHA-256 checksum/);
    expect(error.details.entry).toBe('nimbus.db');
    expect(existsSync(target)).toBe(false);
  });

  it('a flipped byte in the manifest is refused', async () => {
    const { file } = await backup();
    const bytes = readFileSync(file);
    bytes[30] = bytes[30]! ^ 0x01;
    writeFileSync(file, bytes);
    await failure(restoreBackup({ file, target: path.join(scratch.dir, 'r'), passphrase: PASSPHRASE }), 'backup_corrupt');
  });

  it('a truncated archive is refused wherever it was cut, leaving nothing', async () => {
    const { file } = await backup();
    const full = statSync(file).size;
    const entries = await entryOffsets(file);
    const last = entries.at(-1)!;
    for (const [size, pattern] of [
      [full - 3, /end marker is missing/],
      [last.start + Math.floor(last.size / 2), new RegExp(`in entry ${last.name.replace(/[.]/g, '\\.')}: the file ends`)],
      [10, /not a Nimbus backup/],
      [100, /ends in its manifest/],
    ] as const) {
      const copy = path.join(scratch.dir, `cut-${size}`);
      writeFileSync(copy, readFileSync(file));
      truncateSync(copy, size);
      const target = path.join(scratch.dir, `restored-${size}`);
      const error = await failure(restoreBackup({ file: copy, target, passphrase: PASSPHRASE }), 'backup_corrupt');
      expect(error.message).toMatch(pattern);
      expect(existsSync(target)).toBe(false);
    }
    expect(readdirSync(scratch.dir).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('a restore or backup stopped midway (Ctrl+C) keeps nothing', async () => {
    const { file } = await backup();
    const target = path.join(scratch.dir, 'stopped');
    const controller = new AbortController();
    await failure(
      restoreBackup({
        file,
        target,
        passphrase: PASSPHRASE,
        signal: controller.signal,
        onProgress: (step) => step.phase === 'reading' && controller.abort(),
      }),
      'cancelled',
    );
    expect(existsSync(target)).toBe(false);
    const stopBackup = new AbortController();
    await failure(
      createBackup({
        dataDir: made.dataDir,
        out: path.join(scratch.dir, 'stopped.nimbus-backup'),
        passphrase: PASSPHRASE,
        signal: stopBackup.signal,
        onProgress: (step) => step.phase === 'compressing' && stopBackup.abort(),
      }),
      'cancelled',
    );
    expect(readdirSync(scratch.dir).sort()).toEqual(['data.nimbus-backup']);
  });

  it('refuses a backup from a newer schema', async () => {
    // A database a newer Nimbus wrote: one schema version past this build's.
    const store = openStore(made.dataDir);
    store.close();
    const { openSqliteFile } = await import('../store/sqlite.js');
    const db = openSqliteFile(path.join(made.dataDir, 'nimbus.db'), { readonly: false });
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const { file } = await backup();
    const target = path.join(scratch.dir, 'restored');
    const error = await failure(restoreBackup({ file, target, passphrase: PASSPHRASE }), 'backup_too_new');
    expect(error.message).toMatch(new RegExp(`schema version ${MIGRATIONS.length + 1}`));
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a non-empty target unless forced, and then moves its files aside', async () => {
    const { file } = await backup();
    const target = path.join(scratch.dir, 'busy');
    mkdirSync(target);
    writeFileSync(path.join(target, 'mine.txt'), 'keep me');
    await failure(restoreBackup({ file, target, passphrase: PASSPHRASE }), 'restore_target_not_empty');
    expect(readdirSync(target)).toEqual(['mine.txt']);
    const restored = await restoreBackup({ file, target, passphrase: PASSPHRASE, force: true });
    expect(restored.movedAside).not.toBeNull();
    expect(readFileSync(path.join(restored.movedAside!, 'mine.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(path.join(target, 'nimbus.db'))).toBe(true);
    // An empty directory is as good as a new one.
    const empty = path.join(scratch.dir, 'empty');
    mkdirSync(empty);
    await restoreBackup({ file, target: empty, passphrase: PASSPHRASE });
    expect(existsSync(path.join(empty, 'nimbus.db'))).toBe(true);
  });

  it('a deployment recorded as deployed without its Pulumi state fails the restore check', async () => {
    const store = openStore(made.dataDir);
    store.close();
    const { openSqliteFile } = await import('../store/sqlite.js');
    const db = openSqliteFile(path.join(made.dataDir, 'nimbus.db'), { readonly: false });
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO deployments (id, environment, topology, node_id, label, component, version, provider, semantic_type, stack_name, owner, status, ever_deployed, values_json, created_at, updated_at)
       VALUES ('d1', 'dev', 't', 'n', 'n', 'gone', 1, 'local', 'BlockStorage', 'dev-gone', 'local-user', 'deployed', 1, '{}', ?, ?)`,
    ).run(now, now);
    db.close();
    const summary = await backup();
    expect(summary.warnings.join('\n')).toMatch(/d1 \(gone\) has no Pulumi state/);
    const target = path.join(scratch.dir, 'restored');
    const error = await failure(restoreBackup({ file: summary.file, target, passphrase: PASSPHRASE }), 'restore_check_failed');
    expect(error.message).toMatch(/nimbus-gone\/dev-gone/);
    expect(existsSync(target)).toBe(false);
  });

  it('waits while a Pulumi operation holds a stack lock, ignores a dead holder, and gives up after its wait', async () => {
    const locks = path.join(made.dataDir, 'pulumi', 'state', '.pulumi', 'locks', 'organization', 'nimbus-demo', 'dev-demo');
    mkdirSync(locks, { recursive: true });
    const lock = path.join(locks, 'held.json');
    // Held by a live process of this host (this one), as the CLI records it during an update.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, username: 'u', hostname: os.hostname(), timestamp: new Date().toISOString() }));
    await failure(
      createBackup({ dataDir: made.dataDir, out: path.join(scratch.dir, 'timeout'), passphrase: PASSPHRASE, lockWaitMs: 300 }),
      'backup_unavailable',
    );
    expect(existsSync(path.join(scratch.dir, 'timeout'))).toBe(false);
    const phases: string[] = [];
    const waiting = createBackup({
      dataDir: made.dataDir,
      out: path.join(scratch.dir, 'waited'),
      passphrase: PASSPHRASE,
      onProgress: (step) => phases.push(step.phase),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(phases).toEqual(['waiting']);
    rmSync(lock);
    const summary = await waiting;
    expect(phases).toContain('database');
    // The lock directory is never part of a backup.
    const manifest = await readBackupManifest(summary.file);
    expect(manifest.entries.some((entry) => entry.name.includes('.pulumi/locks'))).toBe(false);
    // A lock whose holder is gone (a CLI killed mid-update) does not block a backup.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 17, username: 'u', hostname: os.hostname(), timestamp: new Date().toISOString() }));
    await backup('stale-lock');
  });

  it('a backup taken during concurrent writes is one consistent moment', async () => {
    let writing = true;
    let written = 0;
    // The open engine keeps writing while the backup copies the database page by page.
    const writer = (async () => {
      while (writing) {
        await made.engine.dispatcher.dispatch('createTopology', { name: `t-${written}` });
        written += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const summary = await backup();
      writing = false;
      await writer;
      const target = path.join(scratch.dir, 'restored');
      await restoreBackup({ file: summary.file, target, passphrase: PASSPHRASE });
      const copy = openStore(target);
      try {
        const names = (await copy.async.topologies.list()).map((topology) => topology.name);
        // Every topology in the copy is whole (a prefix of those written), none half-made.
        const made = names.filter((name) => name.startsWith('t-')).map((name) => Number(name.slice(2)));
        expect(made.length).toBeGreaterThan(0);
        expect(made.sort((a, b) => a - b)).toEqual(made.map((_, index) => index));
        expect(made.length).toBeLessThanOrEqual(written);
      } finally {
        copy.close();
      }
    } finally {
      writing = false;
      await writer;
    }
  });
});
