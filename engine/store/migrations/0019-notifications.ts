import type { Migration } from '../migration.js';

/**
 * The notification gateway: channels (email, webhook, in-app) per tenant, subscriptions (who hears
 * about what), templates per event type, and one notification row per recipient and channel with its
 * delivery (attempts, next attempt, the claim and lease of the worker sending it, the last error).
 */
export const migration0019: Migration = {
  version: 19,
  name: 'notifications',
  up(db) {
    db.exec(`
      CREATE TABLE notification_channels (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'in-app')),
        config TEXT NOT NULL,
        secret_ref TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (tenant, name)
      ) STRICT;

      CREATE TABLE notification_subscriptions (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        event_type TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        recipient TEXT,
        environment TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX notification_subscriptions_event ON notification_subscriptions (tenant, event_type);

      CREATE TABLE notification_templates (
        tenant TEXT NOT NULL,
        event_type TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, event_type)
      ) STRICT;

      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        event_type TEXT NOT NULL,
        channel_id TEXT,
        channel_kind TEXT NOT NULL CHECK (channel_kind IN ('email', 'webhook', 'in-app')),
        recipient TEXT,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'sent', 'dead', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        claim TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        read_at TEXT
      ) STRICT;
      CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('pending', 'processing');
      CREATE INDEX notifications_recipient ON notifications (tenant, recipient, created_at);
    `);
  },
};
