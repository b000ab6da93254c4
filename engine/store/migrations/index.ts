import type { Migration } from '../migration.js';
import { migration0001 } from './0001-settings-topologies.js';
import { migration0002 } from './0002-component-drafts.js';
import { migration0003 } from './0003-jobs.js';
import { migration0004 } from './0004-ipam.js';
import { migration0005 } from './0005-naming.js';
import { migration0006 } from './0006-secrets.js';
import { migration0007 } from './0007-landing-zones.js';
import { migration0008 } from './0008-components.js';
import { migration0009 } from './0009-deployments.js';
import { migration0010 } from './0010-topology-drafts.js';
import { migration0011 } from './0011-stacks.js';
import { migration0012 } from './0012-drift-history.js';
import { migration0013 } from './0013-audit-context.js';
import { migration0014 } from './0014-identity.js';
import { migration0015 } from './0015-naming-series-mark.js';
import { migration0016 } from './0016-tenants.js';
import { migration0017 } from './0017-leases.js';
import { migration0018 } from './0018-approvals.js';
import { migration0019 } from './0019-notifications.js';
import { migration0020 } from './0020-sync-outbox.js';
import { migration0021 } from './0021-topology-documents.js';
import { migration0022 } from './0022-document-replicas.js';
import { migration0023 } from './0023-replica-answers.js';
import { migration0024 } from './0024-lease-draws.js';
import { migration0025 } from './0025-document-replica-changes.js';
import { migration0026 } from './0026-draft-documents.js';
import { migration0027 } from './0027-template-component-defaults.js';
import { migration0028 } from './0028-cloud-accounts.js';
import { migration0029 } from './0029-landing-zone-bootstrap.js';
import { migration0030 } from './0030-cost-estimates.js';
import { migration0031 } from './0031-baremetal.js';

/** Every migration in order; the last one's version is the schema version this build writes. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
  migration0023,
  migration0024,
  migration0025,
  migration0026,
  migration0027,
  migration0028,
  migration0029,
  migration0030,
  migration0031,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
