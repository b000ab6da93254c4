import { describe, expect, it } from 'vitest';
import { declaredPackages, packageName, typingsLibraries, typingsUri } from './typings-files';

describe('SDK declaration paths', () => {
  it('puts every form of path under file:///node_modules', () => {
    expect(typingsUri('@pulumi/pulumi/index.d.ts')).toBe('file:///node_modules/@pulumi/pulumi/index.d.ts');
    expect(typingsUri('node_modules/@pulumi/pulumi/config.d.ts')).toBe('file:///node_modules/@pulumi/pulumi/config.d.ts');
    expect(typingsUri('/node_modules/@pulumi/pulumi/x.d.ts')).toBe('file:///node_modules/@pulumi/pulumi/x.d.ts');
    expect(typingsUri('/opt/app/node_modules/@pulumi/pulumi/x.d.ts')).toBe('file:///node_modules/@pulumi/pulumi/x.d.ts');
    expect(typingsUri('file:///node_modules/a/index.d.ts')).toBe('file:///node_modules/a/index.d.ts');
    expect(typingsUri('C:\\app\\node_modules\\a\\index.d.ts')).toBe('file:///node_modules/a/index.d.ts');
  });

  it('names the package of a file', () => {
    expect(packageName('file:///node_modules/@pulumi/pulumi/runtime/index.d.ts')).toBe('@pulumi/pulumi');
    expect(packageName('file:///node_modules/yaml/dist/index.d.ts')).toBe('yaml');
    expect(packageName('file:///elsewhere/x.d.ts')).toBeNull();
  });

  it('registers declarations only, and re-exports types that package.json points elsewhere', () => {
    const libraries = typingsLibraries([
      { path: '@pulumi/pulumi/index.d.ts', content: 'export * from "./config";' },
      { path: '@pulumi/pulumi/package.json', content: '{"types": "index.d.ts"}' },
      { path: 'sdk/package.json', content: '{"types": "./bin/index.d.ts"}' },
      { path: 'sdk/bin/index.d.ts', content: 'export declare const x: number;' },
      { path: 'sdk/README.md', content: '# no' },
    ]);
    expect(libraries).toEqual([
      { uri: 'file:///node_modules/@pulumi/pulumi/index.d.ts', content: 'export * from "./config";' },
      { uri: 'file:///node_modules/sdk/bin/index.d.ts', content: 'export declare const x: number;' },
      { uri: 'file:///node_modules/sdk/index.d.ts', content: "export * from './bin/index';\n" },
    ]);
  });

  it('lists the packages declared', () => {
    expect(
      declaredPackages([
        { path: '@pulumi/pulumi/a.d.ts', content: '' },
        { path: '@muhlba91/pulumi-proxmoxve/b.d.ts', content: '' },
        { path: '@pulumi/pulumi/c.d.ts', content: '' },
      ]),
    ).toEqual(['@muhlba91/pulumi-proxmoxve', '@pulumi/pulumi']);
  });
});
