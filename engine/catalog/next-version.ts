import { NimbusError } from '../errors.js';

/** What a publish stores beside the id of what it publishes (a component or a stack). */
export interface PublishedVersionFields {
  version: number;
  definition: unknown;
  changelog: string;
  publishedAt: string;
  publishedBy: string;
}

/**
 * The next immutable version of a draft: one past the latest, or refused (`nothing_to_publish`)
 * when the draft is the latest version unchanged. Components and stacks publish the same way.
 */
export function nextVersion(
  name: string,
  draft: unknown,
  latest: { version: number; definition: unknown } | undefined,
  changelog: string,
  actor: string,
): PublishedVersionFields {
  if (latest && JSON.stringify(latest.definition) === JSON.stringify(draft)) {
    throw new NimbusError(
      'nothing_to_publish',
      `The draft of ${name} is the same as version ${latest.version}; change it before publishing`,
      {
        name,
      },
    );
  }
  return {
    version: (latest?.version ?? 0) + 1,
    definition: draft,
    changelog,
    publishedAt: new Date().toISOString(),
    publishedBy: actor,
  };
}
