const safe = (name: string) =>
  name
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'component';

/**
 * Monaco model URI of a component's program: the draft, or a published version (read-only). Each has
 * its own model, so a version never shares text (or undo history) with the draft.
 */
export function componentModelPath(name: string, version: number | 'draft' = 'draft'): string {
  const folder = version === 'draft' ? 'draft' : `v${version}`;
  return `file:///components/${encodeURIComponent(name)}/${folder}/${safe(name)}.ts`;
}

/** Monaco model URI of a contract in the JSON view (matched by the contract meta-schema). */
export function contractModelPath(name: string, which: 'inputs' | 'outputs', version: number | 'draft' = 'draft'): string {
  const folder = version === 'draft' ? 'draft' : `v${version}`;
  return `file:///components/${encodeURIComponent(name)}/${folder}/${which}.contract.json`;
}
