/**
 * The catalogue of error codes: every `code` a Nimbus error can carry, across the API, in the CLI's
 * one-line errors and in the log. Each subsystem owns one list, so a new failure is named where it
 * belongs and the union {@link ErrorCode} makes an unknown code a type error wherever one is thrown or
 * compared. The UI switches on these codes, never on message text.
 *
 * Codes are stable: they are stored with failed deployments and jobs, and read back by older and newer
 * clients. Never rename or remove one; a code nothing throws any more moves to {@link RESERVED_ERROR_CODES}.
 *
 * Pure TypeScript with no imports: engine, renderer and preload use it at runtime.
 */

/** Failures any subsystem raises through the shared error classes of `engine/errors.ts`. */
export const GENERAL_ERROR_CODES = [
  /** Input does not match a schema; `details.issues` names each field. */
  'invalid_input',
  /** A referenced entity does not exist or was deleted; `details.entity`, `details.id`. */
  'not_found',
  /** A write based on an outdated revision; nothing was written. */
  'revision_conflict',
  /** An unexpected failure (an engine bug or an unclassified error); the message says what happened. */
  'internal',
] as const;

/** The API contract and its dispatcher (`engine/api`) and the Electron IPC bridge. */
export const API_ERROR_CODES = [
  /** The method is not part of this engine's contract (an older engine, or a typo). */
  'unknown_method',
  /** A call from a frame that is not the Nimbus window, or by a caller lacking the method's permission. */
  'forbidden',
] as const;

/** The HTTP and WebSocket host (`nimbus serve`) and its webhook endpoint. */
export const SERVER_ERROR_CODES = [
  /** A WebSocket frame that is not a well-formed call. */
  'invalid_message',
  'port_in_use',
  /** The webhook answered a method other than POST. */
  'method_not_allowed',
  /** A bearer token (webhook, API) is missing, wrong, expired or revoked, or a call needs a signed-in caller. */
  'unauthorized',
  'payload_too_large',
  /** A webhook body that is not JSON text. */
  'invalid_json',
  /** No such path on the HTTP API. */
  'unknown_path',
  /** An HTTP API body that is not `application/json`. */
  'unsupported_media_type',
  /** Too many calls with one token in a short time; `Retry-After` says when to call again. */
  'rate_limited',
  /** The server is up but cannot reach what it depends on (its database); `Retry-After` says when to retry. */
  'service_unavailable',
] as const;

/** The renderer's transports, raised on the client side when no answer can come from the engine. */
export const CLIENT_ERROR_CODES = [
  /** The connection to the engine dropped while the call was in flight. */
  'connection_lost',
  /** The connection to the engine is not open. */
  'not_connected',
  /** The app is shutting down; the call was not sent or was cancelled. */
  'disposed',
  /** The engine sent a code this client does not know (a newer engine); its message is shown as is. */
  'unknown_code',
  /** A Nimbus server does not answer at its address (refused, unknown host, timed out); `details.url` names it. */
  'server_unreachable',
  /** The server's HTTPS certificate is not trusted here (self-signed: give its CA in NODE_EXTRA_CA_CERTS). */
  'server_certificate_untrusted',
  /** The address answers, but not as a Nimbus server does (not JSON, not the API's envelope). */
  'server_answer_invalid',
] as const;

/** Long-running work (`engine/jobs`). */
export const JOB_ERROR_CODES = [
  'cancelled',
  /** A queued job names a runner this Nimbus does not have (another version of Nimbus queued it). */
  'unknown_job_runner',
  /** The shared server's job queue (PostgreSQL) cannot be reached or refused the job. */
  'job_queue_unavailable',
] as const;

/** The data directory and the SQLite store (`engine/store`). */
export const STORE_ERROR_CODES = [
  /** The data directory cannot be created, written or locked. */
  'data_dir_unusable',
  /** The database was written by a newer Nimbus; nothing was changed. */
  'database_too_new',
  /** A unit of work called the store itself instead of the repositories it was given. */
  'store_unit_reentered',
  /** A unit of work's repositories were used after the unit had ended. */
  'store_unit_closed',
  /**
   * Concurrent units of work kept colliding (PostgreSQL deadlocks or serialization failures) and the
   * unit was retried until it gave up; nothing was written. Trying again shortly usually succeeds.
   */
  'store_conflict',
] as const;

