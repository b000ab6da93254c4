import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/** The tables of the notification gateway, each with the tenant policy. */
export const NOTIFICATION_TABLES = ['notification_channels', 'notification_subscriptions', 'notification_templates', 'notifications'];

/**
 * The notification gateway: channels (email, webhook, in-app) per tenant, subscriptions (who hears
 * about what), templates per event type, and one notification row per recipient and channel with its
 * delivery (attempts, next attempt, the claim and lease of the worker sending it, the last error).
 * Every table belongs to a tenant, with the row-level security policy the other tenant tables have.
 */
export const migration0012: PostgresMigration = {
  version: 12,
  name: 'notifications',
  async up(sql) {
    await sql.run(`
      CREATE TABLE notification_channels (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        name text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('email', 'webhook', 'in-app')),
        config jsonb NOT NULL,
        secret_ref text COLLATE "C",
        created_at timestamptz NOT NULL,
        created_by text COLLATE "C" NOT NULL,
        UNIQUE (tenant, name)
      );

      CREATE TABLE notification_subscriptions (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        event_type text COLLATE "C" NOT NULL,
        channel_id text COLLATE "C" NOT NULL,
        recipient text COLLATE "C",
        environment text COLLATE "C",
        created_at timestamptz NOT NULL,
        created_by text COLLATE "C" NOT NULL
      );
      CREATE INDEX notification_subscriptions_event ON notification_subscriptions (tenant, event_type);

      CREATE TABLE notification_templates (
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        event_type text COLLATE "C" NOT NULL,
        subject text COLLATE "C" NOT NULL,
        body text COLLATE "C" NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, event_type)
      );

      CREATE TABLE notifications (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        event_type text COLLATE "C" NOT NULL,
        channel_id text COLLATE "C",
        channel_kind text COLLATE "C" NOT NULL CHECK (channel_kind IN ('email', 'webhook', 'in-app')),
        recipient text COLLATE "C",
        subject text COLLATE "C" NOT NULL,
        body text COLLATE "C" NOT NULL,
        payload jsonb NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('pending', 'processing', 'sent', 'dead', 'discarded')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        claim text COLLATE "C",
        last_error text COLLATE "C",
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        read_at timestamptz
      );
      CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('pending', 'processing');
      CREATE INDEX notifications_recipient ON notifications (tenant, recipient, created_at);
    `);
    for (const table of NOTIFICATION_TABLES) {
      await sql.run(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await sql.run(`CREATE POLICY tenant_rows ON ${table} FOR ALL USING ${own()} WITH CHECK ${own()}`);
    }
  },
};
