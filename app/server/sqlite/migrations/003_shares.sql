-- Read-only links to a range of a user's record. The ciphertext was sealed
-- on the device with a key the server never sees (it lives in the link's
-- fragment); the label, with the account's key. Times are Unix seconds, so
-- they compare as numbers; revoked is 0 while the link is live. A revoked or
-- expired link keeps its row without its ciphertext, so its page can still
-- say what became of it.
CREATE TABLE shares (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  label      BLOB NOT NULL,
  ciphertext BLOB,
  created    INTEGER NOT NULL,
  expires    INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX shares_by_user ON shares (user_id, created);
CREATE INDEX shares_by_expiry ON shares (expires) WHERE ciphertext IS NOT NULL;
