import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../store/migrate.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { openSqlite } from '../../store/sqlite.js';
import { DATABASE_FILE, openStore, type Store } from '../../store/store.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { NamingService } from './naming-service.js';
import { parsePattern } from './pattern.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let naming: NamingService;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
  naming = new NamingService(store.async);
});
afterEach(() => {
  store.close();
  temp.remove();
});

const request = {
  pattern: '{env}-{type}-{seq:03d}',
  context: { env: 'Prod', type: 'VirtualMachine' },
  scope: 'env:prod',
  domain: 'example.internal',
};

describe('parsePattern', () => {
  it.each([
    ['{env}-{flavour}-{seq}', /unknown placeholder \{flavour\}/],
    ['{env}-{type}', /must contain \{seq\} exactly once/],
    ['{seq}-{seq}', /exactly once/],
    ['{env}_{seq}', /"_" cannot appear in a name/],
    ['{env}-{seq:3}', /takes a width like \{seq:03d\}/],
    ['{env:upper}-{seq}', /takes no format/],
  ])('refuses %j', (pattern, message) => {
    expect(() => parsePattern(pattern)).toThrow(message);
  });

  it('names the character where the pattern goes wrong', async () => {
    expect(() => parsePattern('ab{nope}{seq}')).toThrow(/at character 3/);
  });
});

describe('NamingService', () => {
  it('issues unique, sequential names with an FQDN', async () => {
    const first = await naming.issue(request, 'vm-1');
    const second = await naming.issue(request, 'vm-2');
    expect([first.name, second.name]).toEqual(['prod-virtualmachine-001', 'prod-virtualmachine-002']);
    expect(first.fqdn).toBe('prod-virtualmachine-001.example.internal');
  });

  it('previews without reserving', async () => {
    expect((await naming.preview(request)).name).toBe('prod-virtualmachine-001');
    expect((await naming.preview(request)).name).toBe('prod-virtualmachine-001');
    expect(await naming.list('env:prod')).toEqual([]);
  });

  it('gives names issued at the same moment distinct numbers', async () => {
    // Another service on the same store stands for another caller (an API request, the CLI).
    const other = new NamingService(store.async);
    const issued = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? naming : other).issue(request, `owner-${i}`)));
    expect(new Set(issued.map((name) => name.name)).size).toBe(20);
    expect(issued.map((name) => name.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await naming.list('env:prod')).toHaveLength(20);
  });

  it('keeps scopes apart and reuses a released number', async () => {
    await naming.issue(request, 'a');
    await naming.issue(request, 'b');
    expect((await naming.issue({ ...request, scope: 'env:dev' }, 'c')).name).toBe('prod-virtualmachine-001');
    await naming.releaseOwner('a');
    expect((await naming.issue(request, 'd')).name).toBe('prod-virtualmachine-001');
    expect((await naming.issue(request, 'e')).name).toBe('prod-virtualmachine-003');
  });

  it('says which placeholder has no value', async () => {
    await expect(naming.issue({ ...request, context: { env: 'prod' } }, 'x')).rejects.toThrow('needs {type}, which is not known here');
  });

  it('refuses names longer than a DNS label', async () => {
    await expect(naming.issue({ ...request, context: { env: 'e'.repeat(60), type: 'vm' } }, 'x')).rejects.toThrow(/must be at most 63/);
  });
});

describe('names issued by an older version', () => {
  it('continue their numbering after the series mark moved from a NUL character to {seq}', async () => {
    const old = tempDir();
    try {
      const file = path.join(old.dir, DATABASE_FILE);
      const db = openSqlite(file);
      migrate(
        db,
        MIGRATIONS.filter((migration) => migration.version < 15),
        file,
      );
      db.prepare(
        `INSERT INTO naming_names (id, scope, series, seq, name, fqdn, owner, created_at)
         VALUES ('n1', 'env:prod', ?, 1, 'prod-virtualmachine-001', NULL, 'earlier', '2026-01-01T00:00:00.000Z')`,
      ).run('prod-virtualmachine-\u0000');
      db.close();
      const upgraded = openStore(old.dir);
      try {
        // The stored series is the one this version computes, so its numbers count as used.
        expect(await upgraded.async.naming.usedSequences('env:prod', 'prod-virtualmachine-{seq}')).toEqual([1]);
        const issued = await new NamingService(upgraded.async).issue(request, 'later');
        expect(issued.name).toBe('prod-virtualmachine-002');
      } finally {
        upgraded.close();
      }
    } finally {
      old.remove();
    }
  });
});
