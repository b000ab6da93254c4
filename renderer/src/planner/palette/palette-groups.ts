import type { ComponentSummary, SemanticCatalog } from '../../api/entities';

/** One component the palette offers: its latest published version. */
export interface PaletteItem {
  name: string;
  /** `name@latestVersion`, what a new node references. */
  ref: string;
  version: number;
  provider: string;
  semanticType: string;
  /** What the provider calls the semantic type ("Supervised process"), if the catalog says. */
  typeName: string | null;
  description: string;
}

export interface PaletteCategory {
  id: string;
  name: string;
  items: PaletteItem[];
}

export interface PaletteGroup {
  provider: string;
  categories: PaletteCategory[];
  count: number;
}

const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The palette's content: published components only (a draft cannot be deployed), grouped by provider
 * in the catalog's provider order, then by semantic-type category in the catalog's category order,
 * items by semantic type and name. `search` keeps components where every word appears in the name,
 * description, semantic type, the provider's name for it, the provider or the category.
 */
export function groupPalette(components: readonly ComponentSummary[], catalog: SemanticCatalog | null, search = ''): PaletteGroup[] {
  const words = normalise(search).split(' ').filter(Boolean);
  const categoryNames = new Map((catalog?.categories ?? []).map((category) => [category.id, category.name] as const));
  const typeNames = new Map((catalog?.types ?? []).map((type) => [type.id, type.providers] as const));
  const items = components.flatMap((component): (PaletteItem & { category: string })[] => {
    if (component.latestVersion === null) return [];
    const typeName = typeNames.get(component.semanticType)?.[component.provider] ?? null;
    const categoryName = categoryNames.get(component.category) ?? (component.category === 'stacks' ? 'Stacks' : component.category);
    const haystack = normalise(
      [
        component.name,
        component.description,
        component.semanticType,
        typeName ?? '',
        component.provider,
        component.category,
        categoryName,
      ].join(' '),
    );
    if (!words.every((word) => haystack.includes(word))) return [];
    return [
      {
        name: component.name,
        ref: `${component.name}@${component.latestVersion}`,
        version: component.latestVersion,
        provider: component.provider,
        semanticType: component.semanticType,
        typeName,
        description: component.description,
        category: component.category,
      },
    ];
  });

  const order = (known: readonly string[]) => (a: string, b: string) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    return (ia === -1 ? known.length : ia) - (ib === -1 ? known.length : ib) || a.localeCompare(b);
  };
  const providers = [...new Set(items.map((item) => item.provider))].sort(order(catalog?.providers ?? []));
  const categoryOrder = order((catalog?.categories ?? []).map((category) => category.id));

  return providers.map((provider) => {
    const ofProvider = items.filter((item) => item.provider === provider);
    const categories = [...new Set(ofProvider.map((item) => item.category))].sort(categoryOrder).map((id) => ({
      id,
      name: categoryNames.get(id) ?? (id === 'stacks' ? 'Stacks' : id),
      items: ofProvider
        .filter((item) => item.category === id)
        .sort((a, b) => a.semanticType.localeCompare(b.semanticType) || a.name.localeCompare(b.name))
        .map(({ category: _category, ...item }) => item),
    }));
    return { provider, categories, count: ofProvider.length };
  });
}
