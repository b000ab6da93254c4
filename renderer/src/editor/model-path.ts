/**
 * Monaco model URI of a draft. The id keeps two drafts with the same name apart (a shared URI would
 * share one model and mix their code); the name keeps error messages readable.
 */
export function componentModelPath(id: string, name: string): string {
  const safeName = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'component';
  return `file:///components/${encodeURIComponent(id)}/${safeName}.ts`;
}
