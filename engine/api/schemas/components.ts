import { z } from 'zod';
import { DisplayName, EntityId, Revision, Timestamp } from './common.js';

/** Component programs are source files; 1 MiB is far beyond any real one and bounds hostile input. */
export const MAX_COMPONENT_CODE_BYTES = 1024 * 1024;

export const ComponentCode = z
  .string()
  .refine((code) => new TextEncoder().encode(code).byteLength <= MAX_COMPONENT_CODE_BYTES, 'must be at most 1 MiB');

export const ComponentDraftSummarySchema = z.object({
  id: EntityId,
  name: DisplayName,
  language: z.literal('typescript'),
  revision: Revision,
  updatedAt: Timestamp,
});
export type ComponentDraftSummary = z.infer<typeof ComponentDraftSummarySchema>;

export const ComponentDraftSchema = ComponentDraftSummarySchema.extend({
  code: z.string(),
  createdAt: Timestamp,
});
export type ComponentDraft = z.infer<typeof ComponentDraftSchema>;
