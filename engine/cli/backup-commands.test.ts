import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

const PASSPHRASE = 'passphrase from the environment';

describe('nimbus backup and nimbus restore', () => {
  let made: TestEngine;
  let scratch: { dir: string; remove: () => void };
  beforeEach(async () => {
    made = await createTestEngine();
    made.engine.ownerToken();
    await made.engine.dispatcher.dispatch('createTopology', { name: 'from-the-cli' });
    scratch = tempDir('nimbus-backup-cli-');
  });
  afterEach(async () => {
    delete process.env.NIMBUS_BACKUP_PASSPHRASE;
    await made.dispose();
    scratch.remove();
  });

  it('backs up with the passphrase from NIMBUS_BACKUP_PASSPHRASE, printing progress, and restores', async () => {
    const file = path.join(scratch.dir, 'cli.nimbus-backup');
    process.env.NIMBUS_BACKUP_PASSPHRASE = PASSPHRASE;
    const backup = await captureCli(['backup', '--out', file, '--data', made.dataDir]);
    expect(backup.err).toMatch(/Copying the database/);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(new RegExp(`Backed up ${made.dataDir} to ${file}`));
    const target = path.join(scratch.dir, 'restored');
    const restore = await captureCli(['restore', file, '--data', target, '--json']);
    expect(restore.code).toBe(0);
    const summary = JSON.parse(restore.out) as { dataDir: string; checks: string[] };
    expect(summary.dataDir).toBe(target);
    expect(readFileSync(path.join(target, 'secret.key'), 'utf8')).toBe(readFileSync(path.join(made.dataDir, 'secret.key'), 'utf8'));
  });

  it('never takes the passphrase as a flag, and says what is missing', async () => {
    const file = path.join(scratch.dir, 'x.nimbus-backup');
    // No terminal and no variable: nothing to read the passphrase from.
    expect(await captureCli(['backup', '--out', file, '--data', made.dataDir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/NIMBUS_BACKUP_PASSPHRASE/),
    });
    expect(await captureCli(['backup', '--out', file, '--passphrase', 'x'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/passphrase/),
    });
    expect(await captureCli(['backup', '--data', made.dataDir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--out is required/),
    });
    process.env.NIMBUS_BACKUP_PASSPHRASE = 'short';
    expect(await captureCli(['backup', '--out', file, '--data', made.dataDir])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/at least 10 characters.*\[backup_passphrase_weak\]/),
    });
    expect(existsSync(file)).toBe(false);
    expect(await captureCli(['restore', file])).toMatchObject({ code: 2, err: expect.stringMatching(/--data DIR is required/) });
    expect(await captureCli(['restore', '--data', scratch.dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/missing the backup FILE/),
    });
  });

  it('sends a desktop data directory, whose key is in the OS keychain, to the app', async () => {
    const desktop = path.join(scratch.dir, 'desktop');
    mkdirSync(desktop);
    copyFileSync(path.join(made.dataDir, 'nimbus.db'), path.join(desktop, 'nimbus.db'));
    writeFileSync(path.join(desktop, 'secret.key.enc'), 'sealed by the keychain');
    process.env.NIMBUS_BACKUP_PASSPHRASE = PASSPHRASE;
    const refused = await captureCli(['backup', '--out', path.join(scratch.dir, 'z'), '--data', desktop]);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/OS keychain; back up from the app.*\[backup_unavailable\]/) });
    expect(existsSync(path.join(desktop, 'secret.key'))).toBe(false);
  });

  it('a wrong passphrase and a busy directory are refused with their codes', async () => {
    const file = path.join(scratch.dir, 'y.nimbus-backup');
    process.env.NIMBUS_BACKUP_PASSPHRASE = PASSPHRASE;
    expect((await captureCli(['backup', '--out', file, '--data', made.dataDir])).code).toBe(0);
    process.env.NIMBUS_BACKUP_PASSPHRASE = 'a different passphrase';
    const target = path.join(scratch.dir, 'restored');
    expect(await captureCli(['restore', file, '--data', target])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/\[backup_passphrase_wrong\]/),
    });
    expect(existsSync(target)).toBe(false);
    process.env.NIMBUS_BACKUP_PASSPHRASE = PASSPHRASE;
    expect(await captureCli(['restore', file, '--data', made.dataDir])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/\[restore_target_not_empty\]/),
    });
  });
});
