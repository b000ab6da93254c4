import { describe, expect, it } from 'vitest';
import { formatTopologyFile, parseTopologyFile } from './topology-file.js';

const yamlText = `kind: Topology
version: 1
name: Web tier
nodes:
  - id: net
    label: network
    component: local-network@1
    position: { x: 0, y: 0 }
  - id: vm
    label: web
    component: local-vm@1
    position: { x: 300, y: 0 }
wires:
  - id: w1
    source: { node: net, port: network_id }
    target: { node: vm, port: network_id }
`;

describe('topology files', () => {
  it('reads a node without a label as labelled by its id, and writes the label back', () => {
    const parsed = parseTopologyFile(
      'kind: Topology\nversion: 1\nname: t\nnodes:\n  - { id: disk-1, component: local-storage@1, position: { x: 0, y: 0 } }\nwires: []\n',
    );
    expect(parsed.document.nodes[0]!.label).toBe('disk-1');
    expect(parseTopologyFile(formatTopologyFile(parsed))).toEqual(parsed);
    expect(formatTopologyFile(parsed)).toContain('label: disk-1');
  });

  it('still refuses an empty label with its line', () => {
    expect(() =>
      parseTopologyFile(
        'kind: Topology\nversion: 1\nname: t\nnodes:\n  - id: a\n    label: "  "\n    component: local-storage@1\n    position: { x: 0, y: 0 }\nwires: []\n',
        'f.yaml',
      ),
    ).toThrow(/f\.yaml: line 6, nodes\[0\]\.label/);
  });

  it('round-trips YAML and JSON', () => {
    const parsed = parseTopologyFile(yamlText);
    expect(parsed.name).toBe('Web tier');
    expect(parsed.document.nodes.map((n) => n.id)).toEqual(['net', 'vm']);
    expect(formatTopologyFile(parsed)).toBe(
      yamlText
        .replace('position: { x: 0, y: 0 }', 'position:\n      x: 0\n      y: 0')
        .replace('position: { x: 300, y: 0 }', 'position:\n      x: 300\n      y: 0')
        .replace('source: { node: net, port: network_id }', 'source:\n      node: net\n      port: network_id')
        .replace('target: { node: vm, port: network_id }', 'target:\n      node: vm\n      port: network_id'),
    );
    const json = formatTopologyFile(parsed, 'json');
    expect(parseTopologyFile(json)).toEqual(parsed);
    expect(parseTopologyFile(formatTopologyFile(parsed))).toEqual(parsed);
  });

  it('keeps frames (compartments) through YAML and JSON, and refuses a duplicate frame id', () => {
    const framed = `${yamlText}frames:
  - { id: dmz, label: DMZ, position: { x: -20, y: -20 }, size: { width: 600, height: 300 } }
`;
    const parsed = parseTopologyFile(framed);
    expect(parsed.document.frames).toEqual([{ id: 'dmz', label: 'DMZ', position: { x: -20, y: -20 }, size: { width: 600, height: 300 } }]);
    expect(parseTopologyFile(formatTopologyFile(parsed))).toEqual(parsed);
    expect(parseTopologyFile(formatTopologyFile(parsed, 'json'))).toEqual(parsed);
    const twice = `${framed}  - { id: dmz, label: Again, position: { x: 0, y: 0 }, size: { width: 10, height: 10 } }\n`;
    expect(() => parseTopologyFile(twice)).toThrow('duplicate frame id "dmz"');
  });

  it('names the line and path of unknown fields and wrong types', () => {
    expect(() => parseTopologyFile(yamlText.replace('label: web', 'label: web\n    colour: red'), 'web.yaml')).toThrow(
      /web\.yaml: line 11, nodes\[1\]: Unrecognized key: "colour"/,
    );
    expect(() => parseTopologyFile(yamlText.replace('x: 300', 'x: far'), 'web.yaml')).toThrow(
      /line 12, nodes\[1\]\.position\.x: Invalid input: expected number/,
    );
  });

  it('names dangling wires and duplicate ids', () => {
    expect(() => parseTopologyFile(yamlText.replace('node: vm, port', 'node: vn, port'))).toThrow(
      /wires\[0\]\.target\.node: unknown node "vn"/,
    );
    expect(() => parseTopologyFile(yamlText.replace('- id: vm', '- id: net'))).toThrow(/nodes\[1\]\.id: duplicate node id "net"/);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(() => parseTopologyFile('kind: Topology\nname: [unclosed\n')).toThrow(/line \d+/);
    expect(() => parseTopologyFile('kind: Topology\nkind: Topology\n')).toThrow(/line 2/);
    expect(() => parseTopologyFile('')).toThrow(/expected object/);
  });
});
