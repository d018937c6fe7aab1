-- SPDX-License-Identifier: Apache-2.0
-- 015_counters.sql: counters the store keeps in the same transaction as
-- the writes they count, so reads of them are one primary-key lookup.
--
-- flag_open_count: open flags by severity, for /metrics (a GROUP BY over
-- every flag took seconds at a million rows).  store_flag_insert adds one,
-- store_flag_review (a person's review, or titrad superseding a flag)
-- takes one away.
CREATE TABLE flag_open_count (
	severity TEXT PRIMARY KEY CHECK (severity IN ('info', 'warning', 'critical')),
	n        INTEGER NOT NULL CHECK (n >= 0)
) STRICT;
INSERT INTO flag_open_count (severity, n)
	SELECT 'info', count(*) FROM flag WHERE status = 'open' AND severity = 'info';
INSERT INTO flag_open_count (severity, n)
	SELECT 'warning', count(*) FROM flag WHERE status = 'open' AND severity = 'warning';
INSERT INTO flag_open_count (severity, n)
	SELECT 'critical', count(*) FROM flag WHERE status = 'open' AND severity = 'critical';

-- data_version: one number every write that can change a patient-facing
-- body (patients, renal values, regimens and their events, medications,
-- flags, check-ins) raises, in its own transaction.  A cached response is
-- valid while the number it was made at is still the number read in the
-- request's snapshot; several titrad processes on one database see each
-- other's writes through it.
CREATE TABLE data_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	v  INTEGER NOT NULL
) STRICT;
INSERT INTO data_version (id, v) VALUES (1, 1);
