import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate, startProxmoxReceiver } from '../../test-support/proxmox-receiver.js';
import { probeProxmox } from './proxmox-probe.js';

const SECRET = 'c0ffee00-1111-4222-8333-abcdefabcdef';
const TOKEN = 'nimbus@pve!deploy';

describe('Proxmox connection test against real loopback servers', () => {
  let tls: { key: string; cert: string };
  beforeAll(() => {
    tls = selfSignedCertificate();
  });

  it('reads the version over HTTPS with the token in the header, and nowhere else', async () => {
    const receiver = await startProxmoxReceiver({ tls, version: '8.3.1' });
    try {
      const result = await probeProxmox({ endpoint: receiver.url, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: false });
      expect(result).toMatchObject({ outcome: 'ok', version: '8.3.1' });
      expect(receiver.paths).toEqual(['/api2/json/version']);
      expect(receiver.authorizations).toEqual([`PVEAPIToken=${TOKEN}=${SECRET}`]);
      expect(JSON.stringify(result)).not.toContain(SECRET);
    } finally {
      await receiver.close();
    }
  });

  it('says a self-signed certificate is not trusted when TLS verification is on', async () => {
    const receiver = await startProxmoxReceiver({ tls });
    try {
      const result = await probeProxmox({ endpoint: receiver.url, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true });
      expect(result.outcome).toBe('tls_untrusted');
      expect(result.message).toContain('not trusted');
      expect(result.message).not.toContain(SECRET);
      // The token never left: the handshake failed before any request was sent.
      expect(receiver.authorizations).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ['unauthorised', 401],
    ['forbidden', 403],
  ] as const)('classifies HTTP %s as unauthorised', async (mode, status) => {
    const receiver = await startProxmoxReceiver({ mode });
    try {
      const result = await probeProxmox({ endpoint: receiver.url, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true });
      expect(result.outcome).toBe('unauthorised');
      expect(result.message).toContain(`HTTP ${status}`);
      expect(result.message).not.toContain(SECRET);
    } finally {
      await receiver.close();
    }
  });

  it('classifies a web server that is not Proxmox', async () => {
    const receiver = await startProxmoxReceiver({ mode: 'not-proxmox' });
    try {
      expect(await probeProxmox({ endpoint: receiver.url, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true })).toMatchObject({
        outcome: 'not_proxmox',
        version: null,
      });
    } finally {
      await receiver.close();
    }
  });

  it('classifies plain HTTP spoken to a TLS port as not Proxmox (or unreachable), never ok', async () => {
    const receiver = await startProxmoxReceiver({ tls });
    try {
      const result = await probeProxmox({
        endpoint: `http://127.0.0.1:${receiver.port}`,
        tokenId: TOKEN,
        tokenSecret: SECRET,
        verifyTls: true,
      });
      expect(['not_proxmox', 'unreachable']).toContain(result.outcome);
    } finally {
      await receiver.close();
    }
  });

  it('classifies a refused connection as unreachable', async () => {
    const port = await freePort();
    const result = await probeProxmox({ endpoint: `https://127.0.0.1:${port}`, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true });
    expect(result).toMatchObject({ outcome: 'unreachable' });
    expect(result.message).toContain('refused');
  });

  it('classifies an unknown host as unreachable', async () => {
    const result = await probeProxmox({ endpoint: 'https://pve.invalid:8006', tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true });
    expect(result.outcome).toBe('unreachable');
  });

  it('gives up on a server that never answers after the timeout, as unreachable', async () => {
    const receiver = await startProxmoxReceiver({ mode: 'silent' });
    try {
      const result = await probeProxmox(
        { endpoint: receiver.url, tokenId: TOKEN, tokenSecret: SECRET, verifyTls: true },
        { timeoutMs: 300 },
      );
      expect(result.outcome).toBe('unreachable');
      expect(result.message).toContain('no answer within 0.3 s');
      expect(result.durationMs).toBeGreaterThanOrEqual(250);
    } finally {
      await receiver.close();
    }
  });
});

/** A port nothing listens on (bound, then closed). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
