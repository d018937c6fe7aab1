-- SPDX-License-Identifier: Apache-2.0
-- 012_console_sessions.sql: sessions of the pharmacist console (/console/).
-- A session is opened by logging in with a token and lives in a cookie;
-- only a SHA-256 of the session id is kept, as for tokens.  A session ends
-- at logout, after the idle limit (console_idle_minutes) or at expires_at
-- (12 hours after login), whichever comes first; the token's own
-- revocation or expiry ends it too (the token is checked on every request).
CREATE TABLE console_session (
	id           INTEGER PRIMARY KEY,
	hash         TEXT NOT NULL UNIQUE,
	token_id     INTEGER NOT NULL REFERENCES token(id),
	csrf         TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	flash        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX console_session_expiry ON console_session(expires_at);
