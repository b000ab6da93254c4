/**
 * The one API contract between the engine and every client (renderer over Electron IPC, browser shell
 * over WebSocket, tests). Each method declares its input and output schema; the dispatcher validates
 * both on the engine side, which is the trust boundary.
 */
import { z } from 'zod';
import { AuditEntrySchema, AuditFilterSchema } from './schemas/audit.js';
import { BackupRunSchema, StartBackupInputSchema, StartRestoreInputSchema } from './schemas/backup.js';
import type { MethodName } from '../common/method-names.js';
import { INSTANCE_NAME_PATTERN } from '../common/identifiers.js';
import { DisplayName, Empty, EntityId, Revision } from './schemas/common.js';
import {
  ComponentDetailSchema,
  ComponentDiffSchema,
  ComponentContentSchema,
  ComponentSummarySchema,
  ComponentVersionInfoSchema,
  EnvironmentSchema,
  FieldIssueSchema,
  GovernancePolicyOutputSchema,
  IpamAllocationSchema,
  IpamPoolSchema,
  LandingZoneSchema,
  SemanticCatalogSchema,
  TopologyResolutionSchema,
} from './schemas/catalog.js';
import { ComponentCode } from './schemas/components.js';
import {
  CmdbItemSchema,
  CmdbRelationshipSchema,
  DeploymentDetailSchema,
  DeploymentSchema,
  DeploymentStatusSchema,
  DriftRecordSchema,
  TopologyTargetSchema,
} from './schemas/deployments.js';
import { JobSchema, JobWithEventsSchema, type JobEvent } from './schemas/jobs.js';
import { PulumiStatusSchema, SettingsSchema, SystemInfoSchema, ThemePreferenceSchema } from './schemas/system.js';
import { TopologyDocumentSchema, TopologyDraftSchema, TopologySchema, TopologySummarySchema } from './schemas/topology.js';
import { LocalSandboxInputSchema, LocalSandboxSchema } from './schemas/sandbox.js';
import { TryComponentResultSchema } from './schemas/try-component.js';
// Bare metal.
import { AddRegistryInputSchema, BareMetalOverviewSchema, RegistrySchema, SyncRegistriesInputSchema } from './schemas/baremetal.js';
import { LANDING_ZONE_EDIT_METHODS } from './schemas/landing-zone-edits.js';
import {
  CloudAccountAnswerSchema,
  CloudAccountViewSchema,
  ConnectionTestResultSchema,
  LandingZoneRefSchema,
  RemoveCloudAccountOutputSchema,
  SetCloudAccountInputSchema,
} from './schemas/cloud-accounts.js';
import { EnvironmentRefSchema, LandingZoneBootstrapSchema, SetLandingZoneServicesInputSchema } from './schemas/bootstrap.js';
import {
  Base64Bytes,
  ResolveTopologyConflictInputSchema,
  SetTopologyPresenceInputSchema,
  SyncTopologyDocumentInputSchema,
  SyncTopologyDocumentOutputSchema,
  TopologyConflictsSchema,
  TopologyDocumentBytesSchema,
  type TopologyEventNotice,
} from './schemas/topology-documents.js';
import {
  DiscardLocalDraftInputSchema,
  DiscardLocalDraftOutputSchema,
  ResolveDraftConflictInputSchema,
  SyncDraftDocumentInputSchema,
  SyncDraftDocumentOutputSchema,
} from './schemas/draft-documents.js';
import {
  AccessTokenSchema,
  AddGroupMemberInputSchema,
  CreateAccessTokenInputSchema,
  CreateGroupInputSchema,
  CreatedAccessTokenSchema,
  CreatedUserSchema,
  CreateRoleInputSchema,
  CreateTenantInputSchema,
  CreateUserInputSchema,
  GrantRoleInputSchema,
  GroupSchema,
  RoleBindingSchema,
  RoleSchema,
  TenantSchema,
  UserSchema,
  WhoAmISchema,
} from './schemas/identity.js';
import { ConnectServerInputSchema, ServerConnectionSchema } from './schemas/server-connection.js';
// Cost estimates.
import {
  CostEstimateSchema,
  EstimateEnvironmentCostInputSchema,
  EstimateTopologyCostInputSchema,
  ImportPricingInputSchema,
  PricingSnapshotInfoSchema,
  RateCardSchema,
  SetRateCardInputSchema,
} from './schemas/cost.js';
import {
  ListOutboxInputSchema,
  OutboxEntryIdSchema,
  OutboxEntrySchema,
  QueueForServerInputSchema,
  SyncStatusSchema,
  ListProvisionalValuesInputSchema,
  ProvisionalValueSchema,
} from './schemas/sync.js';
import {
  ConfirmLeaseUsesInputSchema,
  GrantLeaseInputSchema,
  LeaseSchema,
  LeaseUseOutcomeSchema,
  ListLeasesInputSchema,
} from './schemas/leases.js';
import {
  ApprovalDecisionInputSchema,
  ApprovalPolicySchema,
  ApprovalRequestSchema,
  ApprovalRequestSummarySchema,
  ApprovalScopeInputSchema,
  ListApprovalRequestsInputSchema,
  SetApprovalPolicyInputSchema,
} from './schemas/approvals.js';
import {
  CreatedNotificationChannelSchema,
  CreateNotificationChannelInputSchema,
  ListDeadLettersInputSchema,
  ListMyNotificationsInputSchema,
  ListNotificationsInputSchema,
  MarkNotificationsReadInputSchema,
  NotificationChannelSchema,
  NotificationSchema,
  NotificationSubscriptionSchema,
  NotificationTemplateSchema,
  SaveNotificationTemplateInputSchema,
  SendTestNotificationInputSchema,
  SubscribeNotificationsInputSchema,
} from './schemas/notifications.js';
import {
  EventLogEntrySchema,
  StackDetailSchema,
  StackDocumentSchema,
  StackInstanceSchema,
  StackInterfaceSchema,
  StackSummarySchema,
  StackVersionInfoSchema,
  StateHistoryEntrySchema,
  TriggerName,
} from './schemas/stacks.js';

