import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './fixtures.js';

// The desktop shell itself. It needs the Electron binary, which the electron package downloads on
// first use; where that binary is absent this test is reported as skipped with the reason, never as passed.
function electronBinary(): { path: string } | { missing: string } {
  const pathFile = path.resolve('node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return { missing: 'no Electron binary is installed (node_modules/electron/path.txt is missing)' };
  const binary = path.resolve('node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} is missing` };
}

test('the desktop window loads the app with the engine in-process', async ({ pageErrors }) => {
  const binary = electronBinary();
  test.skip('missing' in binary, 'missing' in binary ? `Electron e2e did not run: ${binary.missing}` : '');
  if (!('path' in binary)) return;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-electron-'));
  const app = await electron.launch({ executablePath: binary.path, args: ['.', `--data=${dataDir}`] });
  pageErrors.watch(app.context());
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('status-bar')).toContainText(dataDir);
    const isolated = await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require === 'undefined');
    expect(isolated).toBe(true);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
