import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { LandingZoneService } from './landing-zone-service.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let zones: LandingZoneService;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
  zones = new LandingZoneService(store.async, ['proxmox', 'local']);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('LandingZoneService', () => {
  it('creates zones, templates and environments with layered resolver configuration', async () => {
    await zones.createLandingZone({
      name: 'homelab',
      provider: 'proxmox',
      resolverConfig: { ipam: { pool: 'lab' }, naming: { domain: 'lab.example' } },
    });
    await zones.createTemplate({
      landingZone: 'homelab',
      name: 'standard',
      mandatoryComponents: ['proxmox-firewall-rule', 'proxmox-firewall-rule'],
      resolverOverrides: { naming: { pattern: 'std-{type}-{seq:02d}' } },
    });
    const env = await zones.createEnvironment({
      name: 'prod',
      landingZone: 'homelab',
      template: 'standard',
      resolverOverrides: { ipam: { pool: 'prod-pool' } },
    });
    expect(env).toMatchObject({
      name: 'prod',
      landingZone: 'homelab',
      provider: 'proxmox',
      template: 'standard',
      mandatoryComponents: ['proxmox-firewall-rule'],
    });
    expect(env.effective.config.ipam.pool).toBe('prod-pool');
    expect(env.effective.config.naming).toMatchObject({ pattern: 'std-{type}-{seq:02d}', domain: 'lab.example' });
    expect(env.effective.sources).toMatchObject({
      'ipam.pool': 'environment',
      'naming.pattern': 'template',
      'naming.domain': 'landing_zone',
    });
    expect((await zones.getLandingZone('homelab')).templates.map((t) => t.name)).toEqual(['standard']);
    expect((await zones.listEnvironments()).map((e) => e.name)).toEqual(['prod']);
  });

  it('gives clear errors for unknown providers, duplicates, bad names and unknown references', async () => {
    await expect(zones.createLandingZone({ name: 'x', provider: 'vmware' })).rejects.toThrow(
      'Unknown provider "vmware"; known: proxmox, local',
    );
    await zones.createLandingZone({ name: 'lab', provider: 'local' });
    await expect(zones.createLandingZone({ name: 'lab', provider: 'local' })).rejects.toThrow(/already exists/);
    await expect(zones.createLandingZone({ name: 'Lab Zone', provider: 'local' })).rejects.toThrow(/landing zone name .* lowercase/);
    await expect(zones.createLandingZone({ name: 'y', provider: 'local', resolverConfig: { naming: { patern: 'x' } } })).rejects.toThrow(
      /resolver configuration — naming/,
    );
    await expect(
      zones.createLandingZone({ name: 'z', provider: 'local', resolverConfig: { naming: { pattern: '{env}-{colour}-{seq}' } } }),
    ).rejects.toThrow(
      /naming\.pattern: Naming pattern "\{env\}-\{colour\}-\{seq\}" is invalid at character 7: unknown placeholder \{colour\}/,
    );
    await expect(zones.createEnvironment({ name: 'dev', landingZone: 'nowhere' })).rejects.toThrow('Landing zone "nowhere" does not exist');
    await expect(zones.createEnvironment({ name: 'dev', landingZone: 'lab', template: 'gold' })).rejects.toThrow(/"gold" does not exist/);
    await zones.createEnvironment({ name: 'dev', landingZone: 'lab' });
    await expect(zones.createEnvironment({ name: 'dev', landingZone: 'lab' })).rejects.toThrow(/environment named dev already exists/);
  });
});
