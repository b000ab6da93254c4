import { z } from 'zod';
import { EntityId } from './common.js';
import { TopologyDocumentSchema } from './topology.js';

/** Where publishing a landing zone's system services stands. */
export const LandingZonePublishStatusSchema = z.enum(['draft', 'publishing', 'published', 'failed']);

/**
 * A landing zone's system services and their publication: the topology deployed into the zone's
 * system environment, its revision, the revision last published (changes wait for the next publish),
 * and the job publishing now or last.
 */
export const LandingZoneBootstrapSchema = z.object({
  landingZone: z.string(),
  provider: z.string(),
  status: LandingZonePublishStatusSchema,
  statusReason: z.string().nullable(),
  services: TopologyDocumentSchema,
  servicesRevision: z.number().int().nonnegative(),
  publishedRevision: z.number().int().nonnegative().nullable(),
  /** Whether the services changed since the last successful publish (or were never published). */
  unpublishedChanges: z.boolean(),
  /** The environment the system services deploy into (`<zone>-system`), once the zone was first published. */
  systemEnvironment: z.string().nullable(),
  jobId: EntityId.nullable(),
});
export type LandingZoneBootstrap = z.infer<typeof LandingZoneBootstrapSchema>;

export const SetLandingZoneServicesInputSchema = z
  .object({
    landingZone: z.string().min(1).max(200),
    /** A topology document (the format the planner uses), checked like one; or `text`. */
    document: z.unknown().optional(),
    /** A topology file's text (YAML or JSON, `kind: Topology`), as `nimbus validate` reads it. */
    text: z
      .string()
      .max(16 * 1024 * 1024)
      .optional(),
  })
  .strict();

export const EnvironmentRefSchema = z.object({ environment: z.string().min(1).max(200) }).strict();
