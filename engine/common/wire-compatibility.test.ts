import { describe, expect, it } from 'vitest';
import { declaredFormat, declaredTypes, referenceOf, wireMismatch, type WireEnd } from './wire-compatibility.js';

const end = (label: string, types: string[] | null, format: string | null = null): WireEnd => ({
  label,
  types,
  format,
  reference: referenceOf(label),
});

describe('referenceOf', () => {
  it('reads the kind before a trailing _id, in any case', () => {
    expect(referenceOf('network_id')).toBe('network');
    expect(referenceOf('primary_network_id')).toBe('network');
    expect(referenceOf('machine_id')).toBe('machine');
    expect(referenceOf('Machine_ID')).toBe('machine');
    expect(referenceOf('id')).toBeNull();
    expect(referenceOf('pid')).toBeNull();
    expect(referenceOf('name')).toBeNull();
    expect(referenceOf('_id')).toBeNull();
    expect(referenceOf('network_id_copy')).toBeNull();
  });
});

describe('declared types and format', () => {
  it('reads a type, a list of types, or none, from a property schema of any shape', () => {
    expect(declaredTypes({ type: 'integer' })).toEqual(['integer']);
    expect(declaredTypes({ type: ['string', 'null', 7] })).toEqual(['string', 'null']);
    expect(declaredTypes({})).toEqual([]);
    expect(declaredTypes(true)).toEqual([]);
    expect(declaredTypes(['string'])).toEqual([]);
    expect(declaredTypes(null)).toEqual([]);
    expect(declaredFormat({ type: 'string', format: 'ipv4' })).toBe('ipv4');
    expect(declaredFormat({ format: 4 })).toBeNull();
    expect(declaredFormat(undefined)).toBeNull();
  });
});

describe('wireMismatch', () => {
  it('names both ends by their labels, as the engine and the planner word them', () => {
    const output = { label: 'local-network@1 output network_id', types: ['string'], format: null, reference: 'network' };
    const input = { label: 'local-vm@1 input hostname', types: ['string'], format: null, reference: null };
    expect(wireMismatch(output, input)).toBe(
      'local-network@1 output network_id is a network reference; local-vm@1 input hostname takes no reference',
    );
  });

  it('keeps references to their kind, both ways', () => {
    expect(wireMismatch(end('network_id', ['string']), end('primary_network_id', ['string']))).toBeNull();
    expect(wireMismatch(end('machine_id', ['string']), end('network_id', ['string']))).toBe(
      'machine_id refers to a machine, but network_id expects a network',
    );
    expect(wireMismatch(end('name', ['string']), end('network_id', ['string']))).toBe(
      'network_id takes a network reference (an output named …network_id); name is not one',
    );
  });

  it('checks JSON types, an integer counting as a number but not the other way round', () => {
    expect(wireMismatch(end('size', ['integer']), end('ratio', ['number']))).toBeNull();
    expect(wireMismatch(end('ratio', ['number']), end('cores', ['integer']))).toBe(
      'type mismatch: ratio is number, but cores expects integer',
    );
    expect(wireMismatch(end('value', ['string', 'null']), end('label', ['null']))).toBeNull();
    expect(wireMismatch(end('anything', []), end('cores', ['integer']))).toBeNull();
    expect(wireMismatch(end('cores', ['integer']), end('anything', []))).toBeNull();
  });

  it('refuses different formats only when both ends declare one', () => {
    expect(wireMismatch(end('gateway', ['string'], 'ipv4'), end('hostname', ['string'], 'hostname'))).toBe(
      'format mismatch: gateway is ipv4, but hostname expects hostname',
    );
    expect(wireMismatch(end('gateway', ['string'], 'ipv4'), end('address', ['string']))).toBeNull();
    expect(wireMismatch(end('label', ['string']), end('address', ['string'], 'ipv4'))).toBeNull();
  });

  it('lets anything through an end without a contract, even a reference', () => {
    expect(wireMismatch(end('out', null), end('network_id', ['string']))).toBeNull();
    expect(wireMismatch(end('network_id', ['string']), end('in', null))).toBeNull();
  });

  it('reports a reference mismatch before a type mismatch', () => {
    expect(wireMismatch(end('network_id', ['string']), end('cores', ['integer']))).toMatch(/takes no reference/);
  });
});
