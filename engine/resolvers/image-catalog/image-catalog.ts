import { z } from 'zod';
import { parseOrThrow } from '../../api/validate.js';
import { NimbusError } from '../../errors.js';
import { readUserFile } from '../../files/read-user-file.js';
import { parseUserYaml } from '../../files/yaml-source.js';

export const ImageEntrySchema = z
  .object({
    provider: z.string().min(1),
    osFamily: z.string().min(1),
    osVersion: z.string().min(1),
    arch: z.enum(['amd64', 'arm64']),
    /** A VM boots a disk image; a container starts from a template. */
    kind: z.enum(['disk-image', 'container-template']),
    imageId: z.string().min(1),
    name: z.string().min(1),
  })
  .strict();
export type ImageEntry = z.infer<typeof ImageEntrySchema>;

const ImageFileSchema = z.object({ images: z.array(ImageEntrySchema) }).strict();

export type ImageQuery = Pick<ImageEntry, 'provider' | 'osFamily' | 'osVersion'> & { arch?: ImageEntry['arch']; kind?: ImageEntry['kind'] };

export class UnknownImageError extends NimbusError {
  override name = 'UnknownImageError';
}

/** Loads and validates an image catalog file (YAML); errors name the entry and field. */
export function loadImageCatalogFile(file: string): ImageEntry[] {
  return parseOrThrow(ImageFileSchema, parseUserYaml(readUserFile(file), file), `image catalog ${file}`).images;
}

/**
 * The image_catalog resolver: (provider, os family, os version, architecture) → image id and name.
 * An unknown combination is an error that lists what the provider does offer, so the fix is obvious.
 */
export class ImageCatalog {
  constructor(private readonly entries: readonly ImageEntry[]) {
    const seen = new Set<string>();
    for (const entry of entries) {
      const key = [entry.provider, entry.osFamily, entry.osVersion, entry.arch, entry.kind].join('/');
      if (seen.has(key)) throw new NimbusError('image_catalog_duplicate', `The image catalog lists ${key} twice`, { key });
      seen.add(key);
    }
  }

  resolve(query: ImageQuery): ImageEntry {
    const arch = query.arch ?? 'amd64';
    const kind = query.kind ?? 'disk-image';
    const found = this.entries.find(
      (entry) =>
        entry.provider === query.provider &&
        entry.osFamily === query.osFamily.toLowerCase() &&
        entry.osVersion === query.osVersion &&
        entry.arch === arch &&
        entry.kind === kind,
    );
    if (found) return found;
    const offered = this.entries
      .filter((entry) => entry.provider === query.provider && entry.kind === kind)
      .map((entry) => `${entry.osFamily} ${entry.osVersion} (${entry.arch})`);
    const wanted = `${kind} ${query.osFamily} ${query.osVersion} (${arch})`;
    throw new UnknownImageError(
      'image_unknown',
      offered.length
        ? `No ${query.provider} ${wanted}. Available: ${offered.join(', ')}`
        : `The image catalog has no ${kind} images for provider ${query.provider}`,
      { query: { ...query, arch, kind }, available: offered },
    );
  }

  list(provider?: string): ImageEntry[] {
    return this.entries.filter((entry) => provider === undefined || entry.provider === provider);
  }
}
