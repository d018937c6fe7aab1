-- SPDX-License-Identifier: Apache-2.0
-- 015_counters.sql (PostgreSQL): the DDL of step 015; its data rows come from ../015_counters.sql.

-- flag_open_count: open flags by severity, kept by the store in the same
-- transaction as every flag insert and review (/metrics reads three rows).
CREATE TABLE flag_open_count (
	severity TEXT PRIMARY KEY CHECK (severity IN ('info', 'warning', 'critical')),
	n        BIGINT NOT NULL CHECK (n >= 0)
);

-- data_version: raised at the commit of every write a cached body can show;
-- every instance on this database compares it in its request's snapshot.
CREATE TABLE data_version (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	v  BIGINT NOT NULL
);
