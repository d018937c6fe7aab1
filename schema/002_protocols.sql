-- SPDX-License-Identifier: Apache-2.0
-- 002_protocols.sql: the default titration protocols.
--
-- Source: the clinical source text (the RLS/PLMS review titrad is built on),
-- titrad's default protocols.  These doses go beyond the
-- product labels (pramipexole RLS label maximum 0.5 mg/day, ropinirole
-- 4 mg/day with weekly steps, gabapentin IR not approved for RLS); titrad
-- follows the protocol and raises label.* flags for every departure.
-- unit_ug is the smallest dose increment a regimen may use (tablet and
-- capsule strengths): pramipexole 0.125 mg, ropinirole 0.25 mg, gabapentin 100 mg.
INSERT INTO protocol (drug, start_ug, step_ug, interval_days, max_ug, unit_ug, timing, offset_minutes, source) VALUES
	('pramipexole',  125,    125,  2,    4000,   125, 'before_onset',   120,
	 'RLS/PLMS review (clinical source text): 0.125 mg 2 h before symptom onset, +0.125 mg every 2 nights, cap 4 mg'),
	('ropinirole',   500,    250,  1,    3000,   250, 'before_onset',   120,
	 'RLS/PLMS review (clinical source text): 0.5 mg 2 h before symptom onset, +0.25 mg every night, cap 3 mg'),
	('gabapentin',   300000, 300000, 7,  2700000, 100000, 'before_bedtime', 60,
	 'RLS/PLMS review (clinical source text): 300 mg at bedtime, +300 mg every week, cap 2700 mg; titrad doses 60 min before bedtime');