/** Reading and writing the person's files (`engine/files`). */
export const FILE_ERROR_CODES = [
  'file_unreadable',
  'file_too_large',
  /** The file is not UTF-8 text. */
  'file_not_text',
  'file_unwritable',
  /** YAML or JSON that does not parse; `details.line` when known. */
  'invalid_yaml',
  /** A value nested deeper than the engine walks. */
  'too_deeply_nested',
] as const;

/** A code of the file subsystem. */
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** Patterns and expressions used in documents (`engine/text`, `engine/expressions`). */
export const EXPRESSION_ERROR_CODES = [
  /** A regular expression the linear-time engine cannot run. */
  'invalid_pattern',
  /** An expression (guard, filter, transform) that does not parse or evaluate. */
  'expression_invalid',
] as const;

/** The IPAM resolver (`engine/resolvers/ipam`) and the planning steps that ask it. */
export const IPAM_ERROR_CODES = [
  'invalid_cidr',
  'invalid_address',
  /** A pool cannot be placed inside another pool. */
  'ipam_child_pool',
  /** No free address or block of the asked size is left. */
  'ipam_exhausted',
  /** The pool or network still has allocations. */
  'ipam_in_use',
  'ipam_invalid_gateway',
  'ipam_invalid_prefix',
  /** No pool is configured for the scope. */
  'ipam_no_pool',
  /** A child range that does not lie inside its parent. */
  'ipam_not_inside_parent',
  'ipam_outside_pool',
  'ipam_overlap',
  'ipam_pool_exists',
  /** The address is reserved (network, broadcast, gateway or an explicit reservation). */
  'ipam_reserved',
  /** The network an address should come from is not resolved yet. */
  'ipam_network_unresolved',
  /** The network has no gateway to hand out. */
  'ipam_no_gateway',
] as const;

/** The naming resolver (`engine/resolvers/naming`). */
export const NAMING_ERROR_CODES = [
  'invalid_naming_pattern',
  /** The pattern uses a placeholder that has no value here. */
  'naming_missing_value',
  'naming_too_long',
] as const;

/** The image catalog resolver (`engine/resolvers/image-catalog`). */
export const IMAGE_CATALOG_ERROR_CODES = ['image_unknown', 'image_catalog_duplicate'] as const;

/** The secret resolver (`engine/resolvers/secret`). */
export const SECRET_ERROR_CODES = [
  'secret_empty',
  'secret_exists',
  'secret_invalid_length',
  'secret_invalid_reference',
  /** The stored value cannot be decrypted with this data directory's key. */
  'secret_undecryptable',
] as const;

/** The semantic type catalog (`engine/catalog`). */
export const CATALOG_ERROR_CODES = [
  'catalog_invalid',
  /** The provider has no mapping for the semantic type. */
  'catalog_unsupported',
] as const;

/** Components: drafts, versions, contracts, bindings and manifests (`engine/components`). */
export const COMPONENT_ERROR_CODES = [
  'component_exists',
  /** Built-in components and published versions cannot be edited. */
  'component_read_only',
  /** A `name@version` reference that does not parse or names nothing usable. */
  'component_ref_invalid',
  'component_unknown',
  'nothing_to_publish',
  'invalid_component_file',
  /** A component manifest (built-in components on disk) that is inconsistent. */
  'manifest_invalid',
  /** A contract that is not a valid JSON Schema; `details.schema` names which (`inputSchema`, `outputSchema`). */
  'invalid_schema',
  /** A schema default that its own schema refuses. */
  'invalid_default',
  /** A resolver binding that misses a required setting; `details.input`. */
  'binding_incomplete',
  /** A resolver binding whose output does not fit its input's type; `details.input`. */
  'binding_type_mismatch',
  /** A resolver binding for an input the contract does not declare; `details.input`. */
  'binding_unknown_input',
] as const;

