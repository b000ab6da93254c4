import { describe, expect, it } from 'vitest';
import { describeDefaults, emptyDefaultRow, formatDefault, parseDefault, toComponentDefaults, toDefaultRows } from './template-defaults';

describe('template default parameters as rows', () => {
  it('reads JSON values as JSON and anything else as the text itself', () => {
    expect(parseDefault('8')).toBe(8);
    expect(parseDefault(' true ')).toBe(true);
    expect(parseDefault('["a", 1]')).toEqual(['a', 1]);
    expect(parseDefault('"8"')).toBe('8');
    expect(parseDefault('10.9.0.0/24')).toBe('10.9.0.0/24');
    expect(parseDefault('vmbr0')).toBe('vmbr0');
  });

  it('writes a string that would read as something else in quotes, so it reads back the same', () => {
    for (const value of ['8', 'true', 'null', 'vmbr0', '10.9.0.0/24', 8, false, { a: [1] }, ['x']])
      expect(parseDefault(formatDefault(value))).toEqual(value);
    expect(formatDefault('8')).toBe('"8"');
    expect(formatDefault('vmbr0')).toBe('vmbr0');
    expect(parseDefault(formatDefault(' padded '))).toBe(' padded ');
  });

  it('describes defaults in one line, values as the editor shows them', () => {
    expect(describeDefaults({ 'local-network': { cidr: '10.9.0.0/24', mtu: 1500 }, 'local-dns': { zone: '8' } })).toBe(
      'local-network: cidr=10.9.0.0/24, mtu=1500; local-dns: zone="8"',
    );
    expect(describeDefaults({})).toBe('');
  });

  it('round-trips defaults, and drops rows of a component that is no longer mandatory', () => {
    const defaults = { 'local-network': { cidr: '10.9.0.0/24', mtu: 1500 }, 'local-dns': { zone: 'lab' } };
    expect(toComponentDefaults(toDefaultRows(defaults), ['local-network', 'local-dns'])).toEqual({ ok: true, defaults });
    expect(toComponentDefaults(toDefaultRows(defaults), ['local-network'])).toEqual({
      ok: true,
      defaults: { 'local-network': defaults['local-network'] },
    });
  });

  it('names the component and row of an empty parameter, an empty value and a parameter given twice', () => {
    const rows = [
      { ...emptyDefaultRow('net'), parameter: 'cidr', text: '10.0.0.0/24' },
      { ...emptyDefaultRow('net'), parameter: '', text: '1' },
      { ...emptyDefaultRow('net'), parameter: 'mtu', text: ' ' },
      { ...emptyDefaultRow('net'), parameter: 'cidr', text: '10.1.0.0/24' },
    ];
    expect(toComponentDefaults(rows, ['net'])).toEqual({
      ok: false,
      problems: ['net, default 2: name the parameter.', 'net, default 3: give a value.', 'net, default 4: cidr is given twice.'],
    });
  });
});
