/**
 * Tables of the durable mailbox. `messages` is claimed in (priority DESC, seq) order and its index
 * has exactly that order, so a claim reads the first index entry instead of sorting.
 */
export const MAILBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  seq          INTEGER PRIMARY KEY,
  priority     INTEGER NOT NULL,
  kind         INTEGER NOT NULL,
  origin       INTEGER NOT NULL,
  sender       BLOB,
  request_id   TEXT    NOT NULL,
  route_key    TEXT    NOT NULL,
  payload      BLOB    NOT NULL,
  payload_type INTEGER NOT NULL,
  timeout_ms   INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  lineage      TEXT     -- the caller's trace context and waiting actors, JSON (see lineage-column.ts)
);
CREATE INDEX IF NOT EXISTS messages_claim ON messages (priority DESC, seq);
-- Append-only, keyed by rowid (see StoredResults). "results" was its request_id-keyed predecessor.
DROP TABLE IF EXISTS results;
CREATE TABLE IF NOT EXISTS stored_results (
  id            INTEGER PRIMARY KEY,
  sender        BLOB,
  request_id    TEXT    NOT NULL,
  payload       BLOB,
  error_code    INTEGER,
  error_message TEXT,
  stored_at     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
  id           INTEGER PRIMARY KEY,
  reason       TEXT    NOT NULL,
  payload_type INTEGER,
  sender       BLOB,
  route_key    TEXT,
  request_id   TEXT,
  data         BLOB,     -- the first bytes of the data only
  failed_at    INTEGER NOT NULL,
  data_length  INTEGER,  -- of the whole data
  data_sha256  TEXT      -- of the whole data, hex
);
-- The process holding the mailbox (see lockMailbox); one row while it runs.
CREATE TABLE IF NOT EXISTS owner (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  pid   INTEGER NOT NULL,
  since INTEGER NOT NULL
);
`;

export const CLAIM_SQL = `
SELECT seq, kind, origin, sender, request_id, route_key, payload, payload_type, timeout_ms, received_at, lineage
FROM messages
ORDER BY priority DESC, seq
LIMIT ?`;

/** Mailboxes made before the `lineage` column get it (NULL for the messages they hold). */
export const MESSAGES_COLUMNS_ADDED = [{ name: "lineage", sql: "ALTER TABLE messages ADD COLUMN lineage TEXT" }] as const;
