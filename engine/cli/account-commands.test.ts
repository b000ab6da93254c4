import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selfSignedCertificate, startProxmoxReceiver } from '../test-support/proxmox-receiver.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { runCli } from './main.js';

const SECRET = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
let temp: ReturnType<typeof tempDir>;
let tls: { key: string; cert: string };

beforeAll(() => {
  tls = selfSignedCertificate();
});
beforeEach(async () => {
  temp = tempDir();
  const made = await createTestEngine({ dataDir: temp.dir });
  try {
    const created = await made.engine.dispatcher.dispatch('createLandingZone', { name: 'pve', provider: 'proxmox' });
    expect(created.ok).toBe(true);
  } finally {
    await made.dispose();
  }
});
afterEach(() => temp.remove());

/** Runs the CLI on the data directory; `secret` is what the person types (or pipes) when asked. */
async function cli(args: string[], secret?: string) {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const code = await runCli([...args, '--data', temp.dir], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    ...(secret === undefined
      ? {}
      : {
          secret: async (prompt: string) => {
            asked.push(prompt);
            return secret;
          },
        }),
  });
  return { code, out, err, asked };
}

describe('nimbus account', () => {
  it('sets an account with the secret read when asked, shows it without the secret, tests it for real and removes it', async () => {
    const receiver = await startProxmoxReceiver({ tls, version: '8.1.10' });
    try {
      const set = await cli(
        ['account', 'set', '--landing-zone', 'pve', '--endpoint', receiver.url, '--token-id', 'nimbus@pve!cli', '--insecure'],
        SECRET,
      );
      expect(set.code, set.err).toBe(0);
      expect(set.asked[0]).toContain('nimbus@pve!cli');
      expect(set.out).toContain('verifyTls: false');
      const show = await cli(['account', 'show', '--landing-zone', 'pve']);
      expect(show.code).toBe(0);
      expect(show.out).toContain(`endpoint: ${receiver.url}`);
      expect(show.out).toContain('set on');
      const test = await cli(['account', 'test', '--landing-zone', 'pve']);
      expect(test.out).toContain('ok: Connected to Proxmox VE 8.1.10');
      expect(test.code).toBe(0);
      expect(receiver.authorizations).toEqual([`PVEAPIToken=nimbus@pve!cli=${SECRET}`]);
      for (const run of [set, show, test]) expect(run.out + run.err).not.toContain(SECRET);

      receiver.setMode('unauthorised');
      const refused = await cli(['account', 'test', '--landing-zone', 'pve']);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('unauthorised');

      expect((await cli(['account', 'remove', '--landing-zone', 'pve'])).code).not.toBe(0);
      const removed = await cli(['account', 'remove', '--landing-zone', 'pve', '--yes']);
      expect(removed.out).toContain('Removed the cloud account of pve');
      expect((await cli(['account', 'show', '--landing-zone', 'pve'])).code).toBe(1);
      // Nothing the data directory holds (database, logs, work directories) has the secret in clear.
      for (const file of filesUnder(temp.dir)) expect(readFileSync(file).toString('latin1'), file).not.toContain(SECRET);
    } finally {
      await receiver.close();
    }
  });

  it('takes no secret as an argument and refuses a URL with credentials', async () => {
    const flag = await cli([
      'account',
      'set',
      '--landing-zone',
      'pve',
      '--endpoint',
      'https://pve:8006',
      '--token-id',
      'a@pve!b',
      '--token-secret',
      SECRET,
    ]);
    expect(flag.code).not.toBe(0);
    const withCredentials = await cli(
      ['account', 'set', '--landing-zone', 'pve', '--endpoint', 'https://root:pw@pve:8006', '--token-id', 'a@pve!b'],
      SECRET,
    );
    expect(withCredentials.code).not.toBe(0);
    expect(withCredentials.err).toContain('credentials');
    expect(withCredentials.err).not.toContain(SECRET);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}
