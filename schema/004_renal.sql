-- SPDX-License-Identifier: Apache-2.0
-- 004_renal.sql: renal dose limits by creatinine clearance (Neurontin and Requip US labels; pramipexole rows from the RLS/PLMS review, grade U).
--
-- Bounds are inclusive, in tenths of mL/min.  The label's band edges are used
-- as written (">30-59", ">15-29"): CrCl 30.0 falls in the 700 mg band, the
-- more conservative one.  cap_ug_per_dml encodes the proportional band
-- "300 mg/day x CrCl / 15" (= 2000 ug per 0.1 mL/min); the engine rounds it
-- down to the 100 mg unit with a floor of one unit.  dialysis: NULL any,
-- 0 only off dialysis, 1 only on haemodialysis.
CREATE TABLE renal_band (
	id             INTEGER PRIMARY KEY,
	drug           TEXT NOT NULL REFERENCES protocol(drug),
	lo_dml         INTEGER NOT NULL,
	hi_dml         INTEGER NOT NULL,
	dialysis       INTEGER CHECK (dialysis IN (0, 1)),
	cap_ug         INTEGER NOT NULL DEFAULT 0,
	cap_ug_per_dml INTEGER NOT NULL DEFAULT 0,
	min_interval   INTEGER NOT NULL DEFAULT 0,
	rule           TEXT NOT NULL DEFAULT '',
	severity       TEXT NOT NULL DEFAULT '' CHECK (severity IN ('', 'info', 'warning', 'critical')),
	source         TEXT NOT NULL,
	CHECK (lo_dml <= hi_dml)
) STRICT;

INSERT INTO renal_band (drug, lo_dml, hi_dml, dialysis, cap_ug, cap_ug_per_dml, min_interval, rule, severity, source) VALUES
	('gabapentin',    600, 1000000, NULL, 3600000,    0,  0, '', '',
	 'Neurontin label renal table: CrCl >= 60, 900-3600 mg/day; protocol cap 2700 mg stands (grade S)'),
	('gabapentin',    301,     599, NULL, 1400000,    0,  0, 'renal.gabapentin-cap', 'warning',
	 'Neurontin label renal table: CrCl >30-59, 400-1400 mg/day (grade S)'),
	('gabapentin',    151,     300, NULL,  700000,    0,  0, 'renal.gabapentin-cap', 'warning',
	 'Neurontin label renal table: CrCl >15-29, 200-700 mg/day (grade S)'),
	('gabapentin',      0,     150, NULL,       0, 2000,  0, 'renal.gabapentin-cap', 'warning',
	 'Neurontin label renal table: CrCl <15, 300 mg/day x CrCl/15 (grade S)'),
	('gabapentin',      0, 1000000, 1,          0,    0,  0, 'renal.dialysis', 'info',
	 'Neurontin label: haemodialysis patients dose by CrCl; supplemental post-dialysis dose is the dialysis unit''s decision (grade S)'),
	('pramipexole',     0,     600, NULL,       0,    0, 14, 'renal.pramipexole-interval', 'warning',
	 'RLS/PLMS review (clinical source text): CrCl <= 60, at least 14 days between titration steps (grade U)'),
	('pramipexole',     0,     199, NULL,       0,    0, 14, 'renal.not-studied', 'critical',
	 'RLS/PLMS review (clinical source text): CrCl < 20 not studied (grade U)'),
	('ropinirole',      0,     299, 0,          0,    0,  0, 'renal.not-studied', 'warning',
	 'Requip/Adartrel label: CrCl < 30 without haemodialysis not studied (grade V)'),
	('ropinirole',      0, 1000000, 1,       3000,    0,  0, '', '',
	 'Requip label: haemodialysis, max 3 mg/day; the protocol cap already is 3 mg (grade S)');
