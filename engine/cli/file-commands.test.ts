import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.js';
import { parseTopologyFile } from '../topology/topology-file.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('nimbus-cli-files-');
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);
const at = (name: string) => path.join(temp.dir, name);

/** Two disks, the second sized by the first's output: a value known only after deploy. */
const disks = `kind: Topology
version: 1
name: Disks
nodes:
  - id: d1
    component: local-storage@1
    position: { x: 0, y: 0 }
    params: { size_mb: 2 }
  - id: d2
    label: copy
    component: local-storage@1
    position: { x: 300, y: 0 }
    dependsOn: [d1]
wires:
  - { id: w1, source: { node: d1, port: size_mb }, target: { node: d2, port: size_mb } }
frames:
  - { id: f1, label: Storage, position: { x: -20, y: -20 }, size: { width: 600, height: 200 } }
`;

async function withEngine<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
  const made = await createTestEngine({ dataDir: temp.dir });
  try {
    return await work(made.engine);
  } finally {
    await made.dispose();
  }
}

describe('nimbus topology export', () => {
  it('writes the document the planner saves: it validates, plans, and opens again as the same topology', async () => {
    const saved = await withEngine(async (engine) => {
      const outcome = await engine.dispatcher.dispatch('importTopologyFile', { text: disks, source: 'disks.yaml' });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { id: string; document: unknown };
    });
    const yaml = await cli('topology', 'export', 'Disks');
    expect(yaml).toMatchObject({ code: 0, err: '' });
    expect(yaml.out).toMatch(/^kind: Topology\nversion: 1\nname: Disks\n/);
    expect(yaml.out).toContain('label: d1');
    expect(parseTopologyFile(yaml.out).document).toEqual(saved.document);

    const out = at('disks.json');
    const json = await cli('topology', 'export', 'Disks', '--format', 'json', '--out', out);
    expect(json).toMatchObject({ code: 0, out: '' });
    expect(json.err).toContain(`Wrote topology Disks to ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ kind: 'Topology', name: 'Disks' });
    expect(await cli('validate', out)).toMatchObject({ code: 0, out: `${out}: valid\n` });

    // The planner's File → Open is importTopologyFile: the exported file opens as an equal topology.
    const reopened = await withEngine(async (engine) => {
      const outcome = await engine.dispatcher.dispatch('importTopologyFile', { text: readFileSync(out, 'utf8'), source: out });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.result as { id: string; document: unknown };
    });
    expect(reopened.document).toEqual(saved.document);
    // Now two topologies share the name: the export asks for an id, and takes one.
    const ambiguous = await cli('topology', 'export', 'Disks');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain('2 topologies are named "Disks"');
    expect(ambiguous.err).toContain(reopened.id);
    expect((await cli('topology', 'export', reopened.id)).out).toBe(yaml.out);
  });

  it('refuses an unknown name, a bad format and an unwritable file, leaving no file behind', async () => {
    expect(await cli('topology', 'export', 'Nope')).toMatchObject({
      code: 1,
      err: expect.stringContaining('No topology is named "Nope" (none are saved yet)'),
    });
    expect(await cli('topology', 'export', 'Nope', '--format', 'xml')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format must be yaml or json'),
    });
    expect(await cli('topology', 'export')).toMatchObject({ code: 2, err: expect.stringContaining('missing topology NAME') });
    await withEngine(async (engine) => engine.dispatcher.dispatch('importTopologyFile', { text: disks }));
    const missingDir = at('no/such/dir/t.yaml');
    expect(await cli('topology', 'export', 'Disks', '--out', missingDir)).toMatchObject({
      code: 1,
      err: expect.stringContaining(`Cannot write ${missingDir}: ENOENT`),
    });
    expect(existsSync(missingDir)).toBe(false);
  });
});

describe('nimbus plan', () => {
  it('shows a value known only after deploy in words', async () => {
    await withEngine(async (engine) => {
      await engine.dispatcher.dispatch('createLandingZone', { name: 'zone', provider: 'local' });
      await engine.dispatcher.dispatch('createEnvironment', { name: 'dev', landingZone: 'zone' });
    });
    writeFileSync(at('disks.yaml'), disks);
    const plan = await cli('plan', at('disks.yaml'), '--env', 'dev');
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('Wave 1: d1');
    expect(plan.out).toContain('size_mb = known after deploy  [wire: from d1.size_mb');
  });
});

describe('nimbus component export and import', () => {
  it('round-trips: export → import → export is identical, and a second import changes nothing', async () => {
    const exported = await cli('component', 'export', 'local-storage@1');
    expect(exported.code).toBe(0);
    const file = at('box.yaml');
    writeFileSync(file, exported.out.replace('name: local-storage', 'name: box-disk').replace(/^shared: true\n/m, ''));
    const created = await cli('component', 'import', file);
    expect(created).toMatchObject({ code: 0, out: expect.stringContaining('Created box-disk (draft)') });
    const again = await cli('component', 'export', 'box-disk');
    expect(again.out).toBe(readFileSync(file, 'utf8'));
    expect((await cli('component', 'import', file)).out).toContain('box-disk: the draft already matches');

    // A changed file updates the draft; the published versions are untouched.
    writeFileSync(file, again.out.replace(/^( {2})export const/m, '$1// changed\n$1export const'));
    const updated = await cli('component', 'import', file, '--json');
    expect(JSON.parse(updated.out)).toMatchObject({ action: 'updated', component: 'box-disk', draftRevision: 2 });
    expect((await cli('component', 'export', 'box-disk', '--out', at('box2.yaml'))).code).toBe(0);
    expect(readFileSync(at('box2.yaml'), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('refuses a bad file with the line of the problem and writes nothing', async () => {
    const good = (await cli('component', 'export', 'local-storage@1')).out
      .replace('name: local-storage', 'name: box-disk')
      .replace(/^shared: true\n/m, '');
    const bad = good.replace(/( {6}type: )integer/, '$1integr');
    const line = bad.split('\n').findIndex((l) => l.includes('integr')) + 1;
    writeFileSync(at('bad.yaml'), bad);
    const refused = await cli('component', 'import', at('bad.yaml'));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`bad.yaml: line ${line}, inputSchema.properties.`);
    expect((await cli('catalog', 'show', 'box-disk')).err).toContain('Component "box-disk" does not exist');

    // An existing component: a refused file leaves its draft as it was.
    writeFileSync(at('good.yaml'), good);
    expect((await cli('component', 'import', at('good.yaml'))).code).toBe(0);
    writeFileSync(
      at('other.yaml'),
      good.replace('provider: local', 'provider: proxmox').replace(/^( {2})export const/m, '$1// never saved\n$1export const'),
    );
    expect(await cli('component', 'import', at('other.yaml'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('other.yaml: line 4, provider: box-disk exists with provider "local"'),
    });
    expect((await cli('component', 'export', 'box-disk')).out).toBe(good);
    // A built-in component cannot be changed from a file either.
    writeFileSync(
      at('builtin.yaml'),
      good.replace('name: box-disk', 'name: local-storage\nshared: true').replace(/^( {2})export const/m, '$1// x\n$1export const'),
    );
    expect(await cli('component', 'import', at('builtin.yaml'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('local-storage is a built-in component'),
    });
    expect(await cli('component', 'export', 'local-storage@9')).toMatchObject({
      code: 1,
      err: expect.stringContaining('local-storage has no version 9'),
    });
    expect(await cli('component', 'export', 'local-storage@0')).toMatchObject({ code: 2 });
  });
});
