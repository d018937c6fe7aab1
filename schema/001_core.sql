-- SPDX-License-Identifier: Apache-2.0
-- 001_core.sql: patients, regimens and their dated events, tokens, audit.
--
-- Units are integers throughout: doses in micrograms (_ug), CrCl in tenths
-- of mL/min (_dml), weight in tenths of kg, serum creatinine in hundredths
-- of mg/dL, ferritin in tenths of ng/mL, TSAT in tenths of a percent.
-- Dates are 'YYYY-MM-DD', times 'HH:MM', timestamps RFC 3339 UTC.

-- Titration protocols: the clinical numbers are data (002_protocols.sql).
CREATE TABLE protocol (
	drug           TEXT PRIMARY KEY,
	start_ug       INTEGER NOT NULL CHECK (start_ug > 0),
	step_ug        INTEGER NOT NULL CHECK (step_ug > 0),
	interval_days  INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 28),
	max_ug         INTEGER NOT NULL CHECK (max_ug >= start_ug),
	unit_ug        INTEGER NOT NULL CHECK (unit_ug > 0),
	timing         TEXT NOT NULL CHECK (timing IN ('before_onset', 'before_bedtime')),
	offset_minutes INTEGER NOT NULL CHECK (offset_minutes BETWEEN 0 AND 720),
	source         TEXT NOT NULL,
	CHECK (start_ug % unit_ug = 0 AND step_ug % unit_ug = 0 AND max_ug % unit_ug = 0)
) STRICT;

CREATE TABLE patient (
	id              INTEGER PRIMARY KEY,
	external_id     TEXT NOT NULL UNIQUE,
	display_name    TEXT NOT NULL,
	crcl_given_dml  INTEGER CHECK (crcl_given_dml BETWEEN 0 AND 2500),
	age             INTEGER CHECK (age BETWEEN 0 AND 130),
	sex             TEXT CHECK (sex IN ('female', 'male')),
	weight_dkg      INTEGER CHECK (weight_dkg BETWEEN 1 AND 5000),
	scr_cmgdl       INTEGER CHECK (scr_cmgdl BETWEEN 1 AND 3000),
	dialysis        INTEGER NOT NULL DEFAULT 0 CHECK (dialysis IN (0, 1)),
	ferritin_dng    INTEGER CHECK (ferritin_dng >= 0),
	tsat_dpct       INTEGER CHECK (tsat_dpct BETWEEN 0 AND 1000),
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
) STRICT;

-- Renal function is dated: a change applies from its night on, never before.
-- crcl_dml is the value in force (given, or Cockcroft-Gault), NULL if unknown.
CREATE TABLE patient_renal (
	id             INTEGER PRIMARY KEY,
	patient_id     INTEGER NOT NULL REFERENCES patient(id),
	effective_date TEXT NOT NULL,
	crcl_dml       INTEGER,
	dialysis       INTEGER NOT NULL CHECK (dialysis IN (0, 1)),
	created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX patient_renal_patient ON patient_renal(patient_id, effective_date, id);

CREATE TABLE regimen (
	id             INTEGER PRIMARY KEY,
	patient_id     INTEGER NOT NULL REFERENCES patient(id),
	drug           TEXT NOT NULL REFERENCES protocol(drug),
	start_date     TEXT NOT NULL,
	symptom_onset  TEXT,
	bedtime        TEXT,
	dose_time      TEXT NOT NULL,
	start_ug       INTEGER NOT NULL CHECK (start_ug > 0),
	step_ug        INTEGER NOT NULL CHECK (step_ug > 0),
	interval_days  INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 28),
	max_ug         INTEGER NOT NULL CHECK (max_ug >= start_ug),
	status         TEXT NOT NULL CHECK (status IN ('active', 'held', 'tapering', 'stopped')),
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX regimen_patient ON regimen(patient_id, id);
-- One running regimen of a drug per patient.
CREATE UNIQUE INDEX regimen_one_active ON regimen(patient_id, drug)
	WHERE status IN ('active', 'held');

-- Changes to a regimen are appended, never rewritten.
CREATE TABLE regimen_event (
	id          INTEGER PRIMARY KEY,
	regimen_id  INTEGER NOT NULL REFERENCES regimen(id),
	kind        TEXT NOT NULL CHECK (kind IN ('hold', 'resume', 'stop', 'taper')),
	night_date  TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX regimen_event_regimen ON regimen_event(regimen_id, night_date, id);

-- Only a SHA-256 of each token is kept.
CREATE TABLE token (
	id           INTEGER PRIMARY KEY,
	label        TEXT NOT NULL UNIQUE,
	role         TEXT NOT NULL CHECK (role IN ('admin', 'clinic', 'pharmacist', 'patient')),
	patient_id   INTEGER REFERENCES patient(id),
	hash         TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT,
	expires_at   TEXT,
	revoked_at   TEXT,
	CHECK ((role = 'patient') = (patient_id IS NOT NULL))
) STRICT;

-- Append-only: who did what, when.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	role      TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id INTEGER,
	detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
