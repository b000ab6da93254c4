import type { Plugin } from 'vite';

/**
 * The app runs offline and under a Content-Security-Policy that allows only its own files, so no
 * address of a public CDN may ship in the renderer bundle. `@monaco-editor/loader` carries a default
 * path on a public CDN (the first of {@link CDN_HOSTS}) that our configured loader (`loader.config({ monaco })`) never uses; this
 * plugin blanks that default, then fails the build if any CDN address is left in any output file.
 */
export const CDN_HOSTS = [
  'cdn.jsdelivr.net',
  'unpkg.com',
  'cdnjs.cloudflare.com',
  'esm.sh',
  'cdn.skypack.dev',
  'ajax.googleapis.com',
  'fonts.googleapis.com',
  'fonts.gstatic.com',
];

const CDN_ADDRESS = new RegExp(`(?:https?:)?//(?:${CDN_HOSTS.map((host) => host.replace(/\./g, '\\.')).join('|')})[^\\s'"\`)]*`, 'g');

/** Every CDN address in `text` (empty when there is none). */
export function findCdnAddresses(text: string): string[] {
  return [...new Set(text.match(CDN_ADDRESS) ?? [])];
}

/** The Monaco loader's default configuration without its CDN path (the loader is always given our bundled Monaco). */
export function stripLoaderCdn(id: string, code: string): string | null {
  if (!/[\\/]@monaco-editor[\\/]loader[\\/]/.test(id)) return null;
  const stripped = code.replace(CDN_ADDRESS, '');
  return stripped === code ? null : stripped;
}

/** The Vite plugin: strip the loader's default, then refuse a bundle that still names a CDN. */
export function noCdn(): Plugin {
  return {
    name: 'nimbus-no-cdn',
    enforce: 'pre',
    transform(code, id) {
      const stripped = stripLoaderCdn(id, code);
      return stripped === null ? null : { code: stripped, map: null };
    },
    generateBundle(_options, bundle) {
      const found: string[] = [];
      for (const [fileName, output] of Object.entries(bundle)) {
        const text =
          output.type === 'chunk'
            ? output.code
            : typeof output.source === 'string'
              ? output.source
              : Buffer.from(output.source).toString('latin1');
        for (const address of findCdnAddresses(text)) found.push(`${fileName}: ${address}`);
      }
      if (found.length > 0)
        this.error(
          `The renderer bundle must not load anything from a CDN (the app runs offline under a strict CSP), but it names:\n${found.join('\n')}`,
        );
    },
  };
}
