import { z } from 'zod';

/** Entity ids are opaque strings minted by the engine (UUIDs); bounded so hostile input stays small. */
export const EntityId = z.string().min(1).max(100);

/** Human names shown in lists and on the canvas. */
export const DisplayName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const Revision = z.number().int().nonnegative();

export const Timestamp = z.string().describe('ISO-8601 timestamp');

export const Empty = z.object({}).strict();
