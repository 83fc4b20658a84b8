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
  received_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_claim ON messages (priority DESC, seq);
CREATE TABLE IF NOT EXISTS results (
  request_id    TEXT PRIMARY KEY,
  payload       BLOB,
  error_code    INTEGER,
  error_message TEXT,
  stored_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS results_age ON results (stored_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  id           INTEGER PRIMARY KEY,
  reason       TEXT    NOT NULL,
  payload_type INTEGER,
  sender       BLOB,
  route_key    TEXT,
  request_id   TEXT,
  data         BLOB,
  failed_at    INTEGER NOT NULL
);
`;

export const CLAIM_SQL = `
SELECT m.seq, m.kind, m.origin, m.sender, m.request_id, m.route_key, m.payload, m.payload_type, m.timeout_ms,
       r.request_id, r.payload, r.error_code, r.error_message
FROM messages m LEFT JOIN results r ON r.request_id = m.request_id
ORDER BY m.priority DESC, m.seq
LIMIT ?`;
