-- SPDX-License-Identifier: Apache-2.0
-- 014_instance.sql (PostgreSQL): the DDL of step 014; its data rows come from ../014_instance.sql.

-- 014_instance.sql: an id of this database, made once at random, so that
-- identifiers minted from row ids (calendar event UIDs) differ between two
-- titrad installations even with the same configuration.  Never changed:
-- a backup restored elsewhere keeps it, as its UIDs must stay the same.
CREATE TABLE instance (
	id TEXT NOT NULL CHECK (length(id) = 16)
);
