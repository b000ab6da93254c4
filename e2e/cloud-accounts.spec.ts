import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { selfSignedCertificate, startProxmoxReceiver } from '../engine/test-support/proxmox-receiver.js';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

const SECRET = '7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928';

test('adds a Proxmox cloud account to a landing zone, tests it against a loopback Proxmox, and never shows the secret again', async ({
  page,
  nimbus,
}) => {
  const receiver = await startProxmoxReceiver({ tls: selfSignedCertificate(), version: '8.2.4' });
  try {
    await callApi(nimbus.url, 'createLandingZone', { name: 'homelab', provider: 'proxmox', resolverConfig: {} });
    await page.goto('/');
    await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('nav-environments').click();
    const card = page.locator('[data-testid="landing-zone-card"][data-name="homelab"]');
    const section = card.getByTestId('cloud-account');
    await expect(section.getByTestId('cloud-account-empty')).toBeVisible();
    await expect(section.getByTestId('cloud-account-test')).toBeDisabled();

    // A URL carrying credentials is refused with the engine's message.
    await section.getByTestId('cloud-account-endpoint').fill('https://root:pw@127.0.0.1:8006');
    await section.getByTestId('cloud-account-tokenId').fill('nimbus@pve!desk');
    await section.getByTestId('cloud-account-tokenSecret').fill(SECRET);
    await expect(section.getByTestId('cloud-account-tokenSecret')).toHaveAttribute('type', 'password');
    await section.getByTestId('cloud-account-save').click();
    await expect(section.getByTestId('cloud-account-error')).toContainText('credentials');

    // The real endpoint, with a self-signed certificate: first verified (not trusted), then without verification.
    await section.getByTestId('cloud-account-endpoint').fill(receiver.url);
    await section.getByTestId('cloud-account-save').click();
    await expect(section.getByTestId('cloud-account-summary')).toContainText('secret set on');
    await expect(section.getByTestId('cloud-account-tokenSecret')).toHaveValue('');
    await section.getByTestId('cloud-account-test').click();
    await expect(section.getByTestId('cloud-account-test-result')).toHaveAttribute('data-outcome', 'tls_untrusted');
    await expect(section.getByTestId('cloud-account-test-result')).toContainText('not trusted');

    await section.getByTestId('cloud-account-verifyTls').uncheck();
    await section.getByTestId('cloud-account-save').click();
    await expect(section.getByTestId('cloud-account-verifyTls')).not.toBeChecked();
    await section.getByTestId('cloud-account-test').click();
    await expect(section.getByTestId('cloud-account-test-result')).toHaveAttribute('data-outcome', 'ok');
    await expect(section.getByTestId('cloud-account-test-result')).toContainText('Connected to Proxmox VE 8.2.4');
    // The secret kept when saving without it reached the receiver, in the header only.
    expect(receiver.authorizations).toEqual([`PVEAPIToken=nimbus@pve!desk=${SECRET}`]);

    // Shown again after a reload: the settings, never the secret.
    await page.reload();
    await page.getByTestId('nav-environments').click();
    await expect(section.getByTestId('cloud-account-endpoint')).toHaveValue(receiver.url);
    await expect(section.getByTestId('cloud-account-tokenSecret')).toHaveValue('');
    expect(await page.content()).not.toContain(SECRET);
    const answer = await callApi(nimbus.url, 'getCloudAccount', { landingZone: 'homelab' });
    expect(JSON.stringify(answer)).not.toContain(SECRET);

    // Removing asks first; cancelling keeps it.
    await section.getByTestId('cloud-account-remove').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(section.getByTestId('cloud-account-summary')).toBeVisible();
    await section.getByTestId('cloud-account-remove').click();
    await page.getByTestId('confirm-accept').click();
    await expect(section.getByTestId('cloud-account-empty')).toBeVisible();
    expect(await callApi(nimbus.url, 'getCloudAccount', { landingZone: 'homelab' })).toEqual({ account: null });
    // Nothing the server wrote keeps the secret in clear (database, logs).
    for (const file of filesUnder(nimbus.dataDir)) expect(readFileSync(file).toString('latin1'), file).not.toContain(SECRET);
  } finally {
    await receiver.close();
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}
