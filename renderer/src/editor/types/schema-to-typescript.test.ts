import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { componentTypesDeclaration, docComment, interfaceDeclaration, propertyKey, typeOf } from './schema-to-typescript';

const vmInputs = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', description: 'Host name of the machine', format: 'hostname' },
    cores: { type: 'integer', default: 2, minimum: 1 },
    memory_gb: { type: 'number' },
    os: { type: 'string', enum: ['debian', 'ubuntu'] },
    tags: { type: 'array', items: { type: 'string' } },
    disk: { type: 'object', required: ['size'], properties: { size: { type: 'integer' }, ssd: { type: 'boolean' } } },
  },
};

/** Type-checks `program` against the declarations with the real compiler; returns the error messages. */
function typeErrors(declarations: string, program: string): string[] {
  const files: Record<string, string> = { '/types.d.ts': declarations, '/program.ts': program };
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) =>
    name in files ? ts.createSourceFile(name, files[name]!, language) : getSourceFile(name, language);
  const compiled = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(compiled).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('typeOf', () => {
  it('maps integer and number to number, and the other primitives to themselves', () => {
    expect(typeOf({ type: 'integer' })).toBe('number');
    expect(typeOf({ type: 'number' })).toBe('number');
    expect(typeOf({ type: 'string' })).toBe('string');
    expect(typeOf({ type: 'boolean' })).toBe('boolean');
    expect(typeOf({ type: ['string', 'null'] })).toBe('string | null');
  });

  it('turns enums and constants into unions of literals', () => {
    expect(typeOf({ type: 'string', enum: ['a', "it's", 'c'] })).toBe("'a' | 'it\\'s' | 'c'");
    expect(typeOf({ enum: [1, 2, null] })).toBe('1 | 2 | null');
    expect(typeOf({ const: true })).toBe('true');
  });

  it('types arrays by their items, with parentheses around unions', () => {
    expect(typeOf({ type: 'array', items: { type: 'integer' } })).toBe('number[]');
    expect(typeOf({ type: 'array', items: { enum: ['x', 'y'] } })).toBe("('x' | 'y')[]");
    expect(typeOf({ type: 'array' })).toBe('unknown[]');
  });

  it('types objects by their properties, maps and unknown shapes', () => {
    expect(typeOf({ type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'number' } } })).toBe(
      '{\n  a: string;\n  b?: number;\n}',
    );
    expect(typeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('Record<string, string>');
    expect(typeOf({ type: 'object' })).toBe('Record<string, unknown>');
    expect(typeOf({})).toBe('unknown');
    expect(typeOf({ $ref: '#/$defs/x' })).toBe('unknown');
  });

  it('joins oneOf/anyOf as unions and allOf as intersections', () => {
    expect(typeOf({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toBe('string | number');
    expect(typeOf({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
    expect(typeOf({ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, {}] })).toBe('{\n  a?: string;\n}');
  });
});

describe('declarations', () => {
  it('quotes keys that are not identifiers', () => {
    expect(propertyKey('cores')).toBe('cores');
    expect(propertyKey('disk-size')).toBe('"disk-size"');
    expect(propertyKey('2x')).toBe('"2x"');
  });

  it('makes required properties non-optional and the rest optional', () => {
    const text = interfaceDeclaration('ComponentArgs', vmInputs);
    expect(text).toContain('  name: string;');
    expect(text).toContain('  cores?: number;');
    expect(text).toContain('  memory_gb?: number;');
    expect(text).toContain("  os?: 'debian' | 'ubuntu';");
    expect(text).toContain('  tags?: string[];');
    expect(text).toContain('  disk?: {\n    /** @integer */\n    size: number;\n    ssd?: boolean;\n  };');
  });

  it('turns descriptions, formats, bounds and defaults into JSDoc', () => {
    const text = interfaceDeclaration('ComponentArgs', vmInputs);
    expect(text).toContain('  /**\n   * Host name of the machine\n   * @format hostname\n   */\n  name: string;');
    expect(text).toContain('   * @integer\n   * @minimum 1\n   * @default 2\n');
    expect(docComment({ description: 'ends here */ not' }, '')).toBe('/** ends here *\\/ not */\n');
    expect(docComment({ type: 'string' }, '')).toBe('');
  });

  it('declares an empty interface for a contract without properties', () => {
    expect(interfaceDeclaration('ComponentOutputs', { type: 'object' })).toBe('interface ComponentOutputs {}\n');
  });

  it('lets a program read args.<input> and rejects a property the contract does not have', () => {
    const declarations = componentTypesDeclaration({
      componentName: 'vm',
      inputSchema: vmInputs,
      outputSchema: { type: 'object', properties: { ip: { type: 'string' } } },
    });
    expect(
      typeErrors(
        declarations,
        'export const total: number = args.cores ?? 1;\nexport const host: string = args.name;\nexport const size: number | undefined = args.disk?.size;\n',
      ),
    ).toEqual([]);
    const errors = typeErrors(declarations, 'export const wrong = args.coers;\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Property 'coers' does not exist on type 'Readonly<ComponentArgs>'");
    expect(
      typeErrors(declarations, "export const os: 'debian' | 'ubuntu' | undefined = args.os;\nexport const bad: 'fedora' = args.os!;\n")[0],
    ).toContain('is not assignable to type \'"fedora"\'');
    expect(typeErrors(declarations, 'args.cores = 3;\n')[0]).toContain('read-only');
  });
});
