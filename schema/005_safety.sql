-- SPDX-License-Identifier: Apache-2.0
-- 005_safety.sql: label limits, the patient's medication list and the flag queue.

-- Where the product labels and the 2024 AASM guideline part from the clinical
-- source protocol (the RLS/PLMS review).  Each departure is a flag.
CREATE TABLE label_limit (
	drug             TEXT PRIMARY KEY REFERENCES protocol(drug),
	max_ug           INTEGER NOT NULL DEFAULT 0,   -- labelled RLS daily maximum (0: none)
	start_max_ug     INTEGER NOT NULL DEFAULT 0,   -- highest labelled start dose (0: none)
	min_interval     INTEGER NOT NULL DEFAULT 0,   -- fewest nights between labelled steps (0: none)
	single_max_ug    INTEGER NOT NULL DEFAULT 0,   -- largest labelled single dose (0: none)
	off_label        INTEGER NOT NULL DEFAULT 0 CHECK (off_label IN (0, 1)),
	dopamine_agonist INTEGER NOT NULL DEFAULT 0 CHECK (dopamine_agonist IN (0, 1)),
	taper_required   INTEGER NOT NULL DEFAULT 0 CHECK (taper_required IN (0, 1)),
	source           TEXT NOT NULL
) STRICT;

INSERT INTO label_limit (drug, max_ug, start_max_ug, min_interval, single_max_ug, off_label, dopamine_agonist, taper_required, source) VALUES
	('pramipexole', 500, 0, 4, 0, 0, 1, 1,
	 'Mirapex US label: RLS maximum 0.5 mg/day; Sifrol PI: steps every 4-7 days; AASM 2024 (PMID 39324694): against standard use of dopamine agonists; labels: re-titrate after a gap, taper on stopping'),
	('ropinirole', 4000, 250, 7, 0, 0, 1, 1,
	 'Adartrel SmPC / Requip US label: start 0.25 mg, weekly steps, RLS maximum 4 mg/day; AASM 2024 (PMID 39324694)'),
	('gabapentin', 0, 0, 0, 1200000, 1, 0, 1,
	 'openFDA gabapentin labels: not approved for RLS (US, CA), daily doses of 900 mg and more divided; MIMS label: taper over at least 1 week');

CREATE TABLE medication (
	id          INTEGER PRIMARY KEY,
	patient_id  INTEGER NOT NULL REFERENCES patient(id),
	name        TEXT NOT NULL,
	started     TEXT,
	stopped     TEXT,
	status      TEXT NOT NULL CHECK (status IN ('active', 'stopped')),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX medication_patient ON medication(patient_id, status, id);

CREATE TABLE medication_ingredient (
	medication_id INTEGER NOT NULL REFERENCES medication(id),
	position      INTEGER NOT NULL,
	ingredient_id INTEGER NOT NULL REFERENCES ingredient(id),
	PRIMARY KEY (medication_id, position)
) STRICT;

-- A finding for a pharmacist.  The key (patient, rule, medication, regimen)
-- is raised at most once while a flag with that key is not resolved.
CREATE TABLE flag (
	id            INTEGER PRIMARY KEY,
	patient_id    INTEGER NOT NULL REFERENCES patient(id),
	regimen_id    INTEGER REFERENCES regimen(id),
	medication_id INTEGER REFERENCES medication(id),
	rule          TEXT NOT NULL REFERENCES rule(id),
	severity      TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
	summary       TEXT NOT NULL,
	detail        TEXT NOT NULL,
	source        TEXT NOT NULL,
	kb_version    TEXT NOT NULL,
	status        TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'overridden', 'resolved')),
	created_at    TEXT NOT NULL,
	reviewed_by   TEXT,
	reviewed_at   TEXT,
	review_note   TEXT
) STRICT;
CREATE UNIQUE INDEX flag_live_key ON flag(patient_id, rule, coalesce(medication_id, 0), coalesce(regimen_id, 0))
	WHERE status <> 'resolved';
CREATE INDEX flag_status ON flag(status, id);
CREATE INDEX flag_patient ON flag(patient_id, id);
CREATE INDEX flag_regimen ON flag(regimen_id) WHERE regimen_id IS NOT NULL;
CREATE INDEX flag_medication ON flag(medication_id) WHERE medication_id IS NOT NULL;
