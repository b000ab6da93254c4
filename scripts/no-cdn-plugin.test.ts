import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findCdnAddresses, noCdn, stripLoaderCdn } from './no-cdn-plugin.js';

const require = createRequire(import.meta.url);

describe('no CDN in the renderer bundle', () => {
  it('finds CDN addresses, with or without a scheme', () => {
    expect(findCdnAddresses("paths: { vs: 'https://cdn.jsdelivr.net/npm/monaco-editor@0.55.1/min/vs' }")).toEqual([
      'https://cdn.jsdelivr.net/npm/monaco-editor@0.55.1/min/vs',
    ]);
    expect(findCdnAddresses('src="//unpkg.com/react@19"')).toEqual(['//unpkg.com/react@19']);
    expect(findCdnAddresses('see https://github.com/microsoft/monaco-editor')).toEqual([]);
  });

  it("blanks the Monaco loader's default CDN path and nothing else", () => {
    const file = require.resolve('@monaco-editor/loader').replace(/lib[\\/]cjs[\\/].*$/, 'lib/es/config/index.js');
    const code = readFileSync(file, 'utf8');
    expect(findCdnAddresses(code)).not.toEqual([]);
    const stripped = stripLoaderCdn(file, code);
    expect(stripped).not.toBeNull();
    expect(findCdnAddresses(stripped!)).toEqual([]);
    expect(stripLoaderCdn('/app/renderer/src/main.tsx', code)).toBeNull();
  });

  it('fails the build when an output file still names a CDN', () => {
    const plugin = noCdn();
    const errors: string[] = [];
    const context = { error: (message: string) => errors.push(message) };
    const generate = plugin.generateBundle as unknown as (this: typeof context, options: unknown, bundle: Record<string, unknown>) => void;
    generate.call(
      context,
      {},
      { 'assets/ok.js': { type: 'chunk', code: 'ok' }, 'assets/bad.js': { type: 'chunk', code: '"https://cdn.jsdelivr.net/npm/x"' } },
    );
    expect(errors).toEqual([expect.stringContaining('assets/bad.js: https://cdn.jsdelivr.net/npm/x')]);
  });
});
