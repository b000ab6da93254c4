import { z } from 'zod';

/** One change in the audit log, as the API shows it. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  tenant: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  requestId: z.string().nullable(),
  clientAddress: z.string().nullable(),
});

/** An audit entry. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const IsoTime = z.iso.datetime({ offset: true });

/** Which audit entries to read: every given field must match; newest first, a page at a time. */
export const AuditFilterSchema = z
  .object({
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(100).optional(),
    entity: z.string().min(1).max(100).optional(),
    entityId: z.string().min(1).max(200).optional(),
    since: IsoTime.optional(),
    until: IsoTime.optional(),
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
