-- SPDX-License-Identifier: Apache-2.0
-- 013_no_stored_secrets.sql - no secret at rest in the idempotency table.
--
-- Earlier versions stored the answer of POST /v1/tokens with an
-- Idempotency-Key, and that answer holds the new token in clear; a replay
-- handed it out again.  titrad now refuses Idempotency-Key on that route
-- (422), and the answers already stored are deleted here.  secure_delete
-- (set on every connection) overwrites the freed pages.
-- A stored answer holding any string that starts "ttd_" holds a plain token.
DELETE FROM idempotency WHERE CAST(body AS TEXT) LIKE '%"ttd\_%' ESCAPE '\';
