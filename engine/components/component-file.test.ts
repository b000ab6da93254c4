import { describe, expect, it } from 'vitest';
import { formatComponentFile, parseComponentFile, type ComponentFile } from './component-file.js';

const file: ComponentFile = {
  name: 'web-box',
  provider: 'local',
  semanticType: 'Container',
  shared: false,
  content: {
    description: 'A web box: "quoted", with a colon: and unicode ✓',
    code: 'import * as pulumi from "@pulumi/pulumi";\n\n// trailing spaces   \n\texport const url = `http://${args.name}`;\n',
    inputSchema: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', pattern: '^[a-z]+$' }, ip: { type: 'string', format: 'ipv4' }, token: { type: 'string' } },
    },
    outputSchema: { type: 'object', properties: { url: { type: 'string' } } },
    resolverBindings: { name: { resolver: 'naming' }, ip: { resolver: 'ipam', allocate: 'address' } },
    secretInputs: ['token'],
    upgrade: { renameInputs: { host: 'name' }, removeInputs: [], setInputs: {} },
  },
};

describe('component files', () => {
  it('round-trip: format → parse → format is identical, and the content comes back equal', () => {
    const text = formatComponentFile(file);
    const parsed = parseComponentFile(text);
    expect(parsed).toEqual(file);
    expect(formatComponentFile(parsed)).toBe(text);
    expect(text).toMatch(/^kind: Component\nversion: 1\nname: web-box\n/);
    expect(text).toContain('code: |');
  });

  it('names the line of a contract that is not a JSON Schema', () => {
    const text = formatComponentFile(file).replace('format: ipv4', 'format: 42');
    const line = text.split('\n').findIndex((l) => l.includes('format: 42')) + 1;
    expect(() => parseComponentFile(text, 'box.yaml')).toThrow(
      new RegExp(`box\\.yaml: line ${line}, inputSchema\\.properties\\.ip\\.format: not a valid JSON Schema`),
    );
  });

  it('names the line of a binding to an input the contract lacks, of an unknown secret input, and of a bad field', () => {
    const binding = formatComponentFile({
      ...file,
      content: { ...file.content, resolverBindings: { ...file.content.resolverBindings, nope: { resolver: 'naming' } } },
    });
    // The line of the binding's body (the first line under `nope:`).
    const bindingLine = binding.split('\n').findIndex((l) => l.trim() === 'nope:') + 2;
    expect(() => parseComponentFile(binding, 'b.yaml')).toThrow(
      new RegExp(`b\\.yaml: line ${bindingLine}, resolverBindings\\.nope: the input_schema has no property "nope"`),
    );
    const secret = formatComponentFile({ ...file, content: { ...file.content, secretInputs: ['token', 'ghost'] } });
    expect(() => parseComponentFile(secret, 's.yaml')).toThrow(/s\.yaml: line \d+, secretInputs\[1\]: ghost is not an input/);
    expect(() =>
      parseComponentFile(formatComponentFile(file).replace('provider: local', 'provider: local\ncolour: red'), 'c.yaml'),
    ).toThrow(/c\.yaml: line 5, \(root\): Unrecognized key: "colour"/);
  });

  it('refuses empty, non-YAML and wrong-kind files with a reason', () => {
    expect(() => parseComponentFile('', 'e.yaml')).toThrow(/e\.yaml: \(root\)/);
    expect(() => parseComponentFile('kind: Component\nname: [\n', 'x.yaml')).toThrow(/x\.yaml: line \d+/);
    expect(() => parseComponentFile(formatComponentFile(file).replace('kind: Component', 'kind: Topology'), 'k.yaml')).toThrow(
      /k\.yaml: line 1, kind/,
    );
  });
});
