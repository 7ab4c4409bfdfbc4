-- What each user stores, kept up to date by every push, so the quota is
-- checked without summing the user's records.
ALTER TABLE users ADD COLUMN record_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN byte_count INTEGER NOT NULL DEFAULT 0;
UPDATE users SET
  record_count = (SELECT count(*) FROM records r WHERE r.user_id = users.id),
  byte_count = (SELECT coalesce(sum(length(r.ciphertext)), 0) FROM records r WHERE r.user_id = users.id);

-- A stored result no longer carries the server's record on a conflict (a
-- retry reads the record as it is then): drop the copies kept so far.
UPDATE mutation_results SET result = json_remove(result, '$.current') WHERE json_extract(result, '$.current') IS NOT NULL;
