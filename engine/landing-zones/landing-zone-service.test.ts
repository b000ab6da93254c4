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
  zones = new LandingZoneService(store.landingZones, ['proxmox', 'local']);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('LandingZoneService', () => {
  it('creates zones, templates and environments with layered resolver configuration', () => {
    zones.createLandingZone({
      name: 'homelab',
      provider: 'proxmox',
      resolverConfig: { ipam: { pool: 'lab' }, naming: { domain: 'lab.example' } },
    });
    zones.createTemplate({
      landingZone: 'homelab',
      name: 'standard',
      mandatoryComponents: ['proxmox-firewall-rule', 'proxmox-firewall-rule'],
      resolverOverrides: { naming: { pattern: 'std-{type}-{seq:02d}' } },
    });
    const env = zones.createEnvironment({
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
    expect(zones.getLandingZone('homelab').templates.map((t) => t.name)).toEqual(['standard']);
    expect(zones.listEnvironments().map((e) => e.name)).toEqual(['prod']);
  });

  it('gives clear errors for unknown providers, duplicates, bad names and unknown references', () => {
    expect(() => zones.createLandingZone({ name: 'x', provider: 'vmware' })).toThrow('Unknown provider "vmware"; known: proxmox, local');
    zones.createLandingZone({ name: 'lab', provider: 'local' });
    expect(() => zones.createLandingZone({ name: 'lab', provider: 'local' })).toThrow(/already exists/);
    expect(() => zones.createLandingZone({ name: 'Lab Zone', provider: 'local' })).toThrow(/landing zone name .* lowercase/);
    expect(() => zones.createLandingZone({ name: 'y', provider: 'local', resolverConfig: { naming: { patern: 'x' } } })).toThrow(
      /resolver configuration — naming/,
    );
    expect(() =>
      zones.createLandingZone({ name: 'z', provider: 'local', resolverConfig: { naming: { pattern: '{env}-{colour}-{seq}' } } }),
    ).toThrow(/naming\.pattern: Naming pattern "\{env\}-\{colour\}-\{seq\}" is invalid at character 7: unknown placeholder \{colour\}/);
    expect(() => zones.createEnvironment({ name: 'dev', landingZone: 'nowhere' })).toThrow('Landing zone "nowhere" does not exist');
    expect(() => zones.createEnvironment({ name: 'dev', landingZone: 'lab', template: 'gold' })).toThrow(/"gold" does not exist/);
    zones.createEnvironment({ name: 'dev', landingZone: 'lab' });
    expect(() => zones.createEnvironment({ name: 'dev', landingZone: 'lab' })).toThrow(/environment named dev already exists/);
  });
});
