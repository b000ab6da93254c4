import { describe, expect, it } from 'vitest';
import { effectiveResolverConfig, ResolverConfigSchema } from './resolver-config.js';

describe('effectiveResolverConfig', () => {
  it('looks up environment, then template, then landing zone, then default — per field', () => {
    const { config, sources } = effectiveResolverConfig({
      landingZone: { ipam: { pool: 'zone-pool' }, naming: { pattern: 'lz-{type}-{seq:02d}', domain: 'lz.example' } },
      template: { naming: { domain: 'tpl.example' } },
      environment: { ipam: { pool: 'env-pool' } },
    });
    expect(config.ipam.pool).toBe('env-pool');
    expect(config.naming).toEqual({ pattern: 'lz-{type}-{seq:02d}', domain: 'tpl.example', scope: 'environment' });
    expect(sources).toMatchObject({
      'ipam.pool': 'environment',
      'naming.pattern': 'landing_zone',
      'naming.domain': 'template',
      'naming.scope': 'default',
      'secret.length': 'default',
    });
  });

  it('rejects unknown settings and bad values', () => {
    expect(ResolverConfigSchema.safeParse({ ipam: { pools: 'x' } }).success).toBe(false);
    expect(ResolverConfigSchema.safeParse({ naming: { domain: 'Bad Domain' } }).success).toBe(false);
    expect(ResolverConfigSchema.safeParse({ dns: {} }).success).toBe(false);
  });
});