/** Landing zones, environments and the local sandbox (`engine/landing-zones`). */
export const LANDING_ZONE_ERROR_CODES = [
  'landing_zone_exists',
  'environment_exists',
  'template_exists',
  'unknown_provider',
  'sandbox_name_taken',
  /** No private address range is free for a new sandbox. */
  'sandbox_no_free_range',
  // Editing and removing landing zones, templates and environments.
  /** A landing zone still has environments; `details.usedBy` names them. */
  'landing_zone_in_use',
  /** An environment still has deployments, deployed topologies, stack instances or leases; `details.usedBy`. */
  'environment_in_use',
  /** Environments were created from the template; `details.usedBy` names them. */
  'template_in_use',
] as const;

/** Topologies and their resolution into a plan (`engine/topology`, `engine/planning`). */
export const PLANNING_ERROR_CODES = [
  'invalid_topology_file',
  'dependency_cycle',
  /** One or more parameters could not be resolved; `details` names them. */
  'resolution_failed',
  'unknown_node',
] as const;

/** State machine documents (`engine/lifecycle`); `details.problems` lists every problem found. */
export const LIFECYCLE_ERROR_CODES = [
  'no_initial_state',
  'several_initial_states',
  'duplicate_state',
  'unknown_state',
  'unreachable_state',
  /** Two transitions from one state share a trigger. */
  'ambiguous_trigger',
  'terminal_state_has_transitions',
  'terminal_state_runs_workflow',
  'unknown_workflow',
  'invalid_guard',
] as const;

/** Stacks and stack instances (`engine/stacks`). */
export const STACK_ERROR_CODES = [
  'stack_exists',
  'stack_instance_exists',
  'stack_unpublished',
  'stack_output_unknown',
  'already_at_version',
  /** A confirm was sent but the instance is not waiting for one. */
  'nothing_to_confirm',
  'slot_not_deployed',
  'slot_path_missing',
  'invalid_stack_file',
  /** A day-2 operation asked for in a state that does not allow it. */
  'operation_not_allowed',
  /** No transition from the instance's state runs the lifecycle workflow asked for. */
  'deploy_not_allowed',
  'destroy_not_allowed',
  'upgrade_not_allowed',
  /** The instance is already running a workflow. */
  'stack_instance_busy',
  'transition_refused',
  'upgrade_state_missing',
  /** A workflow step's command failed or was not found. */
  'command_failed',
  /** A workflow did not finish in its time limit. */
  'timeout',
] as const;

/** Deploying, destroying, upgrading, drift and crash recovery (`engine/deploy`). */
export const DEPLOY_ERROR_CODES = [
  'deploy_inputs_invalid',
  'deployment_has_dependents',
  'deployment_not_deployed',
  'deployment_not_upgradable',
  'drift_field_unknown',
  'drift_not_acceptable',
  'not_drifted',
  /** Another deploy holds the environment. */
  'environment_busy',
  'nothing_deployed',
  /** Recovery after an interrupted operation failed. */
  'recovery_failed',
  /** A deploy failed and rolling it back failed too; something may be left. */
  'rollback_failed',
  /** A deploy failed and was rolled back: nothing was left deployed. */
  'deploy_failed',
  /** The engine stopped during the operation. */
  'interrupted',
  /** Not deployed because a node it depends on failed. */
  'skipped',
  /** One or more nodes of a topology deploy failed; `details.failed`. */
  'topology_run_failed',
  'upgrade_not_newer',
  /** A wired value is not known yet (its upstream has not deployed). */
  'value_pending',
  'wire_value_missing',
  /** A secret output cannot be wired into a plain input. */
  'wire_value_secret',
] as const;

