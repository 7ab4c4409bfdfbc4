-- Read-only links to a range of a user's record, as in SQLite's 003: the
-- ciphertext was sealed on the device with a key the server never sees;
-- times are Unix seconds; revoked is 0 while the link is live.
CREATE TABLE shares (
  id         TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  label      BYTEA NOT NULL,
  ciphertext BYTEA,
  created    BIGINT NOT NULL,
  expires    BIGINT NOT NULL,
  revoked    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX shares_by_user ON shares (user_id, created);
CREATE INDEX shares_by_expiry ON shares (expires) WHERE ciphertext IS NOT NULL;
