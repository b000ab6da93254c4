import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore, type Store } from '../../store/store.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { SecretService } from './secret-service.js';

const KEY = 'ab'.repeat(32);
let temp: ReturnType<typeof tempDir>;
let store: Store;
let secrets: SecretService;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
  secrets = new SecretService(store.async, KEY);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('SecretService', () => {
  it('hands out references and reveals the value only on request', async () => {
    const stored = await secrets.store({ scope: 'env:prod', name: 'db-password', value: 'correct horse battery staple', owner: 'db' });
    expect(stored.reference).toMatch(/^secret:\/\/[0-9a-f-]{36}$/);
    expect(JSON.stringify(await secrets.list('env:prod'))).not.toContain('correct horse');
    expect(await secrets.reveal(stored.reference)).toBe('correct horse battery staple');
  });

  it('never writes the plain value to the database file', async () => {
    await secrets.store({ scope: 's', name: 'token-name-4712', value: 'plain-text-marker-4711', owner: 'o' });
    store.close();
    // Every file of the database (the main file and whatever journal closing left behind); an
    // unreadable file fails the test rather than being scanned as empty.
    const files = readdirSync(temp.dir).filter((file) => file.startsWith(DATABASE_FILE));
    expect(files).toContain(DATABASE_FILE);
    const bytes = files.map((file) => readFileSync(path.join(temp.dir, file)).toString('latin1'));
    // The scan sees the stored record (its name is kept in plain text), so it would see the value too.
    expect(bytes.join('')).toContain('token-name-4712');
    expect(bytes.join('')).not.toContain('plain-text-marker-4711');
    store = openStore(temp.dir);
  });

  it('generates values of the requested length', async () => {
    const generated = await secrets.generate({ scope: 's', name: 'api-key', length: 40, owner: 'o' });
    expect(await secrets.reveal(generated.reference)).toHaveLength(40);
    await expect(secrets.generate({ scope: 's', name: 'x', length: 4, owner: 'o' })).rejects.toThrow(/8 to 1024/);
  });

  it('refuses duplicates, bad references and a wrong key', async () => {
    const stored = await secrets.store({ scope: 's', name: 'n', value: 'v', owner: 'o' });
    await expect(secrets.store({ scope: 's', name: 'n', value: 'w', owner: 'o' })).rejects.toThrow(/already exists/);
    await expect(secrets.reveal('password123')).rejects.toThrow(/is not a secret reference/);
    await expect(new SecretService(store.async, 'cd'.repeat(32)).reveal(stored.reference)).rejects.toThrow(/cannot be decrypted/);
  });

  it('hands callers asking at the same moment one and the same generated secret', async () => {
    const ask = () => secrets.ensure({ scope: 'system', name: 'pulumi-passphrase', length: 48, owner: 'system' });
    const asked = await Promise.all([ask(), ask(), ask(), ask()]);
    expect(new Set(asked.map((secret) => secret.reference)).size).toBe(1);
    expect(await secrets.list('system')).toHaveLength(1);
    expect(await secrets.reveal(asked[0]!.reference)).toHaveLength(48);
    expect((await ask()).reference).toBe(asked[0]!.reference);
  });

  it('releases what an owner holds', async () => {
    const stored = await secrets.generate({ scope: 's', name: 'n', owner: 'deployment-9' });
    expect(await secrets.releaseOwner('deployment-9')).toHaveLength(1);
    await expect(secrets.reveal(stored.reference)).rejects.toThrow(/does not exist/);
  });
});
