-- SPDX-License-Identifier: Apache-2.0
-- 008_flag_indexes.sql (PostgreSQL): the DDL of step 008; its data rows come from ../008_flag_indexes.sql.

-- 008_flag_indexes.sql: flag lookups by regimen and by medication in id order.
--
-- The calendar feeds read a regimen's live flags on every request; with
-- (regimen_id, id) the lookup stays flat however many flags the table holds.
DROP INDEX flag_regimen;

DROP INDEX flag_medication;

CREATE INDEX flag_regimen ON flag(regimen_id, id) WHERE regimen_id IS NOT NULL;

CREATE INDEX flag_medication ON flag(medication_id, id) WHERE medication_id IS NOT NULL;
