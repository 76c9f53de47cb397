import type { Migration } from './migration';

// The first schema: accounts, triggers, the outbox (items), fetch state per source, the activity
// log (runs), per-host limits and a small key/value table for engine bookkeeping. STRICT tables;
// string literals in single quotes (better-sqlite3 is built with SQLITE_DQS=0).
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,
        name TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE triggers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        provider_service TEXT NOT NULL,
        provider_account_id INTEGER REFERENCES accounts(id) ON DELETE RESTRICT,
        provider_params TEXT NOT NULL DEFAULT '{}',
        source_key TEXT NOT NULL,
        consumer_service TEXT NOT NULL,
        consumer_account_id INTEGER REFERENCES accounts(id) ON DELETE RESTRICT,
        consumer_params TEXT NOT NULL DEFAULT '{}',
        interval_s INTEGER,
        include_words TEXT NOT NULL DEFAULT '[]',
        exclude_words TEXT NOT NULL DEFAULT '[]',
        template TEXT NOT NULL DEFAULT '',
        max_per_run INTEGER NOT NULL DEFAULT 10,
        notify INTEGER NOT NULL DEFAULT 1,
        first_run_latest INTEGER NOT NULL DEFAULT 0,
        baseline_at INTEGER,
        next_fetch_at INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        paused_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX triggers_due ON triggers (enabled, next_fetch_at);
      CREATE INDEX triggers_source ON triggers (source_key);

      CREATE TABLE fetch_state (
        source_key TEXT PRIMARY KEY,
        url TEXT,
        etag TEXT,
        last_modified TEXT,
        cursor TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        trigger_id INTEGER NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'retry', 'failed', 'skipped', 'filtered')),
        reason TEXT,
        title TEXT NOT NULL,
        url TEXT,
        published TEXT,
        data TEXT,
        idempotency_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        lease TEXT,
        last_error TEXT,
        remote_id TEXT,
        found_at INTEGER NOT NULL,
        sent_at INTEGER,
        UNIQUE (trigger_id, key)
      ) STRICT;
      CREATE INDEX items_publishable ON items (state, next_attempt_at) WHERE state IN ('pending', 'retry', 'sending');
      CREATE INDEX items_trigger_state ON items (trigger_id, state);

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        trigger_id INTEGER,
        trigger_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('fetch', 'publish')),
        provider TEXT NOT NULL,
        consumer TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'unchanged', 'error', 'skipped')),
        new_count INTEGER NOT NULL DEFAULT 0,
        published_count INTEGER NOT NULL DEFAULT 0,
        failed_count INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        duration_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX runs_trigger ON runs (trigger_id, id);
      CREATE INDEX runs_at ON runs (at);

      CREATE TABLE host_limits (
        host TEXT PRIMARY KEY,
        not_before INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        max_connections INTEGER
      ) STRICT;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
