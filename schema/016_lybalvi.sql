-- SPDX-License-Identifier: Apache-2.0
-- 016_lybalvi.sql - olanzapine with samidorphan (clinical.md 8: a hiding place).
--
-- LYBALVI is olanzapine with samidorphan; unrecognised, it hid olanzapine
-- (an RLS aggravator and a dopamine antagonist beside the agonists).  Both
-- ingredients are listed, so the brand resolves to all it contains.
-- Samidorphan has no WHO ATC code of its own: its atc is empty, so no
-- ATC rule matches it and no ATC lookup finds it; the medication still
-- shows it by name, for the pharmacist (it is an opioid antagonist: the
-- label contraindicates it with opioids).  ON CONFLICT: a step applied
-- again (a database taken back a version) changes nothing.
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('samidorphan', '', NULL, 'openFDA NDC directory 65757-651 (LYBALVI, Alkermes): active ingredients olanzapine, samidorphan L-malate; no WHO ATC code of its own')
  ON CONFLICT DO NOTHING;
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('lybalvi', (SELECT id FROM ingredient WHERE name = 'olanzapine'), 'combination', 'openFDA NDC directory 65757-651; US label, DailyMed set 32ffddd1-4e2b-45d9-9b36-bb730167ec80'),
  ('lybalvi', (SELECT id FROM ingredient WHERE name = 'samidorphan'), 'combination', 'openFDA NDC directory 65757-651; US label, DailyMed set 32ffddd1-4e2b-45d9-9b36-bb730167ec80')
  ON CONFLICT DO NOTHING;
