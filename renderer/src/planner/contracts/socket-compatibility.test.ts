import { describe, expect, it } from 'vitest';
import { referenceOf } from '../../../../engine/common/wire-compatibility';
import { portSpecsFromSchema, untypedPort, type PortSpec } from './port-spec';
import { wireRefusal } from './socket-compatibility';

const port = (key: string, types: string[], format: string | null = null): PortSpec => ({
  key,
  types,
  format,
  reference: referenceOf(key),
  description: null,
});

describe('wireRefusal', () => {
  it('lets a reference into an input referring to the same kind', () => {
    expect(wireRefusal(port('network_id', ['string']), port('network_id', ['string']))).toBeNull();
    expect(wireRefusal(port('network_id', ['string']), port('primary_network_id', ['string']))).toBeNull();
  });

  it('refuses a reference into a different reference or into a plain input, and a plain output into a reference', () => {
    expect(wireRefusal(port('machine_id', ['string']), port('network_id', ['string']))).toMatch(
      /machine_id refers to a machine, but network_id expects a network/,
    );
    expect(wireRefusal(port('network_id', ['string']), port('hostname', ['string']))).toMatch(
      /network_id is a network reference; hostname takes no reference/,
    );
    expect(wireRefusal(port('name', ['string']), port('network_id', ['string']))).toMatch(/network_id takes a network reference/);
  });

  it('checks JSON types, widening integer to number like the engine', () => {
    expect(wireRefusal(port('name', ['string']), port('hostname', ['string'], 'hostname'))).toBeNull();
    expect(wireRefusal(port('size_mb', ['integer']), port('ratio', ['number']))).toBeNull();
    expect(wireRefusal(port('ratio', ['number']), port('cores', ['integer']))).toMatch(
      /type mismatch: ratio is number, but cores expects integer/,
    );
    expect(wireRefusal(port('pid', ['integer']), port('hostname', ['string']))).toMatch(/type mismatch/);
    expect(wireRefusal(port('anything', []), port('cores', ['integer']))).toBeNull();
    expect(wireRefusal(port('value', ['string', 'null']), port('label', ['null']))).toBeNull();
  });

  it('refuses different formats when both sides declare one', () => {
    expect(wireRefusal(port('ip_address', ['string'], 'ipv4'), port('ip_address', ['string'], 'ipv4'))).toBeNull();
    expect(wireRefusal(port('ip_address', ['string'], 'ipv4'), port('hostname', ['string'], 'hostname'))).toMatch(
      /format mismatch: ip_address is ipv4, but hostname expects hostname/,
    );
    expect(wireRefusal(port('endpoint', ['string']), port('ip_address', ['string'], 'ipv4'))).toBeNull();
  });

  it('accepts anything on a port without a contract', () => {
    expect(wireRefusal(untypedPort('out'), port('network_id', ['string']))).toBeNull();
    expect(wireRefusal(port('pid', ['integer']), untypedPort('in'))).toBeNull();
  });
});

describe('portSpecsFromSchema', () => {
  it('lists properties in order with types, format and reference', () => {
    const specs = portSpecsFromSchema({
      type: 'object',
      properties: { network_id: { type: 'string', description: 'Joins' }, ip_address: { type: 'string', format: 'ipv4' }, anything: {} },
    });
    expect(specs).toEqual([
      { key: 'network_id', types: ['string'], format: null, reference: 'network', description: 'Joins' },
      { key: 'ip_address', types: ['string'], format: 'ipv4', reference: null, description: null },
      { key: 'anything', types: [], format: null, reference: null, description: null },
    ]);
    expect(portSpecsFromSchema({})).toEqual([]);
  });
});
