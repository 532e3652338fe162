-- Up Migration

-- Webhook updates acknowledged to Telegram but not yet handled (sealed: they name the sender).
-- A row lives from the 200 until its handler finishes; a claim whose holder died runs out, and
-- another instance handles the row. `key` is a keyed hash of the chat and sender: one person's
-- updates in a chat are handled in update_id order. A handled update keeps only its id (no key,
-- no content) for an hour, so Telegram sending it again is not handled twice.
CREATE TABLE inbound_updates (
  update_id bigint PRIMARY KEY,
  key text,
  sealed text,
  claimed_by text,
  claimed_until timestamptz NOT NULL,
  handled_at timestamptz,
  CHECK ((handled_at IS NULL) = (sealed IS NOT NULL AND key IS NOT NULL))
);
CREATE INDEX inbound_updates_key ON inbound_updates (key, update_id) WHERE handled_at IS NULL;
CREATE INDEX inbound_updates_handled ON inbound_updates (handled_at) WHERE handled_at IS NOT NULL;

-- Down Migration
DROP TABLE inbound_updates;
