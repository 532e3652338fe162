-- Up Migration

-- Telegram's global flood limit (about 30 messages a second per bot token), kept by every
-- instance together: rate-limiter-flexible's PostgreSQL store (its own table layout).
CREATE TABLE flood_limit (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- Down Migration
DROP TABLE flood_limit;
