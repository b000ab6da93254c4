import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { listStackLocks, lockDirectories, projectName, removeStackLocks } from './stack-locks.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('nimbus-locks-');
});
afterEach(() => temp.remove());

/** A work dir with Pulumi.yaml and a file backend, as the adapter gets them. */
function target(stackName = 'dev') {
  const workDir = path.join(temp.dir, 'work');
  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, 'Pulumi.yaml'), 'name: files\nruntime: nodejs\n');
  return { workDir, stackName, backendUrl: pathToFileURL(path.join(temp.dir, 'state')).href };
}

/** Writes a lock the way Pulumi CLI v3.259 does: a JSON file and a `.attrs` sidecar. */
function writeLock(dir: string, name: string, content: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, content);
  writeFileSync(`${file}.attrs`, '{}');
  return file;
}

describe('stack locks of a file backend', () => {
  it('reads the project from Pulumi.yaml and finds the locks of that stack only', () => {
    const stack = target();
    expect(projectName(stack.workDir)).toBe('files');
    const locks = path.join(temp.dir, 'state', '.pulumi', 'locks');
    expect(lockDirectories(stack)).toEqual([path.join(locks, 'organization', 'files', 'dev'), path.join(locks, 'dev')]);
    const file = writeLock(
      path.join(locks, 'organization', 'files', 'dev'),
      'a1',
      JSON.stringify({ pid: 4242, username: 'ada', hostname: 'lab', timestamp: '2026-11-22T17:33:28Z' }),
    );
    writeLock(path.join(locks, 'organization', 'files', 'prod'), 'b2', JSON.stringify({ pid: 1 }));
    writeLock(path.join(locks, 'organization', 'other', 'dev'), 'c3', JSON.stringify({ pid: 2 }));
    expect(listStackLocks(stack)).toEqual([{ file, pid: 4242, username: 'ada', hostname: 'lab', timestamp: '2026-11-22T17:33:28Z' }]);
  });

  it('keeps an unreadable lock as a lock with an unknown holder, and removes locks with their sidecars', () => {
    const stack = target('organization/files/dev');
    const dir = path.join(temp.dir, 'state', '.pulumi', 'locks', 'organization', 'files', 'dev');
    const file = writeLock(dir, 'a1', '{ half written');
    expect(listStackLocks(stack)).toEqual([{ file, pid: null, username: null, hostname: null, timestamp: null }]);
    removeStackLocks(listStackLocks(stack));
    expect(listStackLocks(stack)).toEqual([]);
    expect(() => writeFileSync(`${file}.attrs`, '', { flag: 'wx' })).not.toThrow();
  });

  it('knows nothing about the locks of other backends', () => {
    expect(listStackLocks({ ...target(), backendUrl: 's3://bucket/state' })).toEqual([]);
  });
});
