/** Edits and deletes of landing zones, environment templates, environments and IPAM pools as the API declares them. */
import { z } from 'zod';
import { ComponentDefaultsOutputSchema, EnvironmentSchema, IpamPoolSchema, LandingZoneSchema } from './catalog.js';
import { EntityId } from './common.js';

const Ref = z.string().min(1).max(200);
const Name = z.string().max(200);
/** An `updatedAt` the edit was made from: the edit is refused (`revision_conflict`) when the record moved on. */
const ExpectedUpdatedAt = z.string().min(1).max(100).optional();

/** What a delete removed. */
export const RemovedSchema = z.object({ id: EntityId, name: z.string() });

export const EnvironmentTemplateSchema = z.object({
  id: EntityId,
  name: z.string(),
  mandatoryComponents: z.array(z.string()),
  resolverOverrides: z.unknown(),
  componentDefaults: ComponentDefaultsOutputSchema,
});

export const UpdateLandingZoneInputSchema = z
  .object({
    landingZone: Ref,
    name: Name.optional(),
    description: z.string().max(2000).optional(),
    resolverConfig: z.unknown().optional(),
    expectedUpdatedAt: ExpectedUpdatedAt,
  })
  .strict();

export const UpdateEnvironmentTemplateInputSchema = z
  .object({
    landingZone: Ref,
    template: Ref,
    name: Name.optional(),
    mandatoryComponents: z.array(z.string()).max(500).optional(),
    componentDefaults: z.unknown().optional(),
    resolverOverrides: z.unknown().optional(),
  })
  .strict();

export const UpdateEnvironmentInputSchema = z
  .object({ environment: Ref, name: Name.optional(), resolverOverrides: z.unknown().optional(), expectedUpdatedAt: ExpectedUpdatedAt })
  .strict();

export const UpdateIpamPoolInputSchema = z.object({ pool: Ref, scope: z.string().max(200).optional(), name: Name }).strict();

/** The methods, spread into the contract. */
export const LANDING_ZONE_EDIT_METHODS = {
  updateLandingZone: {
    input: UpdateLandingZoneInputSchema,
    output: LandingZoneSchema,
    summary: 'Rename a landing zone or change its description or resolver configuration',
  },
  deleteLandingZone: {
    input: z.object({ landingZone: Ref }).strict(),
    output: RemovedSchema,
    summary: 'Delete a landing zone and its templates (refused while it has environments)',
  },
  updateEnvironmentTemplate: {
    input: UpdateEnvironmentTemplateInputSchema,
    output: EnvironmentTemplateSchema,
    summary: 'Change an environment template: name, mandatory components, their default parameters, overrides',
  },
  deleteEnvironmentTemplate: {
    input: z.object({ landingZone: Ref, template: Ref }).strict(),
    output: RemovedSchema,
    summary: 'Delete an environment template (refused while environments use it)',
  },
  updateEnvironment: {
    input: UpdateEnvironmentInputSchema,
    output: EnvironmentSchema,
    summary: 'Rename an environment (refused while anything holds its name) or change its resolver overrides',
  },
  deleteEnvironment: {
    input: z.object({ environment: Ref }).strict(),
    output: RemovedSchema,
    summary: 'Delete an environment (refused while anything is deployed to it)',
  },
  updateIpamPool: {
    input: UpdateIpamPoolInputSchema,
    output: IpamPoolSchema,
    summary: 'Rename an IPAM pool (resolver configurations naming it follow)',
  },
  deleteIpamPool: {
    input: z.object({ pool: Ref, scope: z.string().max(200).optional() }).strict(),
    output: RemovedSchema,
    summary: 'Delete an IPAM pool (refused while it has allocations or a resolver configuration names it)',
  },
} as const;
