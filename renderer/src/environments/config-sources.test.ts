import { describe, expect, it } from 'vitest';
import { buildConfig, configLabel, configValue, describeConfigSource, flattenConfig } from './config-sources';

describe('resolver configuration helpers', () => {
  it('flattens and reads nested settings', () => {
    const config = { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{seq}', domain: undefined }, broken: 3 };
    expect(flattenConfig(config)).toEqual([
      ['ipam.pool', 'lab'],
      ['naming.pattern', '{env}-{seq}'],
    ]);
    expect(configValue(config, 'ipam.pool')).toBe('lab');
    expect(configValue(config, 'secret.length')).toBeUndefined();
  });

  it('builds a configuration from form fields, leaving empty ones to the layer below', () => {
    expect(buildConfig({ 'ipam.pool': 'lab', 'naming.pattern': '  ', 'naming.domain': ' lab.internal ' })).toEqual({
      ipam: { pool: 'lab' },
      naming: { domain: 'lab.internal' },
    });
    expect(buildConfig({ 'ipam.pool': '' })).toEqual({});
  });

  it('names sources and keys for people', () => {
    expect(describeConfigSource('landing_zone')).toMatchObject({ label: 'landing zone', tone: 'teal' });
    expect(describeConfigSource('cluster').label).toBe('cluster');
    expect(configLabel('ipam.pool')).toBe('IPAM pool');
    expect(configLabel('x.y')).toBe('x.y');
  });
});
