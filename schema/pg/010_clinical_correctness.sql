-- SPDX-License-Identifier: Apache-2.0
-- 010_clinical_correctness.sql (PostgreSQL): the DDL of step 010; its data rows come from ../010_clinical_correctness.sql.

-- ============================================================ listed_role
-- The section-4 interaction rules also apply when the drug titrad titrates is
-- on the medication list (no regimen): an ingredient whose ATC code starts
-- with atc_prefix takes the titrated drug's part in rule_id.  Gabapentin and
-- gabapentin enacarbil carry N02BF01, pregabalin N02BF02; rotigotine
-- (N04BC09) takes the dopamine-agonist class rules only.
CREATE TABLE listed_role (
  atc_prefix TEXT NOT NULL,
  titrated   TEXT NOT NULL CHECK (titrated IN ('pramipexole','ropinirole','gabapentin')),
  rule_id    TEXT NOT NULL REFERENCES rule(id),
  source     TEXT NOT NULL,
  PRIMARY KEY (atc_prefix, rule_id)
);
