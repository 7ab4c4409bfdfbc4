-- Users, their devices, their records. Every record belongs to one user and
-- its id is only unique within that user, so no query can reach another
-- user's records without naming that user.
CREATE TABLE users (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  seq     INTEGER NOT NULL DEFAULT 0, -- the last version given to one of the user's records
  created TEXT NOT NULL
);

CREATE TABLE pairing_codes (
  code_hash BLOB PRIMARY KEY,          -- SHA-256 of the code; the code itself is never stored
  user_id   INTEGER NOT NULL REFERENCES users(id),
  expires   TEXT NOT NULL
);

CREATE TABLE devices (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,     -- SHA-256 of the token
  created    TEXT NOT NULL,
  revoked    TEXT,
  last_mid   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE records (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  record_id  TEXT NOT NULL,
  version    INTEGER NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  ciphertext BLOB,
  PRIMARY KEY (user_id, record_id)
);
CREATE INDEX records_by_version ON records (user_id, version);

-- The result of every applied mid, so a retried push gets the same answer.
CREATE TABLE mutation_results (
  device_id INTEGER NOT NULL REFERENCES devices(id),
  mid       INTEGER NOT NULL,
  result    TEXT NOT NULL,
  PRIMARY KEY (device_id, mid)
);
