import type { PostgresMigration } from '../migration.js';
import { migration0001 } from './0001-records.js';
import { migration0002 } from './0002-resolvers.js';
import { migration0003 } from './0003-catalog.js';
import { migration0004 } from './0004-deployments.js';
import { migration0005 } from './0005-audit-context.js';
import { migration0006 } from './0006-identity.js';
import { migration0007 } from './0007-tenants.js';
import { migration0008 } from './0008-row-level-security.js';
import { migration0009 } from './0009-job-claims.js';
import { migration0010 } from './0010-leases.js';
import { migration0011 } from './0011-approvals.js';
import { migration0012 } from './0012-notifications.js';
import { migration0013 } from './0013-idempotency-keys.js';
import { migration0014 } from './0014-topology-documents.js';
import { migration0015 } from './0015-draft-documents.js';
import { migration0016 } from './0016-template-component-defaults.js';
import { migration0017 } from './0017-cloud-accounts.js';
import { migration0018 } from './0018-landing-zone-bootstrap.js';
import { migration0019 } from './0019-cost-estimates.js';
import { migration0020 } from './0020-baremetal.js';

/** Every PostgreSQL migration in order; the last one's version is the schema version this build writes. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
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
];