/** Pulumi operations, classified from the CLI's output (`engine/pulumi`). */
export const PULUMI_ERROR_CODES = [
  'pulumi_cli_missing',
  'pulumi_compile_error',
  'pulumi_concurrent_update',
  'pulumi_failed',
  /** The engine's program host process stopped while it ran the operation. */
  'pulumi_host_exited',
  'pulumi_plugin_missing',
  /** The program threw while running. */
  'pulumi_program_error',
  'pulumi_provider_error',
  'pulumi_stack_not_empty',
  'pulumi_stack_not_found',
  // Provider plugins and provider connections (Proxmox VE provider plugin).
  /** A resource plugin Nimbus installs with a script (scripts/ensure-proxmox-plugin) is not installed. */
  'provider_plugin_missing',
  /** A provider could not reach its API endpoint (connection refused, unknown host, timeout). */
  'provider_unreachable',
  /** A provider's API refused its credentials (HTTP 401/403). */
  'provider_unauthorized',
] as const;

/** Events, webhooks and routing (`engine/events`). */
export const EVENT_ERROR_CODES = ['event_too_large'] as const;

/** The self-check (`nimbus doctor`, `engine/diagnostics`). */
export const DIAGNOSTICS_ERROR_CODES = ['self_check_failed'] as const;

/** The command line (`engine/cli`). */
export const CLI_ERROR_CODES = [
  /** An id prefix or name matches several entities. */
  'ambiguous',
  /** A destructive command run without `--yes` where it cannot ask. */
  'confirmation_required',
  'invalid_stack',
  /** A command line that does not parse (unknown command or flag, missing value). */
  'usage',
  /** A command that needs the local data directory, run against a shared server (`--local` runs it locally). */
  'local_only',
  /** The saved server profiles (`nimbus login`) cannot be read or written. */
  'profile_unusable',
] as const;

/** Offline sync: the desktop's outbox and the server's idempotent apply (`engine/sync`). */
export const OUTBOX_ERROR_CODES = [
  /** An `Idempotency-Key` sent again with another method or input (HTTP 422). */
  'idempotency_key_reused',
  /** A request with this `Idempotency-Key` is still running; try again after Retry-After (HTTP 409). */
  'request_in_progress',
  /** A call with this key changed data but its server stopped before answering: it is not run again (HTTP 409). */
  'request_outcome_unknown',
  /** The server cannot apply the change now; it waits in the outbox (`details.outboxEntry`) and is sent by itself. */
  'change_queued',
  /** The outbox entry is not in a state that allows this (e.g. retrying an applied change). */
  'outbox_entry_state',
] as const;

/** Users, tokens, tenants and roles (`engine/identity`). */
export const IDENTITY_ERROR_CODES = [
  /** A new password breaks the password policy (too short, too long). */
  'weak_password',
  /** Wrong user name or password; which of the two is never said. */
  'invalid_credentials',
  /** Too many failed sign-ins; the details say when to try again. */
  'login_throttled',
  /** The tenant tree read from the store loops (corrupt records). */
  'tenant_cycle',
  /** `server init` on a database that already has users. */
  'already_initialised',
  'user_exists',
  'tenant_exists',
  'group_exists',
  /** A custom role of that name already exists in the tenant. */
  'role_exists',
  /** The principal already holds that role at that tenant. */
  'binding_exists',
  /** A token with the same hash exists (never expected: token values are random). */
  'token_exists',
  /** Users, tokens, tenants and roles exist only on a shared Nimbus server, not in a local engine. */
  'server_only',
] as const;

/** Approvals before deploy (`engine/approvals`). */
export const APPROVAL_ERROR_CODES = [
  /** The action waits for approval; `details.requestId` names the request, nothing ran yet. */
  'approval_pending',
  /** The plan changed since it was approved (the topology or its resolved values): a new approval is needed. */
  'approval_void',
  /** A decision on a request that is no longer pending (decided, expired, void); `details.status` says which. */
  'approval_closed',
  /** The approver already decided on this request; each approver counts once. */
  'approval_duplicate',
] as const;

