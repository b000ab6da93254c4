import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, NotFoundError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must start with a letter and use letters, digits or "-"');

const SemanticCatalogFileSchema = z
  .object({
    providers: z.array(Id).min(1),
    categories: z.array(z.object({ id: Id, name: z.string().min(1) }).strict()).min(1),
    types: z
      .array(
        z
          .object({
            id: Id,
            category: Id,
            description: z.string().min(1),
            providers: z.record(Id, z.string().min(1)),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type SemanticCatalogData = z.infer<typeof SemanticCatalogFileSchema>;
export type SemanticType = SemanticCatalogData['types'][number];
export type SemanticCategory = SemanticCatalogData['categories'][number];

/**
 * Provider-neutral resource kinds (VirtualMachine, Subnet, …) in categories, with each provider's
 * own name for them. Components declare one semantic type; the planner groups and filters by them.
 */
export class SemanticCatalog {
  private constructor(private readonly data: SemanticCatalogData) {}

  /** Validates references inside the catalog: every type's category and provider must be declared. */
  static fromData(raw: unknown, source = 'semantic catalog'): SemanticCatalog {
    const data = parseOrThrow(SemanticCatalogFileSchema, raw, source);
    const categories = new Set(data.categories.map((c) => c.id));
    const providers = new Set(data.providers);
    const seen = new Set<string>();
    data.types.forEach((type, index) => {
      if (seen.has(type.id)) throw new NimbusError('catalog_invalid', `${source}: types[${index}] repeats the type ${type.id}`, { index });
      seen.add(type.id);
      if (!categories.has(type.category)) {
        throw new NimbusError(
          'catalog_invalid',
          `${source}: types[${index}].category ${excerpt(type.category)} is not a declared category`,
          { index },
        );
      }
      const unknown = Object.keys(type.providers).find((provider) => !providers.has(provider));
      if (unknown)
        throw new NimbusError('catalog_invalid', `${source}: types[${index}].providers names the unknown provider ${unknown}`, { index });
    });
    return new SemanticCatalog(data);
  }

  static fromFile(file: string): SemanticCatalog {
    return SemanticCatalog.fromData(parseYaml(readFileSync(file, 'utf8')), file);
  }

  get providers(): readonly string[] {
    return this.data.providers;
  }

  get categories(): readonly SemanticCategory[] {
    return this.data.categories;
  }

  types(filter: { category?: string; provider?: string } = {}): SemanticType[] {
    return this.data.types.filter(
      (type) =>
        (filter.category === undefined || type.category === filter.category) &&
        (filter.provider === undefined || filter.provider in type.providers),
    );
  }

  type(id: string): SemanticType {
    const found = this.data.types.find((type) => type.id === id);
    if (!found) throw new NotFoundError('Semantic type', id);
    return found;
  }

  /** What `provider` calls `typeId`, or an error when the provider does not offer it. */
  providerName(typeId: string, provider: string): string {
    const name = this.type(typeId).providers[provider];
    if (!name)
      throw new NimbusError('catalog_unsupported', `Provider ${provider} has no mapping for ${typeId}`, { type: typeId, provider });
    return name;
  }
}
