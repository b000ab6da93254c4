import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

const PASSPHRASE = 'a long enough passphrase';

test('Settings backs up the data directory, then restores it into a new directory and shows what it checked', async ({ page, nimbus }) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'nimbus-e2e-backup-'));
  try {
    await callApi(nimbus.url, 'createTopology', { name: 'kept in the backup' });
    await page.goto('/');
    await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('backup-section');
    await expect(section).toBeVisible();
    // The suggested file lies beside the data directory; this test writes into its own folder.
    await expect(section.getByTestId('backup-file')).toHaveValue(new RegExp(`^${nimbus.dataDir}-backup-.*\\.nimbus-backup$`));
    const file = path.join(scratch, 'nimbus.nimbus-backup');
    await section.getByTestId('backup-file').fill(file);

    // A short passphrase cannot be sent; two that differ are named.
    await section.getByTestId('backup-passphrase').fill('short');
    await expect(section.getByTestId('backup-start')).toBeDisabled();
    await section.getByTestId('backup-passphrase').fill(PASSPHRASE);
    await section.getByTestId('backup-passphrase-repeat').fill(`${PASSPHRASE}!`);
    await expect(section.getByText('The passphrases differ.')).toBeVisible();
    await expect(section.getByTestId('backup-start')).toBeDisabled();
    await section.getByTestId('backup-passphrase-repeat').fill(PASSPHRASE);
    await section.getByTestId('backup-start').click();
    await expect(section.getByTestId('backup-result')).toContainText('Backed up', { timeout: 30_000 });
    await expect(section.getByTestId('backup-result')).toContainText(file);
    expect(existsSync(file)).toBe(true);

    // Backing up to the same file again is refused: a backup never replaces a file.
    await section.getByTestId('backup-start').click();
    await expect(section.getByTestId('backup-problem')).toHaveAttribute('data-code', 'backup_unavailable');

    // A directory that holds files (this test's folder, holding the backup) is refused, and so is a
    // wrong passphrase; nothing is written.
    const target = path.join(scratch, 'restored');
    await section.getByTestId('restore-file').fill(file);
    await section.getByTestId('restore-passphrase').fill(PASSPHRASE);
    await section.getByTestId('restore-dir').fill(scratch);
    await section.getByTestId('restore-start').click();
    await page.getByTestId('confirm-accept').click();
    await expect(section.getByTestId('restore-problem')).toHaveAttribute('data-code', 'restore_target_not_empty');

    await section.getByTestId('restore-dir').fill(target);
    await section.getByTestId('restore-passphrase').fill('not the passphrase');
    await section.getByTestId('restore-start').click();
    await page.getByTestId('confirm-accept').click();
    await expect(section.getByTestId('restore-problem')).toHaveAttribute('data-code', 'backup_passphrase_wrong', { timeout: 30_000 });
    expect(existsSync(target)).toBe(false);

    await section.getByTestId('restore-passphrase').fill(PASSPHRASE);
    await section.getByTestId('restore-start').click();
    await page.getByTestId('confirm-accept').click();
    const result = section.getByTestId('restore-result');
    await expect(result).toContainText('Restored and verified', { timeout: 30_000 });
    await expect(section.getByTestId('restore-checks')).toContainText('match their SHA-256 checksums');
    await expect(section.getByTestId('restore-checks')).toContainText('the passphrase opened the sealed key');
    await expect(result).toContainText(`nimbus serve --data ${target}`);
    expect(readdirSync(target).sort()).toEqual(expect.arrayContaining(['nimbus.db', 'secret.key']));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
