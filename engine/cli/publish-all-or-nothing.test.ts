import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', path.join(temp.dir, 'data')]);

const STACK = `kind: Stack
version: 1
name: one-disk
description: One data disk
parameters:
  type: object
  properties:
    size_mb: { type: integer, minimum: 1, maximum: 64, default: 4 }
slots:
  - name: data
    component: local-storage@1
    inputs: { size_mb: params.size_mb }
outputs:
  data: slots.data.path
stateMachine:
  states:
    - { name: new, initial: true }
    - { name: deploying }
    - { name: active }
    - { name: destroying }
    - { name: destroyed, terminal: true }
  transitions:
    - { from: new, to: deploying, trigger: deploy, workflow: deploy }
    - { from: deploying, to: active, trigger: deploy.succeeded }
    - { from: deploying, to: new, trigger: deploy.failed }
    - { from: active, to: destroying, trigger: destroy, workflow: destroy }
    - { from: destroying, to: destroyed, trigger: destroy.succeeded }
    - { from: destroying, to: active, trigger: destroy.failed }
`;

describe('nimbus stack publish, refused, leaves nothing behind', () => {
  it('writes no draft when the changelog is missing or empty, or the stack has problems', async () => {
    const file = path.join(temp.dir, 'one-disk.stack.yaml');
    writeFileSync(file, STACK);
    expect(await cli('stack', 'publish', file)).toMatchObject({ code: 2, err: expect.stringContaining('--changelog is required') });
    expect(await cli('stack', 'publish', file, '--changelog', '   ')).toMatchObject({
      code: 1,
      err: expect.stringContaining('a changelog is required'),
    });
    const broken = path.join(temp.dir, 'broken.stack.yaml');
    writeFileSync(broken, STACK.replace('inputs: { size_mb: params.size_mb }', 'inputs: { size_mb: params.size_mb, colour: params.nope }'));
    const refused = await cli('stack', 'publish', broken, '--changelog', 'First');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/broken\.stack\.yaml:12: slots\.0\.inputs/);
    expect(refused.err).toContain('nothing was saved or published');
    expect((await cli('stack', 'list')).out).toMatch(/^No stacks yet/);
  });

  it('keeps the previous draft when publishing an update is refused, and publishes a good file', async () => {
    const file = path.join(temp.dir, 'one-disk.stack.yaml');
    writeFileSync(file, STACK);
    expect(await cli('stack', 'publish', file, '--changelog', 'First')).toMatchObject({ code: 0, out: 'Published one-disk@1\n' });
    // The same file again: nothing to publish, and the draft stays as it was.
    expect(await cli('stack', 'publish', file, '--changelog', 'Again')).toMatchObject({
      code: 1,
      err: expect.stringContaining('is the same as version 1'),
    });
    writeFileSync(file, STACK.replace('One data disk', 'A changed description'));
    expect(await cli('stack', 'publish', file)).toMatchObject({ code: 2 });
    const exported = await cli('stack', 'export', 'one-disk');
    expect(exported.out).toContain('One data disk');
    expect(await cli('stack', 'publish', file, '--changelog', 'Second')).toMatchObject({ code: 0, out: 'Published one-disk@2\n' });
  });
});