/** Synchronised documents (`engine/sync`): topologies as CRDT documents shared between replicas. */
export const SYNC_ERROR_CODES = [
  /** Bytes or a sync message that are not a topology document (corrupt, truncated, another kind); `details.reason`. */
  'sync_document_invalid',
  /** A conflict to resolve that does not exist (any more), or a value that is not one of its values; `details.path`. */
  'sync_conflict_unknown',
  /** A topology created with an id that a topology already has (created twice, or a clash); `details.id`. */
  'topology_exists',
  /** Planning offline needs a lease for the environment, and this desktop holds none; `details.environment`. */
  'lease_missing',
  /** The desktop's lease for the environment has ended; connect to the server to plan. `details.lease`. */
  'lease_expired',
  /** The lease has no address (in `details.pool`) or name left to draw; connect to the server to plan. */
  'lease_exhausted',
  /** Something only the server knows (a subnet, a pool, a component) is not kept on this desktop; connect to plan. */
  'offline_unavailable',
  /** A draft's edits made on this desktop have not reached the server yet, so it cannot be published; `details.kind`, `details.name`. */
  'draft_unsent',
] as const;

/** The notification gateway (`engine/notifications`). */
export const NOTIFICATION_ERROR_CODES = [
  /** A template names an unknown placeholder, has an unclosed `{{`, or is empty or too long; `details` say where. */
  'invalid_template',
  /** A channel's settings are unusable (webhook URL, SMTP host, port, address); `details.field` names which. */
  'invalid_channel',
  /** A channel of that name already exists in the tenant. */
  'channel_exists',
  /** A subscription names an unusable recipient, or one the caller may not subscribe. */
  'invalid_subscription',
  /** Retry or discard of a notification that is no dead letter (sent, pending, already discarded). */
  'not_dead_letter',
  /** One delivery attempt failed (the log line; the notification keeps the error and is retried or becomes a dead letter). */
  'notification_delivery_failed',
] as const;

/** Backup and restore of a data directory (`engine/backup`). */
export const BACKUP_ERROR_CODES = [
  /** The passphrase that seals the key is missing or too short. */
  'backup_passphrase_weak',
  /** The passphrase does not open the backup's sealed key; nothing was written. */
  'backup_passphrase_wrong',
  /** The archive is damaged or cut short; `details.entry` names the entry when known. Nothing was written. */
  'backup_corrupt',
  /** The backup was made by a newer Nimbus (a newer schema); nothing was written. */
  'backup_too_new',
  /** The restore target is not empty (and `--force` was not given), or a file is in the way. */
  'restore_target_not_empty',
  /** The data directory cannot be backed up (no database, key held elsewhere, Pulumi busy too long). */
  'backup_unavailable',
  /** The restored copy failed a check (a deployment's Pulumi state missing); nothing was kept. */
  'restore_check_failed',
] as const;

/** Cloud accounts: provider credentials per landing zone, and deploys that need them. */
export const CLOUD_ACCOUNT_ERROR_CODES = [
  /** A deploy or preview of a provider's component in a landing zone without its cloud account; `details.landingZone`. */
  'cloud_account_missing',
  /** The landing zone's provider takes no cloud account (the local provider). */
  'cloud_account_not_applicable',
  /** The account entered is for another provider than the landing zone's. */
  'cloud_account_wrong_provider',
  /** A new account without its secret fields; `details.fields`. */
  'cloud_account_secret_missing',
  /** The stored secret does not open with this installation's key; enter it again. */
  'cloud_account_undecryptable',
  /** A Pulumi preview of one or more nodes failed; `details.failures` lists them with their codes. */
  'preview_failed',
] as const;

/** Landing-zone bootstrap (system services, publishing) and environment provisioning (`engine/landing-zones/bootstrap`). */
export const BOOTSTRAP_ERROR_CODES = [
  /** A deploy into an environment that is provisioning or failed; `details.environment`, `details.status`. */
  'environment_not_active',
  /** Provisioning asked again of an environment that is provisioning, was never provisioned, or is a system environment; `details.status`. */
  'environment_not_failed',
  /** An environment's or landing zone's bootstrap record changed meanwhile (another retry or publish); nothing was done. */
  'environment_changed',
  /** A provisioning or publish job found its environment or zone taken over by a newer job. */
  'provisioning_superseded',
  /** A mandatory component has no published version; `details.component`. */
  'mandatory_component_unpublished',
  /** A mandatory or system-service component is for another provider than the landing zone's; `details.component`. */
  'mandatory_component_provider',
  /** A landing zone is being published already; `details.jobId`. */
  'landing_zone_publishing',
  /** Publishing a landing zone that has no system services set. */
  'no_system_services',
  /** The name of a landing zone's system environment is taken by an environment people deploy into; `details.environment`. */
  'system_environment_conflict',
] as const;

