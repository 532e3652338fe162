-- Up Migration

-- Generic JSON records, one row per (collection, key): chats, broadcasts, ledgers, reports, ...
CREATE TABLE records (
  collection text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  PRIMARY KEY (collection, key)
);

-- Conversations at rest (pledge forms, sealed report drafts): gone once expired.
CREATE TABLE expiring (
  collection text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (collection, key)
);
CREATE INDEX expiring_expires_at ON expiring (expires_at);

-- Rate-limit counters shared by every instance: a window opens at the first event.
CREATE TABLE counters (
  key text PRIMARY KEY,
  count integer NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Leases: the reminder scheduler's leadership, per-chat delivery claims.
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Pledges: the uniqueness rules are constraints, so they hold across instances.
CREATE TABLE pledges (
  receipt text PRIMARY KEY,
  user_id text NOT NULL UNIQUE,
  nip_hash text NOT NULL UNIQUE,
  pledged_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX pledges_pledged_at ON pledges (pledged_at, receipt);

-- Running counts per agency, region and province, kept in the pledge's transaction.
CREATE TABLE pledge_tallies (
  kind text NOT NULL,
  key text NOT NULL,
  id text NOT NULL,
  label text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX pledge_tallies_rank ON pledge_tallies (kind, count DESC, label);
CREATE INDEX pledge_tallies_id ON pledge_tallies (kind, id);

-- Down Migration
DROP TABLE pledge_tallies;
DROP TABLE pledges;
DROP TABLE leases;
DROP TABLE counters;
DROP TABLE expiring;
DROP TABLE records;
