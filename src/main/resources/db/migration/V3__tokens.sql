-- Tokens: what V1 lacked once the token package was written.

-- A refresh hands out access tokens with the lifetime their family was minted with.
ALTER TABLE refresh_tokens ADD COLUMN access_ttl_seconds INT DEFAULT 3600 NOT NULL;
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);
CREATE INDEX used_assertions_by_expiry ON used_assertions (expires_at);

-- The revocation list for access tokens that are not yet expired: revoked client certificates (kind
-- 'certificate') and refresh-token families revoked because a spent token was reused or the user lost the
-- role (kind 'family'). Entries outlive the rows they name (deleting a client deletes its certificates)
-- for as long as a token naming them could be unexpired. Every node keeps the whole list in memory, so an
-- access token is checked against it without touching the database.
CREATE TABLE revocation_list (
    kind          VARCHAR(12)              NOT NULL,
    credential_id BIGINT                   NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    keep_until    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, credential_id)
);
CREATE INDEX revocation_list_by_keep_until ON revocation_list (keep_until);