const StackDetailWithIssuesSchema = StackDetailSchema.extend({ issues: z.array(FieldIssueSchema) });
const StackInstanceDetailSchema = z.object({
  instance: StackInstanceSchema,
  history: z.array(StateHistoryEntrySchema),
  document: StackDocumentSchema,
  /** Day-2 operations with whether they may run now. */
  operations: z.array(z.object({ name: z.string(), description: z.string(), requiredStates: z.array(z.string()), allowed: z.boolean() })),
});

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help` style listings and the generated docs. */
  summary: string;
}

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> => ({
  input,
  output,
  summary,
});

const ById = z.object({ id: EntityId }).strict();
const JobStarted = z.object({ jobId: EntityId });
const TopologyRef = z.object({ environment: z.string().min(1).max(200), topology: z.string().min(1).max(200) }).strict();
const ByName = z.object({ name: z.string().min(1).max(200) }).strict();

export const contract = {
  getSystemInfo: method(Empty, SystemInfoSchema, 'Version, backend and schema version of the running engine'),
  getSettings: method(Empty, SettingsSchema, 'User settings'),
  updateSettings: method(z.object({ theme: ThemePreferenceSchema.optional() }).strict(), SettingsSchema, 'Change user settings'),

  listTopologies: method(Empty, z.array(TopologySummarySchema), 'Topologies, most recently changed first'),
  getTopology: method(ById, TopologySchema, 'One topology with its document'),
  createTopology: method(
    z
      .object({
        name: DisplayName,
        document: TopologyDocumentSchema.optional(),
        /** A desktop that created the topology offline gives the id it chose (a UUID; refused if taken)… */
        id: z.string().uuid().optional(),
        /** …and the shared document it made (`TopologyReplica.create`, base64), which every replica then starts from. */
        sharedDocument: Base64Bytes.optional(),
      })
      .strict(),
    TopologySchema,
    'Create a topology (empty unless a document is given)',
  ),
  saveTopology: method(
    z.object({ id: EntityId, expectedRevision: Revision, name: DisplayName.optional(), document: TopologyDocumentSchema }).strict(),
    TopologySchema,
    'Save a topology; refused when it was changed since expectedRevision',
  ),
  deleteTopology: method(ById, z.object({ id: EntityId, deleted: z.literal(true) }), 'Delete (soft) a topology'),

  getPulumiStatus: method(Empty, PulumiStatusSchema, 'Where the Pulumi CLI is and which version it is'),
  startPulumiCheck: method(Empty, z.object({ jobId: EntityId }), 'Job: preview, up and destroy a tiny program on this machine'),

  listJobs: method(Empty, z.array(JobSchema), 'Jobs, newest first'),
  getJob: method(ById, JobWithEventsSchema, 'One job with every event it emitted'),
  cancelJob: method(ById, JobSchema, 'Ask a running job to stop; it finishes as cancelled'),

  getSemanticCatalog: method(Empty, SemanticCatalogSchema, 'Providers, categories and semantic types with provider mappings'),
  listComponents: method(
    z
      .object({
        provider: z.string().optional(),
        semanticType: z.string().optional(),
        category: z.string().optional(),
        search: z.string().max(200).optional(),
      })
      .strict(),
    z.array(ComponentSummarySchema),
    'Catalog components visible to this tenant, filtered',
  ),
  getComponent: method(ByName, ComponentDetailSchema, 'One component with its draft and versions'),
  createComponent: method(
    z
      .object({ name: z.string(), provider: z.string(), semanticType: z.string(), shared: z.boolean().optional(), content: z.unknown() })
      .strict(),
    ComponentDetailSchema,
    'Create a component (draft); contracts and bindings are checked',
  ),
  updateComponentDraft: method(
    z.object({ name: z.string(), expectedRevision: Revision, content: z.unknown() }).strict(),
    ComponentDetailSchema,
    'Save a component draft; contracts and bindings are checked',
  ),
  publishComponent: method(
    z.object({ name: z.string(), changelog: z.string() }).strict(),
    ComponentVersionInfoSchema,
    'Publish the draft as an immutable version',
  ),
  getComponentVersion: method(
    z.object({ name: z.string(), version: z.number().int().positive() }).strict(),
    ComponentContentSchema,
    'The frozen content of a version',
  ),
  diffComponentVersions: method(
    z
      .object({
        name: z.string(),
        from: z.union([z.number().int().positive(), z.literal('draft')]),
        to: z.union([z.number().int().positive(), z.literal('draft')]),
      })
      .strict(),
    ComponentDiffSchema,
    'Differences between two versions (or a version and the draft)',
  ),

  listLandingZones: method(Empty, z.array(LandingZoneSchema), 'Landing zones with their templates'),
  createLandingZone: method(
    z
      .object({ name: z.string(), provider: z.string(), description: z.string().optional(), resolverConfig: z.unknown().optional() })
      .strict(),
    LandingZoneSchema,
    'Create a landing zone for a provider backend',
  ),
  createEnvironmentTemplate: method(
    z
      .object({
        landingZone: z.string(),
        name: z.string(),
        mandatoryComponents: z.array(z.string()).optional(),
        resolverOverrides: z.unknown().optional(),
        /** Default parameters of the mandatory components: component → parameter → JSON value. */
        componentDefaults: z.unknown().optional(),
      })
      .strict(),
    LandingZoneSchema,
    'Add an environment template to a landing zone',
  ),
  listEnvironments: method(Empty, z.array(EnvironmentSchema), 'Environments with their effective resolver configuration'),
  createEnvironment: method(
    z
      .object({ name: z.string(), landingZone: z.string(), template: z.string().optional(), resolverOverrides: z.unknown().optional() })
      .strict(),
    EnvironmentSchema,
    'Create an environment in a landing zone',
  ),
  createLocalSandbox: method(
    LocalSandboxInputSchema,
    LocalSandboxSchema,
    'Set up (or find again) a local sandbox: an IPAM pool on a free private range, a local landing zone and an environment',
  ),

  listIpamPools: method(z.object({ scope: z.string().optional() }).strict(), z.array(IpamPoolSchema), 'IPAM pools with utilisation'),
  createIpamPool: method(
    z
      .object({
        name: z.string().min(1).max(100),
        cidr: z.string(),
        scope: z.string().optional(),
        parent: z.string().optional(),
        gateway: z.string().optional(),
      })
      .strict(),
    IpamPoolSchema,
    'Create an IPAM pool (optionally inside a parent pool)',
  ),
  listIpamAllocations: method(
    z.object({ pool: z.string(), scope: z.string().optional() }).strict(),
    z.array(IpamAllocationSchema),
    'Live allocations of a pool',
  ),
  allocateIp: method(
    z
      .object({
        pool: z.string(),
        scope: z.string().optional(),
        owner: z.string().min(1).max(200),
        prefix: z.number().int().min(0).max(128).optional(),
        value: z.string().optional(),
      })
      .strict(),
    IpamAllocationSchema,
    'Allocate the next free address (or subnet with prefix), or reserve a given value',
  ),
  releaseIp: method(
    z
      .object({ id: z.string().optional(), pool: z.string().optional(), scope: z.string().optional(), value: z.string().optional() })
      .strict(),
    IpamAllocationSchema,
    'Release an allocation by id, or by pool and value',
  ),

  getGovernancePolicy: method(
    z.object({ tenant: z.string().optional() }).strict(),
    GovernancePolicyOutputSchema,
    "A tenant's governance policy",
  ),
  setGovernancePolicy: method(
    z.object({ tenant: z.string().optional(), policy: z.unknown() }).strict(),
    GovernancePolicyOutputSchema,
    "Replace a tenant's governance policy",
  ),

  validateTopologyFile: method(
    z.object({ text: z.string().max(32 * 1024 * 1024), source: z.string().optional() }).strict(),
    z.object({
      valid: z.boolean(),
      name: z.string().nullable(),
      issues: z.array(FieldIssueSchema.extend({ node: z.string().optional(), line: z.number().optional() })),
    }),
    'Check a YAML/JSON topology file: structure, references, components, wires, cycles',
  ),
  importTopologyFile: method(
    z.object({ text: z.string().max(32 * 1024 * 1024), source: z.string().optional() }).strict(),
    TopologySchema,
    'Create a topology from a YAML/JSON file',
  ),
  exportTopology: method(
    z.object({ id: EntityId, format: z.enum(['yaml', 'json']).default('yaml') }).strict(),
    z.object({ text: z.string(), fileName: z.string() }),
    'A topology as a YAML/JSON file',
  ),
  planTopology: method(
    // With both, the document is planned as that topology's (edited, unsaved): values drawn offline are kept under its id.
    z.object({ id: EntityId.optional(), document: TopologyDocumentSchema.optional(), environment: z.string() }).strict(),
    TopologyResolutionSchema,
    'Preview resolution: every parameter with its source, and the deployment waves (reserves nothing)',
  ),

  previewDeployment: method(
    TopologyTargetSchema,
    JobStarted,
    'Job: what deploying a topology would change, node by node, with Pulumi previews (result: DeploymentPlan)',
  ),
  startDeployment: method(
    TopologyTargetSchema,
    JobStarted,
    'Job: deploy a topology into an environment, each node once its dependencies deployed (result: DeploymentRun)',
  ),
  startTopologyDestroy: method(TopologyRef, JobStarted, "Job: destroy a topology's deployments in reverse dependency order"),
  startTopologyRefresh: method(TopologyRef, JobStarted, "Job: refresh a topology's deployments from the real objects"),
  destroyDeployment: method(ById, JobStarted, 'Job: destroy one deployed component and release its allocations'),
  upgradeDeployment: method(
    z.object({ id: EntityId, version: z.number().int().positive().optional() }).strict(),
    JobStarted,
    'Job: upgrade a deployed component to a newer version of its component (the latest unless given)',
  ),
  listDeployedTopologies: method(
    z.object({ environment: z.string().optional() }).strict(),
    z.array(
      z.object({
        environment: z.string(),
        topology: z.string(),
        updatedAt: z.string(),
        counts: z.record(DeploymentStatusSchema, z.number().int()),
        /** Deployments whose latest drift check found drift. */
        drifted: z.number().int().nonnegative(),
      }),
    ),
    'Topologies that have deployments, per environment, with counts by status',
  ),
  listDeployments: method(
    z.object({ environment: z.string().optional(), topology: z.string().optional(), includeDestroyed: z.boolean().optional() }).strict(),
    z.array(DeploymentSchema),
    'Deployed components, newest first',
  ),
  getDeployment: method(ById, DeploymentDetailSchema, 'One deployment with its journal, CMDB items and drift records'),
  listCmdbItems: method(
    z.object({ environment: z.string().optional(), includeDecommissioned: z.boolean().optional() }).strict(),
    z.object({ items: z.array(CmdbItemSchema), relationships: z.array(CmdbRelationshipSchema) }),
    'CMDB configuration items and their relationships',
  ),
  startDriftCheck: method(
    z.object({ environment: z.string().optional(), deploymentId: EntityId.optional() }).strict(),
    JobStarted,
    'Job: compare deployed components with the real objects and record drift (changes nothing)',
  ),
  getTopologyDraft: method(ById, TopologyDraftSchema.nullable(), 'The autosaved, unsaved edits of a topology, if any'),
  saveTopologyDraft: method(
    z.object({ id: EntityId, baseRevision: Revision, document: TopologyDocumentSchema }).strict(),
    TopologyDraftSchema,
    'Autosave unsaved edits of a topology (kept until the topology is saved or the draft discarded)',
  ),
  discardTopologyDraft: method(ById, z.object({ id: EntityId, discarded: z.boolean() }), 'Drop the autosaved edits of a topology'),
  tryComponent: method(
    z
      .object({
        name: z.string().min(1),
        version: z.union([z.number().int().positive(), z.literal('draft')]).optional(),
        code: ComponentCode.optional(),
        params: z.record(z.string(), z.unknown()),
      })
      .strict(),
    TryComponentResultSchema,
    'Run a component program under Pulumi mocks (no CLI, no cloud) and list the resources it would create',
  ),
  getEditorTypings: method(
    z.object({ provider: z.string().optional() }).strict(),
    z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })) }),
    'Type declarations of the Pulumi SDK and a provider SDK, for the component editor (no network)',
  ),
  repairDrift: method(
    ById,
    JobStarted,
    "Job: put a drifted deployment's real objects back as recorded (deploys its recorded values after reading the real objects), then check drift again (result: DriftResolutionResult)",
  ),
  acceptDrift: method(
    z
      .object({ id: EntityId, fields: z.array(z.string().min(1).max(200)).min(1).max(200).optional(), all: z.boolean().optional() })
      .strict()
      .refine((input) => (input.fields !== undefined) !== (input.all === true), { message: 'give fields, or all: true' }),
    JobStarted,
    "Job: take a drifted deployment's real values into its record (source drift-accepted) and deploy them, then check drift again (result: DriftResolutionResult)",
  ),
  listDriftRecords: method(
    z.object({ environment: z.string().optional(), deploymentId: EntityId.optional() }).strict(),
    z.array(DriftRecordSchema),
    'Drift history, newest first: a record per change (found, changed, back in sync, repaired, accepted), repeated checks counted on it',
  ),

  listStacks: method(Empty, z.array(StackSummarySchema), 'Stacks visible to the tenant (its own and the provider-level ones)'),
  getStack: method(ByName, StackDetailWithIssuesSchema, 'One stack with its draft and what is wrong with the draft'),
  createStack: method(
    z.object({ name: z.string().min(1).max(63), shared: z.boolean().optional(), document: StackDocumentSchema }).strict(),
    StackDetailWithIssuesSchema,
    'Create a stack with a first draft',
  ),
  saveStackDraft: method(
    z.object({ name: z.string().min(1).max(63), expectedRevision: Revision, document: StackDocumentSchema }).strict(),
    StackDetailWithIssuesSchema,
    'Save a stack draft; refused when it changed since expectedRevision',
  ),
  publishStack: method(
    z.object({ name: z.string().min(1).max(63), changelog: z.string().max(5000) }).strict(),
    StackVersionInfoSchema,
    'Publish the draft as the next immutable version',
  ),
  listStackVersions: method(ByName, z.array(StackVersionInfoSchema), 'Published versions of a stack'),
  getStackVersion: method(
    z.object({ name: z.string().min(1).max(63), version: z.number().int().positive() }).strict(),
    StackDocumentSchema,
    'The frozen document of one version',
  ),
  forkStack: method(
    z
      .object({
        name: z.string().min(1).max(63),
        as: z.string().min(1).max(63),
        version: z.number().int().positive().optional(),
        shared: z.boolean().optional(),
      })
      .strict(),
    StackDetailWithIssuesSchema,
    'Copy a published version into a new stack that remembers its origin',
  ),
  getStackInterface: method(
    z.object({ name: z.string().min(1).max(63), version: z.number().int().positive() }).strict(),
    StackInterfaceSchema,
    'A stack version as a topology node: its parameters as inputs and its outputs, for the planner',
  ),
  listStackInstances: method(Empty, z.array(StackInstanceSchema), 'Stack instances in every environment'),
  getStackInstance: method(
    ById,
    StackInstanceDetailSchema,
    'One instance with its state history, the document it runs and the operations allowed now',
  ),
  deployStack: method(
    z
      .object({
        stack: z.string().min(1).max(63),
        version: z.number().int().positive().optional(),
        environment: z.string().min(1).max(200),
        name: z.string().regex(INSTANCE_NAME_PATTERN, 'must be lowercase letters, digits and -'),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    StackInstanceSchema,
    'Create a stack instance and start its deploy transition',
  ),
  destroyStackInstance: method(ById, StackInstanceSchema, 'Start the destroy transition of an instance'),
  upgradeStackInstance: method(
    z.object({ id: EntityId, version: z.number().int().positive().optional() }).strict(),
    StackInstanceSchema,
    'Move an instance to another published version',
  ),
  runStackOperation: method(
    z.object({ id: EntityId, operation: z.string().min(1).max(63), input: z.record(z.string(), z.unknown()).optional() }).strict(),
    StackInstanceSchema,
    'Start a day-2 operation (only in its required states)',
  ),
  confirmStackOperation: method(ById, StackInstanceSchema, 'Let an operation waiting at a confirm step go on'),
  listEvents: method(
    z.object({ instanceId: EntityId.optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
    z.array(EventLogEntrySchema),
    'The event log, newest first',
  ),
  listAuditEntries: method(
    AuditFilterSchema,
    z.array(AuditEntrySchema),
    'Changes in the audit log, newest first: who changed what, when, from which request (a page of at most 1,000)',
  ),
  emitEvent: method(
    z.object({ type: TriggerName, instanceId: EntityId.optional(), payload: z.record(z.string(), z.unknown()).optional() }).strict(),
    EventLogEntrySchema,
    'Send an event through the routing rules; returns what it did',
  ),
  whoAmI: method(Empty, WhoAmISchema, 'Who the caller is: user, tenant and every permission held there'),
  listAccessTokens: method(Empty, z.array(AccessTokenSchema), "The caller's own tokens (sessions and personal), newest first"),
  createAccessToken: method(
    CreateAccessTokenInputSchema,
    CreatedAccessTokenSchema,
    'Make a personal access token for scripts and CI; its value is shown only in this answer',
  ),
  revokeAccessToken: method(ById, AccessTokenSchema, "Revoke one of the caller's own tokens"),
  listUsers: method(Empty, z.array(UserSchema), "Users of the caller's tenant and the tenants below it"),
  createUser: method(
    CreateUserInputSchema,
    CreatedUserSchema,
    'Create a user (optionally with a role); its one-time password is in this answer',
  ),
  disableUser: method(z.object({ name: z.string().min(1).max(63) }).strict(), UserSchema, 'Disable a user and revoke every token it holds'),
  listTenants: method(Empty, z.array(TenantSchema), "The caller's tenant and every tenant below it"),
  createTenant: method(CreateTenantInputSchema, TenantSchema, "Create a tenant below the caller's tenant or one of its sub-tenants"),
  listGroups: method(Empty, z.array(GroupSchema), "Groups of the caller's tenant and below, with their members"),
  createGroup: method(CreateGroupInputSchema, GroupSchema, 'Create a group of users, to grant roles to all of them at once'),
  addGroupMember: method(AddGroupMemberInputSchema, GroupSchema, 'Add a user to a group; the user then holds the roles bound to it'),
  listRoles: method(Empty, z.array(RoleSchema), 'The built-in roles and the custom roles usable in the caller’s tenant'),
  createRole: method(CreateRoleInputSchema, RoleSchema, 'Create a custom role from permissions the caller holds'),
  listRoleBindings: method(Empty, z.array(RoleBindingSchema), "Role bindings at the caller's tenant and below"),
  grantRole: method(GrantRoleInputSchema, RoleBindingSchema, 'Grant a role to a user or group at a tenant (inherited below it)'),
  revokeRoleBinding: method(ById, RoleBindingSchema, 'Remove a role binding'),
  grantLease: method(
    GrantLeaseInputSchema,
    LeaseSchema,
    'Set aside addresses and names in an environment for one desktop to plan with offline (shared server)',
  ),
  listLeases: method(ListLeasesInputSchema, z.array(LeaseSchema), 'Leases, newest first, with what each still holds (shared server)'),
  confirmLeaseUses: method(
    ConfirmLeaseUsesInputSchema,
    z.array(LeaseUseOutcomeSchema),
    'Confirm the leased values a desktop used offline as their users’ own, or say which to resolve again (shared server)',
  ),
  releaseLease: method(ById, LeaseSchema, 'End a lease now, freeing what it still holds (shared server)'),
  setApprovalPolicy: method(
    SetApprovalPolicyInputSchema,
    ApprovalPolicySchema,
    'Set the approval policy of an environment or landing zone: gated actions, approvers, n of m, self-approval, expiry',
  ),
  getApprovalPolicy: method(
    ApprovalScopeInputSchema,
    ApprovalPolicySchema.nullable(),
    "The policy of a landing zone, or the one that applies to an environment (its own, else its landing zone's)",
  ),
  listApprovalPolicies: method(Empty, z.array(ApprovalPolicySchema), 'Every approval policy of the tenant'),
  deleteApprovalPolicy: method(
    ApprovalScopeInputSchema,
    z.object({ deleted: z.boolean() }),
    "Remove an environment's or landing zone's own policy",
  ),
  listApprovalRequests: method(
    ListApprovalRequestsInputSchema,
    z.array(ApprovalRequestSummarySchema),
    'Approval requests, newest first (pending, decided, expired or all)',
  ),
  getApprovalRequest: method(ById, ApprovalRequestSchema, 'One approval request with the plan it approves and Pulumi’s diff'),
  approveApprovalRequest: method(
    ApprovalDecisionInputSchema,
    ApprovalRequestSchema,
    'Approve a pending request; with enough approvals the action starts as its requester (a changed plan voids it)',
  ),
  rejectApprovalRequest: method(ApprovalDecisionInputSchema, ApprovalRequestSchema, 'Reject a pending request; it never runs'),
  getServerConnection: method(Empty, ServerConnectionSchema, 'Whether this app works against a shared Nimbus server, and which'),
  connectServer: method(
    ConnectServerInputSchema,
    ServerConnectionSchema,
    'Sign in to a shared Nimbus server and send every API call there until disconnected (the app and nimbus serve only)',
  ),
  disconnectServer: method(Empty, ServerConnectionSchema, 'Sign out of the shared server and work with the local engine again'),
  listNotifications: method(
    ListNotificationsInputSchema,
    z.array(NotificationSchema),
    "The tenant's notifications and their delivery, newest first (filter by status or channel kind)",
  ),
  getNotification: method(ById, NotificationSchema, 'One notification of the tenant and its delivery'),
  listMyNotifications: method(
    ListMyNotificationsInputSchema,
    z.array(NotificationSchema),
    "The caller's in-app notifications, newest first",
  ),
  getUnreadNotificationCount: method(
    Empty,
    z.object({ count: z.number().int() }),
    "How many of the caller's in-app notifications are unread",
  ),
  markNotificationsRead: method(
    MarkNotificationsReadInputSchema,
    z.object({ marked: z.number().int() }),
    "Mark the caller's in-app notifications read: the given ones, or all",
  ),
  listDeadLetters: method(
    ListDeadLettersInputSchema,
    z.array(NotificationSchema),
    'Notifications that ran out of delivery attempts, newest first',
  ),
  retryDeadLetter: method(ById, NotificationSchema, 'Send a dead letter again: back to pending with its attempts reset'),
  discardDeadLetter: method(ById, NotificationSchema, 'Give up on a dead letter: kept as discarded, never sent'),
  listNotificationChannels: method(
    Empty,
    z.array(NotificationChannelSchema),
    "The tenant's email and webhook channels (never their secrets)",
  ),
  createNotificationChannel: method(
    CreateNotificationChannelInputSchema,
    CreatedNotificationChannelSchema,
    "Add an email (SMTP) or webhook channel; a webhook's signing secret is shown only in this answer",
  ),
  removeNotificationChannel: method(
    z.object({ channel: z.string().min(1).max(100) }).strict(),
    NotificationChannelSchema,
    'Remove a channel (by name or id) with its subscriptions and secret',
  ),
  listNotificationSubscriptions: method(
    Empty,
    z.array(NotificationSubscriptionSchema),
    "Who hears about what: every subscription of the tenant for managers, one's own in-app ones otherwise",
  ),
  subscribeNotifications: method(
    SubscribeNotificationsInputSchema,
    NotificationSubscriptionSchema,
    'Subscribe to an event type: yourself in-app, or (with notification:manage) an email recipient or a webhook channel',
  ),
  unsubscribeNotifications: method(ById, NotificationSubscriptionSchema, 'Remove a subscription'),
  listNotificationTemplates: method(Empty, z.array(NotificationTemplateSchema), 'The subject and body template of every event type'),
  saveNotificationTemplate: method(
    SaveNotificationTemplateInputSchema,
    NotificationTemplateSchema,
    "Save the tenant's template of an event type; unknown {{placeholders}} are refused",
  ),
  sendTestNotification: method(
    SendTestNotificationInputSchema,
    z.object({ queued: z.number().int() }),
    'Send a test notification of an event type to everyone subscribed to it, to check channels and receivers',
  ),
  syncStatus: method(
    Empty,
    SyncStatusSchema,
    'How the outbox of changes for the shared server stands: online or not, waiting, dead letters, last sync',
  ),
  syncNow: method(Empty, SyncStatusSchema, 'Send the waiting changes to the shared server now, without waiting for their pauses to end'),
  listOutbox: method(ListOutboxInputSchema, z.array(OutboxEntrySchema), 'The changes in the outbox, oldest first'),
  retryOutboxEntry: method(
    OutboxEntryIdSchema,
    OutboxEntrySchema,
    'Send a dead letter again (its attempts start over; the same idempotency key)',
  ),
  discardOutboxEntry: method(OutboxEntryIdSchema, OutboxEntrySchema, 'Give a change up: it is never sent and stays listed as discarded'),
  queueForServer: method(
    QueueForServerInputSchema,
    OutboxEntrySchema,
    'Queue a deploy, destroy or day-2 operation in this desktop’s outbox, to start on the shared server once it answers again',
  ),
  listProvisionalValues: method(
    ListProvisionalValuesInputSchema,
    z.array(ProvisionalValueSchema),
    'Addresses and names drawn offline from this desktop’s leases: provisional, confirmed by the server, or refused (and why)',
  ),
  openTopologyDocument: method(
    ById,
    TopologyDocumentBytesSchema,
    'The shared CRDT document of a topology (made from the topology on first use), for a replica that has none yet',
  ),
  syncTopologyDocument: method(
    SyncTopologyDocumentInputSchema,
    SyncTopologyDocumentOutputSchema,
    "Merge a replica's changes into a topology's shared document; answers the changes the replica lacks",
  ),
  listTopologyConflicts: method(ById, TopologyConflictsSchema, 'Concurrent edits of one field a merge kept, each value with who made it'),
  resolveTopologyConflict: method(
    ResolveTopologyConflictInputSchema,
    TopologyConflictsSchema,
    'Keep one value of a conflict (a change like any other, which reaches every replica)',
  ),
  setTopologyPresence: method(
    SetTopologyPresenceInputSchema,
    z.object({ ok: z.literal(true) }),
    "Tell the topology's other editors what you have selected (shown live on their canvas)",
  ),
  syncComponentDraftDocument: method(
    SyncDraftDocumentInputSchema,
    SyncDraftDocumentOutputSchema,
    "Merge a replica's changes into a component draft's shared document (made from the draft on first use); answers what the replica lacks",
  ),
  syncStackDraftDocument: method(
    SyncDraftDocumentInputSchema,
    SyncDraftDocumentOutputSchema,
    "Merge a replica's changes into a stack draft's shared document (made from the draft on first use); answers what the replica lacks",
  ),
  resolveComponentDraftConflict: method(
    ResolveDraftConflictInputSchema,
    ComponentDetailSchema,
    'Keep one value of a conflict in a component draft (a change like any other, which reaches every replica)',
  ),
  discardLocalDraft: method(
    DiscardLocalDraftInputSchema,
    DiscardLocalDraftOutputSchema,
    "Give up this desktop's unsent edits of a draft (or a draft made here offline that the server refused); the server's draft is untouched",
  ),
  resolveStackDraftConflict: method(
    ResolveDraftConflictInputSchema,
    StackDetailWithIssuesSchema,
    'Keep one value of a conflict in a stack draft (a change like any other, which reaches every replica)',
  ),
  // Backup and restore of this machine's data directory
  startBackup: method(
    StartBackupInputSchema,
    BackupRunSchema,
    "Back up this machine's data directory into a file on this machine, the key sealed with the passphrase; follow it with getBackupRun",
  ),
  startRestore: method(
    StartRestoreInputSchema,
    BackupRunSchema,
    'Restore a backup file into a new data directory on this machine, checked before it is kept; follow it with getBackupRun',
  ),
  getBackupRun: method(ById, BackupRunSchema, 'A backup or restore started on this machine: progress, then its result or error'),
  // Cost estimates.
  getPricingSnapshot: method(Empty, PricingSnapshotInfoSchema, 'The pricing snapshot estimates use: its date, currency and source'),
  importPricingSnapshot: method(
    ImportPricingInputSchema,
    PricingSnapshotInfoSchema,
    'Import a newer pricing snapshot file (JSON or YAML); a bad entry is named by its path',
  ),
  listRateCards: method(Empty, z.array(RateCardSchema), 'The monthly rate cards of the landing zones'),
  setRateCard: method(
    SetRateCardInputSchema,
    RateCardSchema,
    "Set a landing zone's monthly cost per core, per GB of RAM and per GB of disk",
  ),
  removeRateCard: method(
    z.object({ landingZone: z.string().min(1).max(200) }).strict(),
    z.object({ removed: z.boolean() }),
    "Remove a landing zone's rate card",
  ),
  estimateTopologyCost: method(
    EstimateTopologyCostInputSchema,
    CostEstimateSchema,
    'Monthly cost of a topology in an environment, per node, from its resolved parameters (reserves nothing)',
  ),
  estimateEnvironmentCost: method(
    EstimateEnvironmentCostInputSchema,
    CostEstimateSchema,
    "Monthly cost of an environment's deployed components, from the parameters they were deployed with",
  ),
  // Bare metal.
  getBareMetalOverview: method(
    Empty,
    BareMetalOverviewSchema,
    'Bare-metal registries with their last sync, machines with their reservations, and capacity reserved and free',
  ),
  addBareMetalRegistry: method(
    AddRegistryInputSchema,
    RegistrySchema,
    'Record a Git repository of provider TOML files (a URL or a local path) as a bare-metal registry',
  ),
  syncBareMetalRegistries: method(
    SyncRegistriesInputSchema,
    z.array(RegistrySchema),
    'Clone or fetch registries and read their files; a registry with problems (file, line, what) keeps its last good machines',
  ),
  // Editing and removing landing zones, environments, templates and pools.
  ...LANDING_ZONE_EDIT_METHODS,
  // Cloud accounts: provider credentials per landing zone.
  getCloudAccount: method(LandingZoneRefSchema, CloudAccountAnswerSchema, "A landing zone's cloud account (never its secrets), or null"),
  setCloudAccount: method(
    SetCloudAccountInputSchema,
    CloudAccountViewSchema,
    "Store a landing zone's cloud account; secret fields left out keep the stored ones, entered ones replace them",
  ),
  removeCloudAccount: method(LandingZoneRefSchema, RemoveCloudAccountOutputSchema, "Remove a landing zone's cloud account"),
  testCloudAccount: method(
    LandingZoneRefSchema,
    ConnectionTestResultSchema,
    "Check a landing zone's cloud account for real (Proxmox: the API's version endpoint with the token)",
  ),
  // Landing-zone bootstrap and environment provisioning.
  listLandingZoneServices: method(Empty, z.array(LandingZoneBootstrapSchema), "Every landing zone's system services and publish status"),
  getLandingZoneServices: method(LandingZoneRefSchema, LandingZoneBootstrapSchema, "A landing zone's system services and publish status"),
  setLandingZoneServices: method(
    SetLandingZoneServicesInputSchema,
    LandingZoneBootstrapSchema,
    "Set a landing zone's system services (a topology document of the zone's provider components); publish to deploy them",
  ),
  publishLandingZone: method(
    LandingZoneRefSchema,
    JobStarted,
    'Job: publish a landing zone, deploying its system services into its system environment (also the retry after a failure)',
  ),
  retryEnvironmentProvisioning: method(
    EnvironmentRefSchema,
    JobStarted,
    "Job: provision an environment again: a failed one retries; an active one gets its template's mandatory components as they are now (dropped ones stay deployed)",
  ),
} satisfies Record<MethodName, MethodSpec>;

export type Contract = typeof contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** What a client calls: one async function per method, plus a job event subscription. */
export type NimbusMethods = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/**
 * An approval request changed (requested, decided, expired, void, started), as the app hears it: enough
 * to know which request to read again. Mirrors the approval service's event, which the renderer may not import.
 */
export interface ApprovalEventNotice {
  type: 'approval.requested' | 'approval.decided' | 'approval.expired' | 'approval.void' | 'approval.started';
  requestId: string;
  status: string;
  jobId?: string | null;
}

export interface NimbusApi extends NimbusMethods {
  /** Receives every job event; returns the function that unsubscribes. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /**
   * Receives approval events where the transport carries them (the browser shell's WebSocket, the
   * desktop's IPC), so approval screens update at once; clients without it read again instead.
   */
  onApprovalEvent?(listener: (event: ApprovalEventNotice) => void): () => void;
  /**
   * Receives live notices about shared topologies (another user's change or selection) where the
   * transport carries them; clients without it see changes when they read again.
   */
  onTopologyEvent?(listener: (event: TopologyEventNotice) => void): () => void;
}

export type { MethodName } from '../common/method-names.js';
export type { JobEvent, Job, JobStatus } from './schemas/jobs.js';
export type { Topology, TopologyDocument, TopologyNode, TopologyWire, TopologySummary } from './schemas/topology.js';
export type { SystemInfo, Settings, PulumiStatus, Backend } from './schemas/system.js';
export type { ComponentSummary, ComponentDetail, TopologyResolution } from './schemas/catalog.js';
export type { WireError } from './schemas/jobs.js';
export type { AuditEntry } from './schemas/audit.js';
export type { ServerConnection } from './schemas/server-connection.js';
export type { OutboxEntryView, ProvisionalValue, SyncStatus } from './schemas/sync.js';
export type { TopologyConflictView, TopologyEventNotice, ReplicaStatus } from './schemas/topology-documents.js';
export type { DraftConflictView, DraftSyncInfo } from './schemas/draft-documents.js';
export type { BackupRun } from './schemas/backup.js';
export type { CostEstimate, NodeCost, CostLine, RateCard, PricingSnapshotInfo } from './schemas/cost.js';
