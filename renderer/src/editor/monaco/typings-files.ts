/**
 * Where the editor puts the SDK declarations the engine sends (`getEditorTypings`): under
 * `file:///node_modules/…`, so `import * as pulumi from '@pulumi/pulumi'` resolves the way Node
 * resolves it. Pure, so the path rules are tested without Monaco.
 */

export interface TypingsFile {
  path: string;
  content: string;
}

/** The URI of a declaration file: paths may come as `@pulumi/pulumi/x.d.ts`, `node_modules/…`, `/node_modules/…` or `file:///…`. */
export function typingsUri(path: string): string {
  if (path.startsWith('file:///')) return path;
  const relative = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  const index = relative.lastIndexOf('node_modules/');
  return index >= 0 ? `file:///${relative.slice(index)}` : `file:///node_modules/${relative}`;
}

const DECLARATION = /\.d\.(ts|mts|cts)$/;

/** The package folder of a URI under node_modules (`file:///node_modules/@scope/name`), or null. */
export function packageRoot(uri: string): string | null {
  const match = /^(file:\/\/\/(?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(uri);
  return match?.[1] ?? null;
}

/** The package name of a URI under node_modules (`@pulumi/pulumi`), or null. */
export function packageName(uri: string): string | null {
  const root = packageRoot(uri);
  return root ? root.slice(root.lastIndexOf('node_modules/') + 'node_modules/'.length) : null;
}

/**
 * The extra libraries to register: every declaration file at its URI, and for a package whose
 * `package.json` points its types somewhere other than `index.d.ts`, an `index.d.ts` that re-exports
 * them (package.json itself is not a script the TypeScript worker should parse).
 */
export function typingsLibraries(files: readonly TypingsFile[]): { uri: string; content: string }[] {
  const libraries = new Map<string, string>();
  const manifests: { root: string; content: string }[] = [];
  for (const file of files) {
    const uri = typingsUri(file.path);
    if (DECLARATION.test(uri)) libraries.set(uri, file.content);
    else if (uri.endsWith('/package.json')) manifests.push({ root: uri.slice(0, -'/package.json'.length), content: file.content });
  }
  for (const { root, content } of manifests) {
    const index = `${root}/index.d.ts`;
    if (libraries.has(index)) continue;
    let types: unknown;
    try {
      const manifest = JSON.parse(content) as Record<string, unknown>;
      types = manifest['types'] ?? manifest['typings'];
    } catch {
      continue;
    }
    if (typeof types !== 'string') continue;
    const target = `${root}/${types.replace(/^\.\//, '')}`;
    if (!libraries.has(target)) continue;
    const specifier = `./${types.replace(/^\.\//, '').replace(DECLARATION, '')}`;
    libraries.set(index, `export * from '${specifier}';\n`);
  }
  return [...libraries].map(([uri, content]) => ({ uri, content }));
}

/** The packages the files declare, for the status line ("@pulumi/pulumi, @muhlba91/pulumi-proxmoxve"). */
export function declaredPackages(files: readonly TypingsFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const name = packageName(typingsUri(file.path));
    if (name) names.add(name);
  }
  return [...names].sort();
}
