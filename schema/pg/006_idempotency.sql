-- SPDX-License-Identifier: Apache-2.0
-- 006_idempotency.sql (PostgreSQL): the DDL of step 006; its data rows come from ../006_idempotency.sql.

-- 006_idempotency.sql: stored responses for POST requests with an Idempotency-Key.
--
-- A repeat by the same token with the same key and request within 24 h gets
-- the first response again and writes nothing new.  The row is written in
-- the same transaction as the request's own writes, so a crash can never
-- leave a write without its stored answer, or the reverse.
CREATE TABLE idempotency (
	token_id     BIGINT NOT NULL,
	key          TEXT NOT NULL,
	request_hash TEXT NOT NULL,     -- SHA-256 of method, path and body
	status       BIGINT NOT NULL,
	content_type TEXT NOT NULL,
	location     TEXT NOT NULL DEFAULT '',
	etag         TEXT NOT NULL DEFAULT '',
	body         BYTEA NOT NULL,
	created_at   TEXT NOT NULL,
	PRIMARY KEY (token_id, key)
);

CREATE INDEX idempotency_created ON idempotency(created_at);
