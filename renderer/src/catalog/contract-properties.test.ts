import { describe, expect, it } from 'vitest';
import { contractProperties, describeBinding } from './contract-properties';

const schema = {
  type: 'object',
  required: ['name', 'ip'],
  properties: {
    name: { type: 'string', format: 'hostname', maxLength: 63, description: 'Host name' },
    ip: { type: 'string', format: 'ipv4' },
    cores: { type: 'integer', default: 2, minimum: 1, maximum: 8 },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    tier: { enum: ['gold', 'silver'] },
    password: { type: ['string', 'null'] },
  },
};

describe('contractProperties', () => {
  it('describes type, default, constraints and requiredness in declaration order', () => {
    const rows = contractProperties(schema);
    expect(rows.map((row) => row.name)).toEqual(['name', 'ip', 'cores', 'tags', 'tier', 'password']);
    expect(rows[0]).toMatchObject({
      type: 'string (hostname)',
      required: true,
      constraints: ['length ≤ 63'],
      description: 'Host name',
      defaultValue: null,
    });
    expect(rows[2]).toMatchObject({ type: 'integer', required: false, defaultValue: '2', constraints: ['≥ 1', '≤ 8'] });
    expect(rows[3]).toMatchObject({ type: 'array of string', constraints: ['unique items'] });
    expect(rows[4]).toMatchObject({ type: 'enum', constraints: ['one of gold, silver'] });
    expect(rows[5]?.type).toBe('string | null');
  });

  it('marks resolver bindings and secret inputs', () => {
    const rows = contractProperties(schema, {
      bindings: { ip: { resolver: 'ipam', pool: 'lab' }, name: { resolver: 'naming' } },
      secretInputs: ['password'],
    });
    expect(rows[0]?.binding).toEqual({ resolver: 'naming', summary: "naming: name from the environment's pattern" });
    expect(rows[1]?.binding).toEqual({ resolver: 'ipam', summary: 'ipam: an address from pool lab' });
    expect(rows[5]?.secret).toBe(true);
    expect(rows[2]?.binding).toBeNull();
  });

  it('tolerates a contract without properties', () => {
    expect(contractProperties({ type: 'object' })).toEqual([]);
  });
});

describe('describeBinding', () => {
  it('summarises subnet and secret bindings, and ignores malformed ones', () => {
    expect(describeBinding({ resolver: 'ipam', allocate: 'subnet', prefix: 24 })?.summary).toBe(
      "ipam: a /24 subnet from the environment's pool",
    );
    expect(describeBinding({ resolver: 'secret', length: 40 })?.summary).toBe('secret: a 40-character secret');
    expect(describeBinding({ resolver: 'ipam' })?.summary).toBe(
      "ipam: an address from the wired network's subnet or the environment's pool",
    );
    expect(describeBinding({ resolver: 'ipam', allocate: 'gateway' })?.summary).toBe(
      "ipam: the gateway of the wired network's subnet or the environment's pool",
    );
    expect(describeBinding({ resolver: 'naming', output: 'domain' })?.summary).toBe("naming: the environment's DNS domain");
    expect(describeBinding('ipam')).toBeNull();
  });
});