/** Codes nothing throws today but that stay valid because stored records or older clients may carry them. */
export const RESERVED_ERROR_CODES = [
  /** A stack workflow's job failed without an error of its own (instances and jobs recorded before workflows ran as queued jobs). */
  'workflow_failed',
] as const;

/** Cost estimates (`engine/cost`). */
export const COST_ERROR_CODES = [
  /** A pricing snapshot file is malformed or breaks its schema; `details.issues` name each bad entry's path. */
  'invalid_pricing_file',
  /** A usage file is malformed or breaks its schema; `details.issues` name each bad entry's path. */
  'invalid_usage_file',
  /** An imported pricing snapshot is dated before the one in use: the newest snapshot wins. */
  'pricing_snapshot_older',
] as const;

/** Bare metal: the provider registry, capacity placement and Redfish power control (`engine/baremetal`). */
export const BAREMETAL_ERROR_CODES = [
  /** A registry file is not valid TOML or breaks the format; `details.problems` lists file, line and what is wrong. */
  'registry_invalid',
  /** A registry with this name is already recorded. */
  'registry_exists',
  /** `git clone` or `git fetch` of a registry failed; the message carries git's own words. */
  'registry_sync_failed',
  /** No registered machine satisfies a node's requirements; the message says what each candidate lacks. */
  'capacity_unavailable',
  /** A BMC could not be reached (refused, timed out, DNS). */
  'bmc_unreachable',
  /** A BMC answered with an error status or an unexpected document. */
  'bmc_failed',
  /** A BMC credential reference names an environment variable that is not set. */
  'bmc_credentials_missing',
] as const;

/** Every error code, subsystem by subsystem. */
export const ERROR_CODES = [
  ...GENERAL_ERROR_CODES,
  ...API_ERROR_CODES,
  ...SERVER_ERROR_CODES,
  ...CLIENT_ERROR_CODES,
  ...JOB_ERROR_CODES,
  ...STORE_ERROR_CODES,
  ...FILE_ERROR_CODES,
  ...EXPRESSION_ERROR_CODES,
  ...IPAM_ERROR_CODES,
  ...NAMING_ERROR_CODES,
  ...IMAGE_CATALOG_ERROR_CODES,
  ...SECRET_ERROR_CODES,
  ...CATALOG_ERROR_CODES,
  ...COMPONENT_ERROR_CODES,
  ...LANDING_ZONE_ERROR_CODES,
  ...PLANNING_ERROR_CODES,
  ...LIFECYCLE_ERROR_CODES,
  ...STACK_ERROR_CODES,
  ...DEPLOY_ERROR_CODES,
  ...PULUMI_ERROR_CODES,
  ...EVENT_ERROR_CODES,
  ...DIAGNOSTICS_ERROR_CODES,
  ...CLI_ERROR_CODES,
  ...OUTBOX_ERROR_CODES,
  ...IDENTITY_ERROR_CODES,
  ...APPROVAL_ERROR_CODES,
  ...SYNC_ERROR_CODES,
  ...NOTIFICATION_ERROR_CODES,
  // Backup and restore
  ...BACKUP_ERROR_CODES,
  ...CLOUD_ACCOUNT_ERROR_CODES,
  // Landing-zone bootstrap and environment provisioning.
  ...BOOTSTRAP_ERROR_CODES,
  ...RESERVED_ERROR_CODES,
  // Cost estimates.
  ...COST_ERROR_CODES,
  // Bare metal.
  ...BAREMETAL_ERROR_CODES,
] as const;

/** One stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether a code (from the wire, a stored record, a newer engine) is one this build knows. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}
