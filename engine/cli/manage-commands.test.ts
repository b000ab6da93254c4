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
const ok = async (...args: string[]) => {
  const run = await cli(...args);
  expect(run.code, run.err).toBe(0);
  return run.out;
};

describe('nimbus template, governance and the edit and delete verbs', () => {
  it('creates, lists, shows and deletes a template with a mandatory component and its default parameters', async () => {
    await ok('landing-zone', 'create', 'home', '--provider', 'local');
    const defaults = path.join(temp.dir, 'defaults.yaml');
    writeFileSync(defaults, 'local-network:\n  cidr: 10.9.0.0/24\n');
    await ok('template', 'create', 'small', '--landing-zone', 'home', '--mandatory', 'local-network', '--defaults', defaults);
    expect(await ok('template', 'list')).toMatch(/home\s+small\s+local-network\s+local-network/);
    const shown = JSON.parse(await ok('template', 'show', 'small', '--landing-zone', 'home', '--json')) as Record<string, unknown>;
    expect(shown).toMatchObject({
      mandatoryComponents: ['local-network'],
      componentDefaults: { 'local-network': { cidr: '10.9.0.0/24' } },
    });

    writeFileSync(defaults, 'other:\n  x: 1\n');
    const refused = await cli('template', 'create', 'odd', '--landing-zone', 'home', '--mandatory', 'a', '--defaults', defaults);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('not a mandatory component');

    // An environment made from a template with mandatory components deploys them (provisioning): the
    // refusal is shown with a template without any, whose environment is active at once.
    await ok('template', 'create', 'plain', '--landing-zone', 'home');
    await ok('env', 'create', 'dev', '--landing-zone', 'home', '--template', 'plain');
    const inUse = await cli('template', 'delete', 'plain', '--landing-zone', 'home', '--yes');
    expect(inUse.code).not.toBe(0);
    expect(inUse.err).toContain('template_in_use');
    expect(inUse.err).toContain('dev');
    // Without a terminal and without --yes nothing is deleted.
    const unasked = await cli('env', 'delete', 'dev');
    expect(unasked.err).toContain('--yes');
    await ok('env', 'delete', 'dev', '--yes');
    await ok('template', 'delete', 'plain', '--landing-zone', 'home', '--yes');
    await ok('template', 'delete', 'small', '--landing-zone', 'home', '--yes');
    expect(await ok('template', 'list')).toContain('No templates yet');
  });

  it('edits and deletes landing zones, environments and pools, refusing a delete while something uses them', async () => {
    await ok('ipam', 'pool', 'create', 'corp', '--cidr', '10.20.0.0/16');
    await ok('landing-zone', 'create', 'home', '--provider', 'local', '--ipam-pool', 'corp');
    await ok('env', 'create', 'dev', '--landing-zone', 'home');
    await ok('landing-zone', 'edit', 'home', '--name', 'house', '--description', 'at home');
    await ok('ipam', 'pool', 'edit', 'corp', '--name', 'office');
    const environments = JSON.parse(await ok('env', 'list', '--json')) as {
      landingZone: string;
      effective: { config: { ipam: { pool: string } } };
    }[];
    expect(environments[0]).toMatchObject({ landingZone: 'house', effective: { config: { ipam: { pool: 'office' } } } });

    const zoneInUse = await cli('landing-zone', 'delete', 'house', '--yes');
    expect(zoneInUse.code).not.toBe(0);
    expect(zoneInUse.err).toContain('landing_zone_in_use');
    const poolInUse = await cli('ipam', 'pool', 'delete', 'office', '--yes');
    expect(poolInUse.err).toContain('landing zone house');

    await ok('env', 'edit', 'dev', '--name', 'test');
    await ok('env', 'delete', 'test', '--yes');
    await ok('landing-zone', 'delete', 'house', '--yes');
    await ok('ipam', 'pool', 'delete', 'office', '--yes');
    expect(await ok('landing-zone', 'list')).toContain('No landing zones yet');
    const unknown = await cli('env', 'delete', 'nowhere', '--yes');
    expect(unknown.err).toContain('not_found');
  });

  it('shows and sets a governance policy from a file and from flags', async () => {
    const file = path.join(temp.dir, 'policy.yaml');
    writeFileSync(file, 'deny: [local-vm]\nconstraints:\n  local-network:\n    mtu: { minimum: 1200, maximum: 9000 }\n');
    await ok('governance', 'set', '--file', file);
    await ok('governance', 'set', '--max-instances', 'local-storage=1');
    const policy = JSON.parse(await ok('governance', 'show', '--json')) as Record<string, unknown>;
    expect(policy).toMatchObject({
      deny: ['local-vm'],
      maxInstances: { 'local-storage': 1 },
      constraints: { 'local-network': { mtu: { minimum: 1200 } } },
    });
    const bad = await cli('governance', 'set', '--max-instances', 'local-storage');
    expect(bad.code).not.toBe(0);
    writeFileSync(file, 'deny: local-vm\n');
    const invalid = await cli('governance', 'set', '--file', file);
    expect(invalid.err).toContain('invalid_input');
  });
});
