import type { ComponentSummary, SemanticCatalog } from '../../api/entities';
import { fuzzyScore } from '../../commands/palette/fuzzy-match';
import { groupPalette, type PaletteItem } from '../palette/palette-groups';

/**
 * What the "Add node" quick pick offers: exactly the palette's catalog (published components and
 * stacks, nothing typed by hand), in the palette's order. A query keeps the entries the palette's
 * search keeps (every word in the name, type, provider or description) and those whose name matches
 * it fuzzily (`lvm` finds `local-vm`); names that start with or contain the query come first.
 */
export function quickPickItems(components: readonly ComponentSummary[], catalog: SemanticCatalog | null, query: string): PaletteItem[] {
  const flatten = (search: string) =>
    groupPalette(components, catalog, search).flatMap((group) => group.categories.flatMap((category) => category.items));
  const all = flatten('');
  const q = query.trim().toLowerCase();
  if (q === '') return all;
  const byWords = new Set(flatten(query).map((item) => item.ref));
  const ranked = all.flatMap((item, index) => {
    const name = item.name.toLowerCase();
    const fuzzy = fuzzyScore(q, name);
    if (fuzzy === null && !byWords.has(item.ref)) return [];
    const rank = name.startsWith(q) ? 0 : name.includes(q) ? 1 : fuzzy !== null ? 2 : 3;
    return [{ item, index, rank, fuzzy: fuzzy ?? 0 }];
  });
  return ranked.sort((a, b) => a.rank - b.rank || b.fuzzy - a.fuzzy || a.index - b.index).map((entry) => entry.item);
}
