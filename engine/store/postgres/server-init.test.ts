import { describe, expect, it } from 'vitest';
import { captureCli } from '../../cli/capture-cli.js';
import { IdentityService } from '../../identity/identity-service.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

describe('nimbus server init', () => {
  it('migrates an empty database, creates the provider and its administrator once, and only migrates after that', async () => {
    const database = await databases.empty();
    try {
      const first = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme-cloud', '--admin', 'root']);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(
        /^Database ready \(schema version \d+\)\.\nCreated the provider tenant acme-cloud and its administrator root\.\n/,
      );
      const [, user, password] = PASSWORD_LINE.exec(first.out) ?? [];
      expect(user).toBe('root');

      const store = await openPostgresStore(database.url);
      try {
        const session = await new IdentityService(store).login({ name: 'root', password: password!, address: '127.0.0.1' });
        const caller = await new IdentityService(store).authenticate(session.token);
        expect(caller?.permissions.has('tenant:manage')).toBe(true);
        const audit = await store.audit.list({ entity: 'user' });
        expect(JSON.stringify(audit)).not.toContain(password!);
      } finally {
        await store.close();
      }

      const again = await captureCli(['server', 'init', '--database', database.url]);
      expect(again).toMatchObject({ code: 0, out: expect.stringContaining('already has users') });
      expect(again.out).not.toMatch(PASSWORD_LINE);
    } finally {
      await database.drop();
    }
  });

  it('gives exactly one of two inits started together the administrator', async () => {
    const database = await databases.empty();
    try {
      const both = await Promise.all([0, 1].map(() => captureCli(['server', 'init', '--database', database.url])));
      expect(both.map((run) => run.code)).toEqual([0, 0]);
      expect(both.filter((run) => PASSWORD_LINE.test(run.out))).toHaveLength(1);
    } finally {
      await database.drop();
    }
  });

  it('refuses a missing or wrong database address with a usage error, and names an unreachable server', async () => {
    expect(await captureCli(['server', 'init'])).toMatchObject({ code: 2, err: expect.stringContaining('--database URL is required') });
    expect(await captureCli(['server', 'init', '--database', 'mysql://x'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('postgresql://'),
    });
    expect(await captureCli(['server', 'start'])).toMatchObject({ code: 2, err: expect.stringContaining('--database URL is required') });
    expect(await captureCli(['server', 'stop'])).toMatchObject({ code: 2, err: expect.stringContaining('usage: nimbus server init') });
    const unreachable = await captureCli(['server', 'init', '--database', 'postgresql://nimbus:secret@127.0.0.1:1/nimbus']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/cannot be reached/);
    expect(unreachable.err).not.toContain('secret');
  });
});
