import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { componentTypesDeclaration } from '../types/schema-to-typescript';
import { CODE_TEMPLATES, defaultTemplate, templatesFor } from './code-templates';

/** Type-checks a program with the SDKs installed in this repository, as the engine compiles it. */
function compileErrors(code: string, declarations: string): string[] {
  // Checked as if the file sat in this repository, so the SDKs resolve from its node_modules.
  const cwd = ts.sys.getCurrentDirectory();
  const root = `${cwd}/renderer/src/editor/templates/__check__`;
  const files: Record<string, string> = { [`${root}/index.ts`]: code, [`${root}/component-args.d.ts`]: declarations };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [`${cwd}/node_modules/@types`],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) =>
    name in files ? ts.createSourceFile(name, files[name]!, language) : getSourceFile(name, language);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}

describe('code templates', () => {
  it('bind resolvers only to inputs of their own contract', () => {
    for (const template of CODE_TEMPLATES) {
      const inputs = Object.keys(template.content.inputSchema['properties'] as object);
      for (const input of Object.keys(template.content.resolverBindings)) expect(inputs, template.id).toContain(input);
    }
  });

  it('offer the provider-specific ones first and pick one by semantic type', () => {
    expect(templatesFor('local').map((template) => template.id)).toEqual(['local-file', 'minimal']);
    expect(templatesFor('aws').map((template) => template.id)).toEqual(['minimal']);
    expect(defaultTemplate('proxmox', 'VirtualMachine').id).toBe('proxmox-vm');
    expect(defaultTemplate('proxmox', 'Subnet').id).toBe('minimal');
    expect(defaultTemplate('local', 'BlockStorage').id).toBe('local-file');
  });

  it.each(CODE_TEMPLATES.map((template) => [template.id, template] as const))(
    '%s compiles against the real SDKs',
    (_id, template) => {
      const declarations = componentTypesDeclaration({
        componentName: template.id,
        inputSchema: template.content.inputSchema,
        outputSchema: template.content.outputSchema,
      });
      expect(compileErrors(template.content.code, declarations)).toEqual([]);
    },
    60_000,
  );
});
