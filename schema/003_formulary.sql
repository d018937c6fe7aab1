-- SPDX-License-Identifier: Apache-2.0
-- 003_formulary.sql: titrad clinical knowledge base (formulary, name matching, safety rules).
--
-- Sources:
--   * the RLS/PLMS review the default protocols come from (clinical source text), the product
--     labels, the FDA Drug Safety Communication of 2019-12-19 and AASM 2024 (J Clin Sleep Med,
--     PMID 39324694) for aggravators, withdrawal, interactions and the other rules; protocol and
--     renal facts are quoted in the rule texts.  Since 010 every row's source names only these.
--   * WHO ATC/DDD index (WHO Collaborating Centre for Drug Statistics Methodology) for every ATC code;
--     codes newer than older printed indexes (lumateperone N05AD10, cariprazine N05AX15, brexpiprazole
--     N05AX16, pimavanserin N05AX17, levomilnacipran N06AX28, oxymorphone N02AA11, trimethobenzamide
--     R06AA10, dimenhydrinate R06AA11, mirogabalin N02BF03) were cross-checked in WHO Drug Information
--     lists and public ATC-indexed drug references. Drugs whose code could not be confirmed were left out.
--   * US product labels (FDA/DailyMed) and EU/UK product information (SmPC) for brand names.
--   * RxNorm ingredient RXCUIs as listed in CPIC's drug table ; gabapentin 25480 and
--     dimenhydrinate 3444 added (RxNorm ingredient concepts, cross-checked); all others NULL.
--   * Knowledge-base version: kb_meta('kb_version') = '2026.11-1'.
--
-- Decisions:
--   * carbidopa and benserazide have no plain WHO code; both carry N04BA02 ('levodopa and
--     decarboxylase inhibitor'), the code of every product they occur in.
--   * gabapentin enacarbil has no WHO code of its own; it is a gabapentin prodrug and carries N02BF01
--     (a separate ingredient, so Horizant and Neurontin are distinguished by name).
--   * parenteral iron has no 5th-level WHO codes; the 4th level B03AC is stored.
--   * strip_word: 'magnesium' and 'aluminium' are NOT stripped (antacid ingredient names).
--     'calcium', 'sodium', 'potassium' are stripped (no ingredient name contains them).
--     Two ingredient names contain a salt word: 'magnesium carbonate' and 'ferrous sulfate'; the
--     matcher must look up the full normalised name before stripping salt words.
--   * drug_name holds brands, synonyms and combinations only; each ingredient's own name resolves
--     through ingredient.name. Release suffixes (XL, CR, ...) are stripped, so 'requip xl' is 'requip'.
--   * rule.grade: V read in a primary text, S secondary source, U not verified ('-' where none is given).
--
-- Runs inside the loader's transaction; no BEGIN/COMMIT/PRAGMA here.

CREATE TABLE kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- one row per active ingredient
CREATE TABLE ingredient (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,      -- lower-case INN
  atc    TEXT NOT NULL,             -- current WHO ATC code
  rxnorm INTEGER,                   -- RxNorm ingredient RXCUI where known
  source TEXT NOT NULL
) STRICT;
CREATE INDEX ingredient_atc ON ingredient(atc);

-- extra ATC codes an ingredient is also known by (former codes, other therapeutic uses, combination codes)
CREATE TABLE ingredient_alt_atc (atc TEXT NOT NULL, ingredient_id INTEGER NOT NULL REFERENCES ingredient(id), source TEXT NOT NULL, PRIMARY KEY (atc, ingredient_id)) STRICT;

-- names that resolve to ingredients (brands, synonyms, combination products: one row per ingredient)
CREATE TABLE drug_name (
  name TEXT NOT NULL,               -- lower-case, normalised
  ingredient_id INTEGER NOT NULL REFERENCES ingredient(id),
  kind TEXT NOT NULL CHECK (kind IN ('brand','synonym','combination')),
  source TEXT NOT NULL,
  PRIMARY KEY (name, ingredient_id)
) STRICT;

-- words the name matcher strips (salts, release suffixes, dose forms, units)
CREATE TABLE strip_word (word TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('salt','release','form','unit'))) STRICT;

-- safety rules; the C rule engine reads these. severity: info|warning|critical
CREATE TABLE rule (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('aggravator','ddi','withdrawal','label','renal','guideline','iron','formulary','stop')),
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  summary TEXT NOT NULL,
  detail TEXT NOT NULL,
  source TEXT NOT NULL,
  grade TEXT NOT NULL
) STRICT;

-- which ingredients a rule matches, by ATC prefix (a full code is a prefix of itself).
-- titrated: NULL for aggravator/withdrawal rules; for ddi rules the titrated drug the listed medication clashes with.
-- exclude=1 rows carve exceptions out of a prefix.
CREATE TABLE rule_atc (
  rule_id TEXT NOT NULL REFERENCES rule(id),
  atc_prefix TEXT NOT NULL,
  titrated TEXT CHECK (titrated IN ('pramipexole','ropinirole','gabapentin')),
  exclude INTEGER NOT NULL DEFAULT 0 CHECK (exclude IN (0,1)),
  source TEXT NOT NULL
) STRICT;
CREATE INDEX rule_atc_prefix ON rule_atc(atc_prefix);

INSERT INTO kb_meta(key,value) VALUES('kb_version','2026.11-1');

-- ============================================================ ingredient

-- SSRIs, all of N06AB (rls-aggravator.ssri; fluvoxamine also ddi.cyp1a2). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('zimeldine', 'N06AB02', NULL, 'WHO ATC index'),
  ('fluoxetine', 'N06AB03', 4493, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('citalopram', 'N06AB04', 2556, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('paroxetine', 'N06AB05', 32937, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('sertraline', 'N06AB06', 36437, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('alaproclate', 'N06AB07', NULL, 'WHO ATC index'),
  ('fluvoxamine', 'N06AB08', 42355, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('etoperidone', 'N06AB09', NULL, 'WHO ATC index'),
  ('escitalopram', 'N06AB10', 321988, 'WHO ATC index; RxNorm via CPIC drug table');

-- SNRIs (rls-aggravator.snri). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('venlafaxine', 'N06AX16', 39786, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('milnacipran', 'N06AX17', NULL, 'WHO ATC index'),
  ('duloxetine', 'N06AX21', 72625, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('desvenlafaxine', 'N06AX23', NULL, 'WHO ATC index'),
  ('levomilnacipran', 'N06AX28', NULL, 'WHO ATC index');

-- TCAs and other non-selective monoamine reuptake inhibitors, all of N06AA (rls-aggravator.tca). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('desipramine', 'N06AA01', 3247, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('imipramine', 'N06AA02', 5691, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('imipramine oxide', 'N06AA03', NULL, 'WHO ATC index'),
  ('clomipramine', 'N06AA04', 2597, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('opipramol', 'N06AA05', NULL, 'WHO ATC index'),
  ('trimipramine', 'N06AA06', NULL, 'WHO ATC index'),
  ('lofepramine', 'N06AA07', NULL, 'WHO ATC index'),
  ('dibenzepin', 'N06AA08', NULL, 'WHO ATC index'),
  ('amitriptyline', 'N06AA09', 704, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('nortriptyline', 'N06AA10', 7531, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('protriptyline', 'N06AA11', NULL, 'WHO ATC index'),
  ('doxepin', 'N06AA12', 3638, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('iprindole', 'N06AA13', NULL, 'WHO ATC index'),
  ('melitracen', 'N06AA14', NULL, 'WHO ATC index'),
  ('butriptyline', 'N06AA15', NULL, 'WHO ATC index'),
  ('dosulepin', 'N06AA16', NULL, 'WHO ATC index'),
  ('amoxapine', 'N06AA17', NULL, 'WHO ATC index'),
  ('dimetacrine', 'N06AA18', NULL, 'WHO ATC index'),
  ('amineptine', 'N06AA19', NULL, 'WHO ATC index'),
  ('maprotiline', 'N06AA21', NULL, 'WHO ATC index'),
  ('quinupramine', 'N06AA23', NULL, 'WHO ATC index');

-- other antidepressants: NaSSA (rls-aggravator.nassa); bupropion is an explicit NON-aggravator. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('mianserin', 'N06AX03', NULL, 'WHO ATC index'),
  ('mirtazapine', 'N06AX11', 15996, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('bupropion', 'N06AX12', 42347, 'WHO ATC index (explicit exclusion, not an aggravator)');

-- lithium, all salts (rls-aggravator.lithium; the one N05A code that is NOT a dopamine antagonist). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('lithium', 'N05AN01', NULL, 'WHO ATC index');

-- antipsychotics, N05A except N05AN01 (rls-aggravator.antipsychotic, ddi.dopamine-antagonist). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('chlorpromazine', 'N05AA01', NULL, 'WHO ATC index'),
  ('levomepromazine', 'N05AA02', NULL, 'WHO ATC index'),
  ('fluphenazine', 'N05AB02', NULL, 'WHO ATC index'),
  ('perphenazine', 'N05AB03', 8076, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('prochlorperazine', 'N05AB04', NULL, 'WHO ATC index'),
  ('trifluoperazine', 'N05AB06', NULL, 'WHO ATC index'),
  ('thioridazine', 'N05AC02', NULL, 'WHO ATC index'),
  ('haloperidol', 'N05AD01', 5093, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('droperidol', 'N05AD08', NULL, 'WHO ATC index'),
  ('lumateperone', 'N05AD10', NULL, 'WHO ATC index'),
  ('ziprasidone', 'N05AE04', NULL, 'WHO ATC index'),
  ('lurasidone', 'N05AE05', NULL, 'WHO ATC index'),
  ('flupentixol', 'N05AF01', NULL, 'WHO ATC index'),
  ('zuclopenthixol', 'N05AF05', NULL, 'WHO ATC index'),
  ('pimozide', 'N05AG02', NULL, 'WHO ATC index'),
  ('loxapine', 'N05AH01', NULL, 'WHO ATC index'),
  ('clozapine', 'N05AH02', 2626, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('olanzapine', 'N05AH03', 61381, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('quetiapine', 'N05AH04', NULL, 'WHO ATC index'),
  ('asenapine', 'N05AH05', NULL, 'WHO ATC index'),
  ('sulpiride', 'N05AL01', NULL, 'WHO ATC index'),
  ('tiapride', 'N05AL03', NULL, 'WHO ATC index'),
  ('amisulpride', 'N05AL05', NULL, 'WHO ATC index'),
  ('risperidone', 'N05AX08', 35636, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('aripiprazole', 'N05AX12', 89013, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('paliperidone', 'N05AX13', NULL, 'WHO ATC index'),
  ('iloperidone', 'N05AX14', NULL, 'WHO ATC index'),
  ('cariprazine', 'N05AX15', NULL, 'WHO ATC index'),
  ('brexpiprazole', 'N05AX16', NULL, 'WHO ATC index');

-- antipsychotics, further N05A class members (covered by the N05A prefix). Source: WHO ATC index (N05A class member) class rule
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('promazine', 'N05AA03', NULL, 'WHO ATC index (N05A class member)'),
  ('cyamemazine', 'N05AA06', NULL, 'WHO ATC index (N05A class member)'),
  ('thioproperazine', 'N05AB08', NULL, 'WHO ATC index (N05A class member)'),
  ('perazine', 'N05AB10', NULL, 'WHO ATC index (N05A class member)'),
  ('periciazine', 'N05AC01', NULL, 'WHO ATC index (N05A class member)'),
  ('mesoridazine', 'N05AC03', NULL, 'WHO ATC index (N05A class member)'),
  ('pipotiazine', 'N05AC04', NULL, 'WHO ATC index (N05A class member)'),
  ('melperone', 'N05AD03', NULL, 'WHO ATC index (N05A class member)'),
  ('pipamperone', 'N05AD05', NULL, 'WHO ATC index (N05A class member)'),
  ('benperidol', 'N05AD07', NULL, 'WHO ATC index (N05A class member)'),
  ('molindone', 'N05AE02', NULL, 'WHO ATC index (N05A class member)'),
  ('sertindole', 'N05AE03', NULL, 'WHO ATC index (N05A class member)'),
  ('chlorprothixene', 'N05AF03', NULL, 'WHO ATC index (N05A class member)'),
  ('tiotixene', 'N05AF04', NULL, 'WHO ATC index (N05A class member)'),
  ('fluspirilene', 'N05AG01', NULL, 'WHO ATC index (N05A class member)'),
  ('penfluridol', 'N05AG03', NULL, 'WHO ATC index (N05A class member)'),
  ('clotiapine', 'N05AH06', NULL, 'WHO ATC index (N05A class member)'),
  ('levosulpiride', 'N05AL07', NULL, 'WHO ATC index (N05A class member)'),
  ('prothipendyl', 'N05AX07', NULL, 'WHO ATC index (N05A class member)'),
  ('zotepine', 'N05AX11', NULL, 'WHO ATC index (N05A class member)'),
  ('pimavanserin', 'N05AX17', NULL, 'WHO ATC index (N05A class member; code from WHO Drug Information 30(2) 2016)');

-- dopamine-blocking antiemetics (rls-aggravator.antiemetic, ddi.dopamine-antagonist); domperidone is an explicit NON-aggravator. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('metoclopramide', 'A03FA01', 6915, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('promethazine', 'R06AD02', NULL, 'WHO ATC index'),
  ('thiethylperazine', 'R06AD03', NULL, 'WHO ATC index'),
  ('trimethobenzamide', 'R06AA10', NULL, 'WHO ATC index'),
  ('metopimazine', 'A04AD05', NULL, 'WHO ATC index'),
  ('domperidone', 'A03FA03', NULL, 'WHO ATC index (explicit exclusion: peripheral, not an aggravator)');

-- sedating antihistamines (rls-aggravator.antihistamine, ddi.sedation, ddi.cns-depressant). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('diphenhydramine', 'R06AA02', NULL, 'WHO ATC index'),
  ('clemastine', 'R06AA04', NULL, 'WHO ATC index'),
  ('carbinoxamine', 'R06AA08', NULL, 'WHO ATC index'),
  ('doxylamine', 'R06AA09', NULL, 'WHO ATC index'),
  ('dimenhydrinate', 'R06AA11', 3444, 'WHO ATC index; RxNorm ingredient 3444'),
  ('brompheniramine', 'R06AB01', NULL, 'WHO ATC index'),
  ('dexchlorpheniramine', 'R06AB02', NULL, 'WHO ATC index'),
  ('chlorphenamine', 'R06AB04', NULL, 'WHO ATC index'),
  ('alimemazine', 'R06AD01', NULL, 'WHO ATC index'),
  ('cyproheptadine', 'R06AX02', NULL, 'WHO ATC index'),
  ('cyclizine', 'R06AE03', NULL, 'WHO ATC index'),
  ('meclozine', 'R06AE05', NULL, 'WHO ATC index'),
  ('hydroxyzine', 'N05BB01', NULL, 'WHO ATC index');

-- non-sedating antihistamines: explicit NON-aggravators. Source: WHO ATC index (explicit exclusion)
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('loratadine', 'R06AX13', NULL, 'WHO ATC index (explicit exclusion)'),
  ('desloratadine', 'R06AX27', NULL, 'WHO ATC index (explicit exclusion)'),
  ('cetirizine', 'R06AE07', NULL, 'WHO ATC index (explicit exclusion)'),
  ('levocetirizine', 'R06AE09', NULL, 'WHO ATC index (explicit exclusion)'),
  ('fexofenadine', 'R06AX26', NULL, 'WHO ATC index (explicit exclusion)');

-- calcium channel blockers, all of C08 (rls-aggravator.ccb). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('amlodipine', 'C08CA01', NULL, 'WHO ATC index'),
  ('felodipine', 'C08CA02', NULL, 'WHO ATC index'),
  ('isradipine', 'C08CA03', NULL, 'WHO ATC index'),
  ('nicardipine', 'C08CA04', NULL, 'WHO ATC index'),
  ('nifedipine', 'C08CA05', NULL, 'WHO ATC index'),
  ('nimodipine', 'C08CA06', NULL, 'WHO ATC index'),
  ('nisoldipine', 'C08CA07', NULL, 'WHO ATC index'),
  ('nitrendipine', 'C08CA08', NULL, 'WHO ATC index'),
  ('lacidipine', 'C08CA09', NULL, 'WHO ATC index'),
  ('manidipine', 'C08CA11', NULL, 'WHO ATC index (C08 class member)'),
  ('barnidipine', 'C08CA12', NULL, 'WHO ATC index (C08 class member)'),
  ('lercanidipine', 'C08CA13', NULL, 'WHO ATC index'),
  ('clevidipine', 'C08CA16', NULL, 'WHO ATC index'),
  ('verapamil', 'C08DA01', NULL, 'WHO ATC index'),
  ('diltiazem', 'C08DB01', NULL, 'WHO ATC index');

-- levodopa and its partners (rls-augmentation.levodopa, ddi.levodopa). Decision: WHO has no plain code for a decarboxylase inhibitor; carbidopa and benserazide carry N04BA02 ('levodopa and decarboxylase inhibitor'), as they are only used with levodopa. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('levodopa', 'N04BA01', NULL, 'WHO ATC index'),
  ('carbidopa', 'N04BA02', NULL, 'WHO ATC index: no plain code, stored under the combination code N04BA02 (levodopa and decarboxylase inhibitor)'),
  ('benserazide', 'N04BA02', NULL, 'WHO ATC index: no plain code, stored under the combination code N04BA02 (levodopa and decarboxylase inhibitor)'),
  ('entacapone', 'N04BX02', NULL, 'WHO ATC index (COMT inhibitor, partner in Stalevo; not itself flagged)');

-- dopamine agonists, all of N04BC (ddi.duplicate-agonist) and amantadine (ddi.renal-cation). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('bromocriptine', 'N04BC01', NULL, 'WHO ATC index'),
  ('pergolide', 'N04BC02', NULL, 'WHO ATC index'),
  ('dihydroergocryptine', 'N04BC03', NULL, 'WHO ATC index'),
  ('ropinirole', 'N04BC04', NULL, 'WHO ATC index'),
  ('pramipexole', 'N04BC05', NULL, 'WHO ATC index'),
  ('cabergoline', 'N04BC06', NULL, 'WHO ATC index'),
  ('apomorphine', 'N04BC07', NULL, 'WHO ATC index'),
  ('piribedil', 'N04BC08', NULL, 'WHO ATC index'),
  ('rotigotine', 'N04BC09', NULL, 'WHO ATC index'),
  ('amantadine', 'N04BB01', NULL, 'WHO ATC index');

-- other reported aggravators (rls-aggravator.other). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('topiramate', 'N03AX11', NULL, 'WHO ATC index'),
  ('tramadol', 'N02AX02', 10689, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('caffeine', 'N06BC01', NULL, 'WHO ATC index');

-- opioids: N02A, methadone, buprenorphine, codeine, hydrocodone (withdrawal.opioid, ddi.opioid-cns); lofexidine is an explicit exclusion; naloxone only for combination products. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('morphine', 'N02AA01', 7052, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('hydromorphone', 'N02AA03', NULL, 'WHO ATC index'),
  ('oxycodone', 'N02AA05', 7804, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('dihydrocodeine', 'N02AA08', NULL, 'WHO ATC index'),
  ('oxymorphone', 'N02AA11', NULL, 'WHO ATC index'),
  ('pethidine', 'N02AB02', NULL, 'WHO ATC index'),
  ('fentanyl', 'N02AB03', NULL, 'WHO ATC index'),
  ('piritramide', 'N02AC03', NULL, 'WHO ATC index'),
  ('pentazocine', 'N02AD01', NULL, 'WHO ATC index'),
  ('butorphanol', 'N02AF01', NULL, 'WHO ATC index'),
  ('nalbuphine', 'N02AF02', NULL, 'WHO ATC index'),
  ('tilidine', 'N02AX01', NULL, 'WHO ATC index'),
  ('meptazinol', 'N02AX05', NULL, 'WHO ATC index'),
  ('tapentadol', 'N02AX06', NULL, 'WHO ATC index'),
  ('buprenorphine', 'N07BC01', NULL, 'WHO ATC index'),
  ('methadone', 'N07BC02', 6813, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('codeine', 'R05DA04', 2670, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('hydrocodone', 'R05DA03', NULL, 'WHO ATC index (opioid antitussive code); class ''opioids'''),
  ('lofexidine', 'N07BC04', NULL, 'WHO ATC index (explicit exclusion: not an opioid)'),
  ('naloxone', 'V03AB15', NULL, 'WHO ATC index (opioid antagonist in combination products; not flagged)');

-- benzodiazepines N05BA, N05CD, clonazepam N03AE01 (withdrawal.benzodiazepine, ddi.sedation, ddi.cns-depressant). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('diazepam', 'N05BA01', 3322, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('chlordiazepoxide', 'N05BA02', NULL, 'WHO ATC index'),
  ('oxazepam', 'N05BA04', NULL, 'WHO ATC index'),
  ('clorazepate', 'N05BA05', NULL, 'WHO ATC index (listed as potassium clorazepate)'),
  ('lorazepam', 'N05BA06', NULL, 'WHO ATC index'),
  ('bromazepam', 'N05BA08', NULL, 'WHO ATC index'),
  ('clobazam', 'N05BA09', NULL, 'WHO ATC index'),
  ('prazepam', 'N05BA11', NULL, 'WHO ATC index'),
  ('alprazolam', 'N05BA12', NULL, 'WHO ATC index'),
  ('flurazepam', 'N05CD01', NULL, 'WHO ATC index'),
  ('nitrazepam', 'N05CD02', NULL, 'WHO ATC index'),
  ('flunitrazepam', 'N05CD03', NULL, 'WHO ATC index'),
  ('estazolam', 'N05CD04', NULL, 'WHO ATC index'),
  ('triazolam', 'N05CD05', NULL, 'WHO ATC index'),
  ('lormetazepam', 'N05CD06', NULL, 'WHO ATC index'),
  ('temazepam', 'N05CD07', NULL, 'WHO ATC index'),
  ('midazolam', 'N05CD08', NULL, 'WHO ATC index'),
  ('brotizolam', 'N05CD09', NULL, 'WHO ATC index'),
  ('quazepam', 'N05CD10', NULL, 'WHO ATC index'),
  ('clonazepam', 'N03AE01', NULL, 'WHO ATC index');

-- Z-drugs N05CF (ddi.sedation, ddi.cns-depressant). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('zopiclone', 'N05CF01', NULL, 'WHO ATC index'),
  ('zolpidem', 'N05CF02', NULL, 'WHO ATC index'),
  ('zaleplon', 'N05CF03', NULL, 'WHO ATC index'),
  ('eszopiclone', 'N05CF04', NULL, 'WHO ATC index');

-- barbiturates N03AA, N05CA (withdrawal.barbiturate, ddi.sedation, ddi.cns-depressant). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('phenobarbital', 'N03AA02', NULL, 'WHO ATC index'),
  ('primidone', 'N03AA03', NULL, 'WHO ATC index'),
  ('pentobarbital', 'N05CA01', NULL, 'WHO ATC index'),
  ('amobarbital', 'N05CA02', NULL, 'WHO ATC index'),
  ('secobarbital', 'N05CA06', NULL, 'WHO ATC index');

-- CYP1A2 inhibitors (ddi.cyp1a2; cimetidine also ddi.renal-cation). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('ciprofloxacin', 'J01MA02', 2551, 'WHO ATC index; RxNorm via CPIC drug table'),
  ('enoxacin', 'J01MA04', NULL, 'WHO ATC index'),
  ('cimetidine', 'A02BA01', NULL, 'WHO ATC index');

-- oestrogens G03C (ddi.estrogen). Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('ethinylestradiol', 'G03CA01', NULL, 'WHO ATC index'),
  ('estradiol', 'G03CA03', NULL, 'WHO ATC index'),
  ('estriol', 'G03CA04', NULL, 'WHO ATC index'),
  ('conjugated estrogens', 'G03CA57', NULL, 'WHO ATC index');

-- gabapentinoids N02BF (ddi.duplicate-gabapentinoid). Decision: gabapentin enacarbil has no WHO code of its own; it is a gabapentin prodrug and carries N02BF01. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('gabapentin', 'N02BF01', 25480, 'WHO ATC index; RxNorm ingredient 25480'),
  ('gabapentin enacarbil', 'N02BF01', NULL, 'WHO ATC index: no own code, gabapentin prodrug stored under N02BF01; Horizant label'),
  ('pregabalin', 'N02BF02', NULL, 'WHO ATC index'),
  ('mirogabalin', 'N02BF03', NULL, 'WHO ATC index (N02BF class member)');

-- Al/Mg antacids A02AA, A02AB, A02AD (ddi.antacid); Maalox-type products (A02AD01 ordinary salt combinations) are combination rows in drug_name. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('magnesium carbonate', 'A02AA01', NULL, 'WHO ATC index'),
  ('magnesium oxide', 'A02AA02', NULL, 'WHO ATC index'),
  ('magnesium hydroxide', 'A02AA04', NULL, 'WHO ATC index'),
  ('aluminium hydroxide', 'A02AB01', NULL, 'WHO ATC index'),
  ('magaldrate', 'A02AD02', NULL, 'WHO ATC index'),
  ('hydrotalcite', 'A02AD04', NULL, 'WHO ATC index');

-- common drugs with no rule, for clean-list tests. Source: WHO ATC index
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('metformin', 'A10BA02', NULL, 'WHO ATC index'),
  ('atorvastatin', 'C10AA05', NULL, 'WHO ATC index'),
  ('lisinopril', 'C09AA03', NULL, 'WHO ATC index'),
  ('valsartan', 'C09CA03', NULL, 'WHO ATC index'),
  ('levothyroxine', 'H03AA01', NULL, 'WHO ATC index (listed as levothyroxine sodium)'),
  ('omeprazole', 'A02BC01', NULL, 'WHO ATC index'),
  ('paracetamol', 'N02BE01', NULL, 'WHO ATC index'),
  ('ibuprofen', 'M01AE01', NULL, 'WHO ATC index'),
  ('acetylsalicylic acid', 'B01AC06', NULL, 'WHO ATC index'),
  ('ferrous sulfate', 'B03AA07', NULL, 'WHO ATC index; AASM 2024 (J Clin Sleep Med, PMID 39324694): iron');

-- IV iron (iron.low context). WHO gives parenteral iron no 5th-level codes: the 4th level B03AC is stored. Source: WHO ATC index (B03AC, 4th level) (AASM 2024: IV ferric carboxymaltose)
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('ferric carboxymaltose', 'B03AC', NULL, 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose'),
  ('iron sucrose', 'B03AC', NULL, 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose'),
  ('ferric derisomaltose', 'B03AC', NULL, 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose'),
  ('ferumoxytol', 'B03AC', NULL, 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose'),
  ('iron dextran', 'B03AC', NULL, 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose');

-- ============================================================ ingredient_alt_atc
-- former codes, other therapeutic uses and combination codes. Source: WHO ATC index
INSERT INTO ingredient_alt_atc(atc, ingredient_id, source) VALUES
  ('N03AX12', (SELECT id FROM ingredient WHERE name = 'gabapentin'), 'WHO ATC index: former code'),
  ('N03AX12', (SELECT id FROM ingredient WHERE name = 'gabapentin enacarbil'), 'former gabapentin code'),
  ('N03AX16', (SELECT id FROM ingredient WHERE name = 'pregabalin'), 'WHO ATC index: former code'),
  ('N02BG11', (SELECT id FROM ingredient WHERE name = 'mirogabalin'), 'former code (WHO Drug Information 33(4) 2019)'),
  ('N02AE01', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'WHO ATC index (analgesic use)'),
  ('N01AH01', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'WHO ATC index (anaesthetic use)'),
  ('N04BA02', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'WHO ATC index: levodopa and decarboxylase inhibitor'),
  ('N04BA03', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'WHO ATC index: levodopa, decarboxylase inhibitor and COMT inhibitor'),
  ('N04BA03', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'WHO ATC index: levodopa, decarboxylase inhibitor and COMT inhibitor'),
  ('G02CB01', (SELECT id FROM ingredient WHERE name = 'bromocriptine'), 'WHO ATC index (prolactin inhibitor)'),
  ('G02CB03', (SELECT id FROM ingredient WHERE name = 'cabergoline'), 'WHO ATC index (prolactin inhibitor)'),
  ('G04BE07', (SELECT id FROM ingredient WHERE name = 'apomorphine'), 'WHO ATC index (erectile dysfunction)'),
  ('N02BA01', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'WHO ATC index (analgesic use)'),
  ('A06AD01', (SELECT id FROM ingredient WHERE name = 'magnesium carbonate'), 'WHO ATC index (laxative use)'),
  ('A06AD02', (SELECT id FROM ingredient WHERE name = 'magnesium oxide'), 'WHO ATC index (laxative use)');

-- ============================================================ drug_name
-- An unknown ingredient name makes the subquery NULL and the NOT NULL constraint fails loudly.

-- brands: SSRIs. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('zelmid', (SELECT id FROM ingredient WHERE name = 'zimeldine'), 'brand', 'EU product information, withdrawn'),
  ('prozac', (SELECT id FROM ingredient WHERE name = 'fluoxetine'), 'brand', 'US and EU product labels'),
  ('sarafem', (SELECT id FROM ingredient WHERE name = 'fluoxetine'), 'brand', 'US product label'),
  ('fluctin', (SELECT id FROM ingredient WHERE name = 'fluoxetine'), 'brand', 'EU/UK product information'),
  ('celexa', (SELECT id FROM ingredient WHERE name = 'citalopram'), 'brand', 'US product label'),
  ('cipramil', (SELECT id FROM ingredient WHERE name = 'citalopram'), 'brand', 'EU/UK product information'),
  ('seropram', (SELECT id FROM ingredient WHERE name = 'citalopram'), 'brand', 'EU/UK product information'),
  ('paxil', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'US product label'),
  ('seroxat', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'EU/UK product information'),
  ('pexeva', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'US product label'),
  ('brisdelle', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'US product label'),
  ('deroxat', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'EU/UK product information'),
  ('aropax', (SELECT id FROM ingredient WHERE name = 'paroxetine'), 'brand', 'AU product information'),
  ('zoloft', (SELECT id FROM ingredient WHERE name = 'sertraline'), 'brand', 'US and EU product labels'),
  ('lustral', (SELECT id FROM ingredient WHERE name = 'sertraline'), 'brand', 'EU/UK product information'),
  ('luvox', (SELECT id FROM ingredient WHERE name = 'fluvoxamine'), 'brand', 'US product label'),
  ('faverin', (SELECT id FROM ingredient WHERE name = 'fluvoxamine'), 'brand', 'EU/UK product information'),
  ('fevarin', (SELECT id FROM ingredient WHERE name = 'fluvoxamine'), 'brand', 'EU/UK product information'),
  ('floxyfral', (SELECT id FROM ingredient WHERE name = 'fluvoxamine'), 'brand', 'EU/UK product information'),
  ('lexapro', (SELECT id FROM ingredient WHERE name = 'escitalopram'), 'brand', 'US product label'),
  ('cipralex', (SELECT id FROM ingredient WHERE name = 'escitalopram'), 'brand', 'EU/UK product information'),
  ('seroplex', (SELECT id FROM ingredient WHERE name = 'escitalopram'), 'brand', 'EU/UK product information');

-- brands: SNRIs. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('effexor', (SELECT id FROM ingredient WHERE name = 'venlafaxine'), 'brand', 'US product label'),
  ('efexor', (SELECT id FROM ingredient WHERE name = 'venlafaxine'), 'brand', 'EU/UK product information'),
  ('trevilor', (SELECT id FROM ingredient WHERE name = 'venlafaxine'), 'brand', 'EU/UK product information'),
  ('savella', (SELECT id FROM ingredient WHERE name = 'milnacipran'), 'brand', 'US product label'),
  ('ixel', (SELECT id FROM ingredient WHERE name = 'milnacipran'), 'brand', 'EU/UK product information'),
  ('cymbalta', (SELECT id FROM ingredient WHERE name = 'duloxetine'), 'brand', 'US and EU product labels'),
  ('yentreve', (SELECT id FROM ingredient WHERE name = 'duloxetine'), 'brand', 'EU/UK product information'),
  ('drizalma', (SELECT id FROM ingredient WHERE name = 'duloxetine'), 'brand', 'US product label'),
  ('ariclaim', (SELECT id FROM ingredient WHERE name = 'duloxetine'), 'brand', 'EU/UK product information'),
  ('xeristar', (SELECT id FROM ingredient WHERE name = 'duloxetine'), 'brand', 'EU/UK product information'),
  ('pristiq', (SELECT id FROM ingredient WHERE name = 'desvenlafaxine'), 'brand', 'US product label'),
  ('khedezla', (SELECT id FROM ingredient WHERE name = 'desvenlafaxine'), 'brand', 'US product label'),
  ('fetzima', (SELECT id FROM ingredient WHERE name = 'levomilnacipran'), 'brand', 'US product label');

-- brands: TCAs and related (N06AA). Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('norpramin', (SELECT id FROM ingredient WHERE name = 'desipramine'), 'brand', 'US product label'),
  ('pertofrane', (SELECT id FROM ingredient WHERE name = 'desipramine'), 'brand', 'EU/UK product information'),
  ('tofranil', (SELECT id FROM ingredient WHERE name = 'imipramine'), 'brand', 'US and EU product labels'),
  ('anafranil', (SELECT id FROM ingredient WHERE name = 'clomipramine'), 'brand', 'US and EU product labels'),
  ('insidon', (SELECT id FROM ingredient WHERE name = 'opipramol'), 'brand', 'EU/UK product information'),
  ('surmontil', (SELECT id FROM ingredient WHERE name = 'trimipramine'), 'brand', 'US and EU product labels'),
  ('stangyl', (SELECT id FROM ingredient WHERE name = 'trimipramine'), 'brand', 'EU/UK product information'),
  ('gamanil', (SELECT id FROM ingredient WHERE name = 'lofepramine'), 'brand', 'EU/UK product information'),
  ('noveril', (SELECT id FROM ingredient WHERE name = 'dibenzepin'), 'brand', 'EU/UK product information'),
  ('elavil', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'brand', 'US product label'),
  ('tryptizol', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'brand', 'EU/UK product information'),
  ('laroxyl', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'brand', 'EU/UK product information'),
  ('saroten', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'brand', 'EU/UK product information'),
  ('endep', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'brand', 'AU product information'),
  ('pamelor', (SELECT id FROM ingredient WHERE name = 'nortriptyline'), 'brand', 'US product label'),
  ('aventyl', (SELECT id FROM ingredient WHERE name = 'nortriptyline'), 'brand', 'US product label'),
  ('allegron', (SELECT id FROM ingredient WHERE name = 'nortriptyline'), 'brand', 'EU/UK product information'),
  ('nortrilen', (SELECT id FROM ingredient WHERE name = 'nortriptyline'), 'brand', 'EU/UK product information'),
  ('vivactil', (SELECT id FROM ingredient WHERE name = 'protriptyline'), 'brand', 'US product label'),
  ('concordin', (SELECT id FROM ingredient WHERE name = 'protriptyline'), 'brand', 'EU/UK product information'),
  ('sinequan', (SELECT id FROM ingredient WHERE name = 'doxepin'), 'brand', 'US and EU product labels'),
  ('silenor', (SELECT id FROM ingredient WHERE name = 'doxepin'), 'brand', 'US product label'),
  ('aponal', (SELECT id FROM ingredient WHERE name = 'doxepin'), 'brand', 'EU/UK product information'),
  ('prondol', (SELECT id FROM ingredient WHERE name = 'iprindole'), 'brand', 'EU/UK product information'),
  ('evadyne', (SELECT id FROM ingredient WHERE name = 'butriptyline'), 'brand', 'EU/UK product information'),
  ('prothiaden', (SELECT id FROM ingredient WHERE name = 'dosulepin'), 'brand', 'EU/UK product information'),
  ('dothep', (SELECT id FROM ingredient WHERE name = 'dosulepin'), 'brand', 'AU product information'),
  ('asendin', (SELECT id FROM ingredient WHERE name = 'amoxapine'), 'brand', 'US product label'),
  ('defanyl', (SELECT id FROM ingredient WHERE name = 'amoxapine'), 'brand', 'EU/UK product information'),
  ('survector', (SELECT id FROM ingredient WHERE name = 'amineptine'), 'brand', 'EU/UK product information'),
  ('ludiomil', (SELECT id FROM ingredient WHERE name = 'maprotiline'), 'brand', 'US and EU product labels');

-- brands: mirtazapine, mianserin, bupropion. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('tolvon', (SELECT id FROM ingredient WHERE name = 'mianserin'), 'brand', 'EU/UK product information'),
  ('bolvidon', (SELECT id FROM ingredient WHERE name = 'mianserin'), 'brand', 'EU/UK product information'),
  ('remeron', (SELECT id FROM ingredient WHERE name = 'mirtazapine'), 'brand', 'US product label'),
  ('zispin', (SELECT id FROM ingredient WHERE name = 'mirtazapine'), 'brand', 'EU/UK product information'),
  ('remergil', (SELECT id FROM ingredient WHERE name = 'mirtazapine'), 'brand', 'EU/UK product information'),
  ('avanza', (SELECT id FROM ingredient WHERE name = 'mirtazapine'), 'brand', 'AU product information'),
  ('wellbutrin', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'brand', 'US and EU product labels'),
  ('zyban', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'brand', 'US and EU product labels'),
  ('aplenzin', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'brand', 'US product label'),
  ('forfivo', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'brand', 'US product label'),
  ('elontril', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'brand', 'EU/UK product information');

-- brands: lithium. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('lithobid', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'US product label'),
  ('eskalith', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'US product label'),
  ('priadel', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'EU/UK product information'),
  ('camcolit', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'EU/UK product information'),
  ('liskonum', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'EU/UK product information'),
  ('quilonum', (SELECT id FROM ingredient WHERE name = 'lithium'), 'brand', 'EU/UK product information');

-- brands: the antipsychotics listed above. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('thorazine', (SELECT id FROM ingredient WHERE name = 'chlorpromazine'), 'brand', 'US product label'),
  ('largactil', (SELECT id FROM ingredient WHERE name = 'chlorpromazine'), 'brand', 'EU/UK product information'),
  ('megaphen', (SELECT id FROM ingredient WHERE name = 'chlorpromazine'), 'brand', 'EU/UK product information'),
  ('nozinan', (SELECT id FROM ingredient WHERE name = 'levomepromazine'), 'brand', 'EU/UK product information'),
  ('levoprome', (SELECT id FROM ingredient WHERE name = 'levomepromazine'), 'brand', 'US product label'),
  ('prolixin', (SELECT id FROM ingredient WHERE name = 'fluphenazine'), 'brand', 'US product label'),
  ('modecate', (SELECT id FROM ingredient WHERE name = 'fluphenazine'), 'brand', 'EU/UK product information'),
  ('moditen', (SELECT id FROM ingredient WHERE name = 'fluphenazine'), 'brand', 'EU/UK product information'),
  ('trilafon', (SELECT id FROM ingredient WHERE name = 'perphenazine'), 'brand', 'US product label'),
  ('fentazin', (SELECT id FROM ingredient WHERE name = 'perphenazine'), 'brand', 'EU/UK product information'),
  ('compazine', (SELECT id FROM ingredient WHERE name = 'prochlorperazine'), 'brand', 'US product label'),
  ('stemetil', (SELECT id FROM ingredient WHERE name = 'prochlorperazine'), 'brand', 'EU/UK product information'),
  ('buccastem', (SELECT id FROM ingredient WHERE name = 'prochlorperazine'), 'brand', 'EU/UK product information'),
  ('stelazine', (SELECT id FROM ingredient WHERE name = 'trifluoperazine'), 'brand', 'US and EU product labels'),
  ('mellaril', (SELECT id FROM ingredient WHERE name = 'thioridazine'), 'brand', 'US product label'),
  ('melleril', (SELECT id FROM ingredient WHERE name = 'thioridazine'), 'brand', 'EU/UK product information'),
  ('haldol', (SELECT id FROM ingredient WHERE name = 'haloperidol'), 'brand', 'US and EU product labels'),
  ('serenace', (SELECT id FROM ingredient WHERE name = 'haloperidol'), 'brand', 'EU/UK product information'),
  ('inapsine', (SELECT id FROM ingredient WHERE name = 'droperidol'), 'brand', 'US product label'),
  ('droleptan', (SELECT id FROM ingredient WHERE name = 'droperidol'), 'brand', 'EU/UK product information'),
  ('xomolix', (SELECT id FROM ingredient WHERE name = 'droperidol'), 'brand', 'EU/UK product information'),
  ('caplyta', (SELECT id FROM ingredient WHERE name = 'lumateperone'), 'brand', 'US product label'),
  ('geodon', (SELECT id FROM ingredient WHERE name = 'ziprasidone'), 'brand', 'US product label'),
  ('zeldox', (SELECT id FROM ingredient WHERE name = 'ziprasidone'), 'brand', 'EU/UK product information'),
  ('latuda', (SELECT id FROM ingredient WHERE name = 'lurasidone'), 'brand', 'US and EU product labels'),
  ('depixol', (SELECT id FROM ingredient WHERE name = 'flupentixol'), 'brand', 'EU/UK product information'),
  ('fluanxol', (SELECT id FROM ingredient WHERE name = 'flupentixol'), 'brand', 'EU/UK product information'),
  ('clopixol', (SELECT id FROM ingredient WHERE name = 'zuclopenthixol'), 'brand', 'EU/UK product information'),
  ('cisordinol', (SELECT id FROM ingredient WHERE name = 'zuclopenthixol'), 'brand', 'EU/UK product information'),
  ('orap', (SELECT id FROM ingredient WHERE name = 'pimozide'), 'brand', 'US and EU product labels'),
  ('loxitane', (SELECT id FROM ingredient WHERE name = 'loxapine'), 'brand', 'US product label'),
  ('adasuve', (SELECT id FROM ingredient WHERE name = 'loxapine'), 'brand', 'US and EU product labels'),
  ('loxapac', (SELECT id FROM ingredient WHERE name = 'loxapine'), 'brand', 'EU/UK product information'),
  ('clozaril', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'US and EU product labels'),
  ('leponex', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'EU/UK product information'),
  ('denzapine', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'EU/UK product information'),
  ('zaponex', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'EU/UK product information'),
  ('versacloz', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'US product label'),
  ('fazaclo', (SELECT id FROM ingredient WHERE name = 'clozapine'), 'brand', 'US product label'),
  ('zyprexa', (SELECT id FROM ingredient WHERE name = 'olanzapine'), 'brand', 'US and EU product labels'),
  ('zypadhera', (SELECT id FROM ingredient WHERE name = 'olanzapine'), 'brand', 'EU/UK product information'),
  ('seroquel', (SELECT id FROM ingredient WHERE name = 'quetiapine'), 'brand', 'US and EU product labels'),
  ('saphris', (SELECT id FROM ingredient WHERE name = 'asenapine'), 'brand', 'US product label'),
  ('sycrest', (SELECT id FROM ingredient WHERE name = 'asenapine'), 'brand', 'EU/UK product information'),
  ('secuado', (SELECT id FROM ingredient WHERE name = 'asenapine'), 'brand', 'US product label'),
  ('dolmatil', (SELECT id FROM ingredient WHERE name = 'sulpiride'), 'brand', 'EU/UK product information'),
  ('dogmatil', (SELECT id FROM ingredient WHERE name = 'sulpiride'), 'brand', 'EU/UK product information'),
  ('tiapridal', (SELECT id FROM ingredient WHERE name = 'tiapride'), 'brand', 'EU/UK product information'),
  ('tiapridex', (SELECT id FROM ingredient WHERE name = 'tiapride'), 'brand', 'EU/UK product information'),
  ('solian', (SELECT id FROM ingredient WHERE name = 'amisulpride'), 'brand', 'EU/UK product information'),
  ('barhemsys', (SELECT id FROM ingredient WHERE name = 'amisulpride'), 'brand', 'US product label'),
  ('risperdal', (SELECT id FROM ingredient WHERE name = 'risperidone'), 'brand', 'US and EU product labels'),
  ('perseris', (SELECT id FROM ingredient WHERE name = 'risperidone'), 'brand', 'US product label'),
  ('uzedy', (SELECT id FROM ingredient WHERE name = 'risperidone'), 'brand', 'US product label'),
  ('abilify', (SELECT id FROM ingredient WHERE name = 'aripiprazole'), 'brand', 'US and EU product labels'),
  ('aristada', (SELECT id FROM ingredient WHERE name = 'aripiprazole'), 'brand', 'US product label'),
  ('invega', (SELECT id FROM ingredient WHERE name = 'paliperidone'), 'brand', 'US product label'),
  ('xeplion', (SELECT id FROM ingredient WHERE name = 'paliperidone'), 'brand', 'EU/UK product information'),
  ('trevicta', (SELECT id FROM ingredient WHERE name = 'paliperidone'), 'brand', 'EU/UK product information'),
  ('fanapt', (SELECT id FROM ingredient WHERE name = 'iloperidone'), 'brand', 'US product label'),
  ('vraylar', (SELECT id FROM ingredient WHERE name = 'cariprazine'), 'brand', 'US product label'),
  ('reagila', (SELECT id FROM ingredient WHERE name = 'cariprazine'), 'brand', 'EU/UK product information'),
  ('rexulti', (SELECT id FROM ingredient WHERE name = 'brexpiprazole'), 'brand', 'US and EU product labels');

-- brands: further N05A antipsychotics. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('sparine', (SELECT id FROM ingredient WHERE name = 'promazine'), 'brand', 'US product label'),
  ('tercian', (SELECT id FROM ingredient WHERE name = 'cyamemazine'), 'brand', 'EU/UK product information'),
  ('majeptil', (SELECT id FROM ingredient WHERE name = 'thioproperazine'), 'brand', 'EU/UK product information'),
  ('taxilan', (SELECT id FROM ingredient WHERE name = 'perazine'), 'brand', 'EU/UK product information'),
  ('neuleptil', (SELECT id FROM ingredient WHERE name = 'periciazine'), 'brand', 'EU/UK product information'),
  ('serentil', (SELECT id FROM ingredient WHERE name = 'mesoridazine'), 'brand', 'US product label'),
  ('piportil', (SELECT id FROM ingredient WHERE name = 'pipotiazine'), 'brand', 'EU/UK product information'),
  ('eunerpan', (SELECT id FROM ingredient WHERE name = 'melperone'), 'brand', 'EU/UK product information'),
  ('dipiperon', (SELECT id FROM ingredient WHERE name = 'pipamperone'), 'brand', 'EU/UK product information'),
  ('anquil', (SELECT id FROM ingredient WHERE name = 'benperidol'), 'brand', 'EU/UK product information'),
  ('glianimon', (SELECT id FROM ingredient WHERE name = 'benperidol'), 'brand', 'EU/UK product information'),
  ('moban', (SELECT id FROM ingredient WHERE name = 'molindone'), 'brand', 'US product label'),
  ('serdolect', (SELECT id FROM ingredient WHERE name = 'sertindole'), 'brand', 'EU/UK product information'),
  ('truxal', (SELECT id FROM ingredient WHERE name = 'chlorprothixene'), 'brand', 'EU/UK product information'),
  ('taractan', (SELECT id FROM ingredient WHERE name = 'chlorprothixene'), 'brand', 'EU/UK product information'),
  ('navane', (SELECT id FROM ingredient WHERE name = 'tiotixene'), 'brand', 'US product label'),
  ('imap', (SELECT id FROM ingredient WHERE name = 'fluspirilene'), 'brand', 'EU/UK product information'),
  ('semap', (SELECT id FROM ingredient WHERE name = 'penfluridol'), 'brand', 'EU/UK product information'),
  ('entumine', (SELECT id FROM ingredient WHERE name = 'clotiapine'), 'brand', 'EU/UK product information'),
  ('levopraid', (SELECT id FROM ingredient WHERE name = 'levosulpiride'), 'brand', 'EU/UK product information'),
  ('dominal', (SELECT id FROM ingredient WHERE name = 'prothipendyl'), 'brand', 'EU/UK product information'),
  ('zoleptil', (SELECT id FROM ingredient WHERE name = 'zotepine'), 'brand', 'EU/UK product information'),
  ('nipolept', (SELECT id FROM ingredient WHERE name = 'zotepine'), 'brand', 'EU/UK product information'),
  ('nuplazid', (SELECT id FROM ingredient WHERE name = 'pimavanserin'), 'brand', 'US product label');

-- brands: dopamine-blocking antiemetics and domperidone. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('reglan', (SELECT id FROM ingredient WHERE name = 'metoclopramide'), 'brand', 'US product label'),
  ('maxolon', (SELECT id FROM ingredient WHERE name = 'metoclopramide'), 'brand', 'EU/UK product information'),
  ('primperan', (SELECT id FROM ingredient WHERE name = 'metoclopramide'), 'brand', 'EU/UK product information'),
  ('paspertin', (SELECT id FROM ingredient WHERE name = 'metoclopramide'), 'brand', 'EU/UK product information'),
  ('gimoti', (SELECT id FROM ingredient WHERE name = 'metoclopramide'), 'brand', 'US product label'),
  ('phenergan', (SELECT id FROM ingredient WHERE name = 'promethazine'), 'brand', 'US and EU product labels'),
  ('atosil', (SELECT id FROM ingredient WHERE name = 'promethazine'), 'brand', 'EU/UK product information'),
  ('avomine', (SELECT id FROM ingredient WHERE name = 'promethazine'), 'brand', 'EU/UK product information'),
  ('torecan', (SELECT id FROM ingredient WHERE name = 'thiethylperazine'), 'brand', 'US and EU product labels'),
  ('tigan', (SELECT id FROM ingredient WHERE name = 'trimethobenzamide'), 'brand', 'US product label'),
  ('vogalene', (SELECT id FROM ingredient WHERE name = 'metopimazine'), 'brand', 'EU/UK product information'),
  ('motilium', (SELECT id FROM ingredient WHERE name = 'domperidone'), 'brand', 'EU/UK product information');

-- brands: sedating antihistamines. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('benadryl', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'brand', 'US product label (UK Benadryl products contain acrivastine or cetirizine instead)'),
  ('nytol', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'brand', 'US and UK product labels (diphenhydramine products)'),
  ('zzzquil', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'brand', 'US product label'),
  ('tavist', (SELECT id FROM ingredient WHERE name = 'clemastine'), 'brand', 'US product label'),
  ('tavegil', (SELECT id FROM ingredient WHERE name = 'clemastine'), 'brand', 'EU/UK product information'),
  ('tavegyl', (SELECT id FROM ingredient WHERE name = 'clemastine'), 'brand', 'EU/UK product information'),
  ('karbinal', (SELECT id FROM ingredient WHERE name = 'carbinoxamine'), 'brand', 'US product label'),
  ('unisom', (SELECT id FROM ingredient WHERE name = 'doxylamine'), 'brand', 'US product label (Unisom SleepTabs; some Unisom products contain diphenhydramine)'),
  ('dramamine', (SELECT id FROM ingredient WHERE name = 'dimenhydrinate'), 'brand', 'US product label'),
  ('gravol', (SELECT id FROM ingredient WHERE name = 'dimenhydrinate'), 'brand', 'Canadian product monograph'),
  ('vomex', (SELECT id FROM ingredient WHERE name = 'dimenhydrinate'), 'brand', 'EU/UK product information'),
  ('dimetane', (SELECT id FROM ingredient WHERE name = 'brompheniramine'), 'brand', 'US product label'),
  ('polaramine', (SELECT id FROM ingredient WHERE name = 'dexchlorpheniramine'), 'brand', 'EU/UK product information'),
  ('piriton', (SELECT id FROM ingredient WHERE name = 'chlorphenamine'), 'brand', 'EU/UK product information'),
  ('chlor-trimeton', (SELECT id FROM ingredient WHERE name = 'chlorphenamine'), 'brand', 'US product label'),
  ('vallergan', (SELECT id FROM ingredient WHERE name = 'alimemazine'), 'brand', 'EU/UK product information'),
  ('theralene', (SELECT id FROM ingredient WHERE name = 'alimemazine'), 'brand', 'EU/UK product information'),
  ('panectyl', (SELECT id FROM ingredient WHERE name = 'alimemazine'), 'brand', 'Canadian product monograph'),
  ('periactin', (SELECT id FROM ingredient WHERE name = 'cyproheptadine'), 'brand', 'US and EU product labels'),
  ('valoid', (SELECT id FROM ingredient WHERE name = 'cyclizine'), 'brand', 'EU/UK product information'),
  ('marezine', (SELECT id FROM ingredient WHERE name = 'cyclizine'), 'brand', 'US product label'),
  ('antivert', (SELECT id FROM ingredient WHERE name = 'meclozine'), 'brand', 'US product label'),
  ('bonine', (SELECT id FROM ingredient WHERE name = 'meclozine'), 'brand', 'US product label'),
  ('sea-legs', (SELECT id FROM ingredient WHERE name = 'meclozine'), 'brand', 'EU/UK product information'),
  ('atarax', (SELECT id FROM ingredient WHERE name = 'hydroxyzine'), 'brand', 'US and EU product labels'),
  ('vistaril', (SELECT id FROM ingredient WHERE name = 'hydroxyzine'), 'brand', 'US product label'),
  ('ucerax', (SELECT id FROM ingredient WHERE name = 'hydroxyzine'), 'brand', 'EU/UK product information');

-- brands: non-sedating antihistamines. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('claritin', (SELECT id FROM ingredient WHERE name = 'loratadine'), 'brand', 'US product label'),
  ('clarityn', (SELECT id FROM ingredient WHERE name = 'loratadine'), 'brand', 'EU/UK product information'),
  ('clarinex', (SELECT id FROM ingredient WHERE name = 'desloratadine'), 'brand', 'US product label'),
  ('aerius', (SELECT id FROM ingredient WHERE name = 'desloratadine'), 'brand', 'EU/UK product information'),
  ('neoclarityn', (SELECT id FROM ingredient WHERE name = 'desloratadine'), 'brand', 'EU/UK product information'),
  ('zyrtec', (SELECT id FROM ingredient WHERE name = 'cetirizine'), 'brand', 'US and EU product labels'),
  ('zirtek', (SELECT id FROM ingredient WHERE name = 'cetirizine'), 'brand', 'EU/UK product information'),
  ('reactine', (SELECT id FROM ingredient WHERE name = 'cetirizine'), 'brand', 'Canadian product monograph'),
  ('piriteze', (SELECT id FROM ingredient WHERE name = 'cetirizine'), 'brand', 'EU/UK product information'),
  ('xyzal', (SELECT id FROM ingredient WHERE name = 'levocetirizine'), 'brand', 'US and EU product labels'),
  ('xusal', (SELECT id FROM ingredient WHERE name = 'levocetirizine'), 'brand', 'EU/UK product information'),
  ('allegra', (SELECT id FROM ingredient WHERE name = 'fexofenadine'), 'brand', 'US product label'),
  ('telfast', (SELECT id FROM ingredient WHERE name = 'fexofenadine'), 'brand', 'EU/UK product information');

-- brands: calcium channel blockers. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('norvasc', (SELECT id FROM ingredient WHERE name = 'amlodipine'), 'brand', 'US product label'),
  ('istin', (SELECT id FROM ingredient WHERE name = 'amlodipine'), 'brand', 'EU/UK product information'),
  ('katerzia', (SELECT id FROM ingredient WHERE name = 'amlodipine'), 'brand', 'US product label'),
  ('plendil', (SELECT id FROM ingredient WHERE name = 'felodipine'), 'brand', 'US and EU product labels'),
  ('dynacirc', (SELECT id FROM ingredient WHERE name = 'isradipine'), 'brand', 'US product label'),
  ('prescal', (SELECT id FROM ingredient WHERE name = 'isradipine'), 'brand', 'EU/UK product information'),
  ('cardene', (SELECT id FROM ingredient WHERE name = 'nicardipine'), 'brand', 'US product label'),
  ('adalat', (SELECT id FROM ingredient WHERE name = 'nifedipine'), 'brand', 'US and EU product labels'),
  ('procardia', (SELECT id FROM ingredient WHERE name = 'nifedipine'), 'brand', 'US product label'),
  ('coracten', (SELECT id FROM ingredient WHERE name = 'nifedipine'), 'brand', 'EU/UK product information'),
  ('nimotop', (SELECT id FROM ingredient WHERE name = 'nimodipine'), 'brand', 'US and EU product labels'),
  ('nymalize', (SELECT id FROM ingredient WHERE name = 'nimodipine'), 'brand', 'US product label'),
  ('sular', (SELECT id FROM ingredient WHERE name = 'nisoldipine'), 'brand', 'US product label'),
  ('baypress', (SELECT id FROM ingredient WHERE name = 'nitrendipine'), 'brand', 'EU/UK product information'),
  ('motens', (SELECT id FROM ingredient WHERE name = 'lacidipine'), 'brand', 'EU/UK product information'),
  ('lacipil', (SELECT id FROM ingredient WHERE name = 'lacidipine'), 'brand', 'EU/UK product information'),
  ('zanidip', (SELECT id FROM ingredient WHERE name = 'lercanidipine'), 'brand', 'EU/UK product information'),
  ('cleviprex', (SELECT id FROM ingredient WHERE name = 'clevidipine'), 'brand', 'US and EU product labels'),
  ('calan', (SELECT id FROM ingredient WHERE name = 'verapamil'), 'brand', 'US product label'),
  ('isoptin', (SELECT id FROM ingredient WHERE name = 'verapamil'), 'brand', 'US and EU product labels'),
  ('verelan', (SELECT id FROM ingredient WHERE name = 'verapamil'), 'brand', 'US product label'),
  ('securon', (SELECT id FROM ingredient WHERE name = 'verapamil'), 'brand', 'EU/UK product information'),
  ('cardizem', (SELECT id FROM ingredient WHERE name = 'diltiazem'), 'brand', 'US product label'),
  ('tiazac', (SELECT id FROM ingredient WHERE name = 'diltiazem'), 'brand', 'US product label'),
  ('adizem', (SELECT id FROM ingredient WHERE name = 'diltiazem'), 'brand', 'EU/UK product information'),
  ('tildiem', (SELECT id FROM ingredient WHERE name = 'diltiazem'), 'brand', 'EU/UK product information'),
  ('dilzem', (SELECT id FROM ingredient WHERE name = 'diltiazem'), 'brand', 'EU/UK product information');

-- brands: levodopa, carbidopa, entacapone. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('inbrija', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'brand', 'US product label'),
  ('lodosyn', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'brand', 'US product label'),
  ('comtan', (SELECT id FROM ingredient WHERE name = 'entacapone'), 'brand', 'US product label'),
  ('comtess', (SELECT id FROM ingredient WHERE name = 'entacapone'), 'brand', 'EU/UK product information');

-- brands: dopamine agonists and amantadine. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('parlodel', (SELECT id FROM ingredient WHERE name = 'bromocriptine'), 'brand', 'US and EU product labels'),
  ('cycloset', (SELECT id FROM ingredient WHERE name = 'bromocriptine'), 'brand', 'US product label'),
  ('pravidel', (SELECT id FROM ingredient WHERE name = 'bromocriptine'), 'brand', 'EU/UK product information'),
  ('permax', (SELECT id FROM ingredient WHERE name = 'pergolide'), 'brand', 'US product label'),
  ('celance', (SELECT id FROM ingredient WHERE name = 'pergolide'), 'brand', 'EU/UK product information'),
  ('requip', (SELECT id FROM ingredient WHERE name = 'ropinirole'), 'brand', 'US and EU product labels'),
  ('adartrel', (SELECT id FROM ingredient WHERE name = 'ropinirole'), 'brand', 'EU/UK product information'),
  ('ropark', (SELECT id FROM ingredient WHERE name = 'ropinirole'), 'brand', 'Indian product information (named in the brief)'),
  ('mirapex', (SELECT id FROM ingredient WHERE name = 'pramipexole'), 'brand', 'US product label'),
  ('mirapexin', (SELECT id FROM ingredient WHERE name = 'pramipexole'), 'brand', 'EU/UK product information'),
  ('sifrol', (SELECT id FROM ingredient WHERE name = 'pramipexole'), 'brand', 'EU/UK product information'),
  ('oprymea', (SELECT id FROM ingredient WHERE name = 'pramipexole'), 'brand', 'EU/UK product information'),
  ('dostinex', (SELECT id FROM ingredient WHERE name = 'cabergoline'), 'brand', 'US and EU product labels'),
  ('cabaser', (SELECT id FROM ingredient WHERE name = 'cabergoline'), 'brand', 'EU/UK product information'),
  ('apokyn', (SELECT id FROM ingredient WHERE name = 'apomorphine'), 'brand', 'US product label'),
  ('apo-go', (SELECT id FROM ingredient WHERE name = 'apomorphine'), 'brand', 'EU/UK product information'),
  ('kynmobi', (SELECT id FROM ingredient WHERE name = 'apomorphine'), 'brand', 'US product label'),
  ('trivastal', (SELECT id FROM ingredient WHERE name = 'piribedil'), 'brand', 'EU/UK product information'),
  ('pronoran', (SELECT id FROM ingredient WHERE name = 'piribedil'), 'brand', 'EU/UK product information'),
  ('neupro', (SELECT id FROM ingredient WHERE name = 'rotigotine'), 'brand', 'US and EU product labels'),
  ('leganto', (SELECT id FROM ingredient WHERE name = 'rotigotine'), 'brand', 'EU/UK product information'),
  ('symmetrel', (SELECT id FROM ingredient WHERE name = 'amantadine'), 'brand', 'US and EU product labels'),
  ('gocovri', (SELECT id FROM ingredient WHERE name = 'amantadine'), 'brand', 'US product label'),
  ('osmolex', (SELECT id FROM ingredient WHERE name = 'amantadine'), 'brand', 'US product label'),
  ('lysovir', (SELECT id FROM ingredient WHERE name = 'amantadine'), 'brand', 'EU/UK product information');

-- brands: topiramate, tramadol, caffeine. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('topamax', (SELECT id FROM ingredient WHERE name = 'topiramate'), 'brand', 'US and EU product labels'),
  ('trokendi', (SELECT id FROM ingredient WHERE name = 'topiramate'), 'brand', 'US product label'),
  ('qudexy', (SELECT id FROM ingredient WHERE name = 'topiramate'), 'brand', 'US product label'),
  ('eprontia', (SELECT id FROM ingredient WHERE name = 'topiramate'), 'brand', 'US product label'),
  ('epitomax', (SELECT id FROM ingredient WHERE name = 'topiramate'), 'brand', 'EU/UK product information'),
  ('ultram', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'brand', 'US product label'),
  ('zydol', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'brand', 'EU/UK product information'),
  ('tramal', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'brand', 'EU/UK product information'),
  ('conzip', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'brand', 'US product label'),
  ('zamadol', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'brand', 'EU/UK product information'),
  ('nodoz', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'brand', 'US product label'),
  ('vivarin', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'brand', 'US product label'),
  ('cafcit', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'brand', 'US product label'),
  ('peyona', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'brand', 'EU/UK product information');

-- brands: opioids, lofexidine, naloxone. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('ms contin', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'US product label'),
  ('kadian', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'US product label'),
  ('oramorph', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'EU/UK product information'),
  ('sevredol', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'EU/UK product information'),
  ('mst continus', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'EU/UK product information'),
  ('zomorph', (SELECT id FROM ingredient WHERE name = 'morphine'), 'brand', 'EU/UK product information'),
  ('dilaudid', (SELECT id FROM ingredient WHERE name = 'hydromorphone'), 'brand', 'US product label'),
  ('palladone', (SELECT id FROM ingredient WHERE name = 'hydromorphone'), 'brand', 'EU/UK product information'),
  ('exalgo', (SELECT id FROM ingredient WHERE name = 'hydromorphone'), 'brand', 'US product label'),
  ('jurnista', (SELECT id FROM ingredient WHERE name = 'hydromorphone'), 'brand', 'EU/UK product information'),
  ('oxycontin', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'brand', 'US and EU product labels'),
  ('roxicodone', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'brand', 'US product label'),
  ('oxynorm', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'brand', 'EU/UK product information'),
  ('xtampza', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'brand', 'US product label'),
  ('df118', (SELECT id FROM ingredient WHERE name = 'dihydrocodeine'), 'brand', 'EU/UK product information'),
  ('dhc continus', (SELECT id FROM ingredient WHERE name = 'dihydrocodeine'), 'brand', 'EU/UK product information'),
  ('opana', (SELECT id FROM ingredient WHERE name = 'oxymorphone'), 'brand', 'US product label'),
  ('numorphan', (SELECT id FROM ingredient WHERE name = 'oxymorphone'), 'brand', 'US product label'),
  ('demerol', (SELECT id FROM ingredient WHERE name = 'pethidine'), 'brand', 'US product label'),
  ('duragesic', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'US product label'),
  ('durogesic', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'EU/UK product information'),
  ('sublimaze', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'US and EU product labels'),
  ('actiq', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'US and EU product labels'),
  ('fentora', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'US product label'),
  ('abstral', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'US and EU product labels'),
  ('instanyl', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'EU/UK product information'),
  ('effentora', (SELECT id FROM ingredient WHERE name = 'fentanyl'), 'brand', 'EU/UK product information'),
  ('dipidolor', (SELECT id FROM ingredient WHERE name = 'piritramide'), 'brand', 'EU/UK product information'),
  ('talwin', (SELECT id FROM ingredient WHERE name = 'pentazocine'), 'brand', 'US product label'),
  ('fortral', (SELECT id FROM ingredient WHERE name = 'pentazocine'), 'brand', 'EU/UK product information'),
  ('stadol', (SELECT id FROM ingredient WHERE name = 'butorphanol'), 'brand', 'US product label'),
  ('nubain', (SELECT id FROM ingredient WHERE name = 'nalbuphine'), 'brand', 'US product label'),
  ('meptid', (SELECT id FROM ingredient WHERE name = 'meptazinol'), 'brand', 'EU/UK product information'),
  ('nucynta', (SELECT id FROM ingredient WHERE name = 'tapentadol'), 'brand', 'US product label'),
  ('palexia', (SELECT id FROM ingredient WHERE name = 'tapentadol'), 'brand', 'EU/UK product information'),
  ('subutex', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'US and EU product labels'),
  ('buprenex', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'US product label'),
  ('butrans', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'US and EU product labels'),
  ('belbuca', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'US product label'),
  ('sublocade', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'US product label'),
  ('temgesic', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'EU/UK product information'),
  ('transtec', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'EU/UK product information'),
  ('buvidal', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'EU/UK product information'),
  ('norspan', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'brand', 'AU product information'),
  ('dolophine', (SELECT id FROM ingredient WHERE name = 'methadone'), 'brand', 'US product label'),
  ('methadose', (SELECT id FROM ingredient WHERE name = 'methadone'), 'brand', 'US product label'),
  ('physeptone', (SELECT id FROM ingredient WHERE name = 'methadone'), 'brand', 'EU/UK product information'),
  ('hysingla', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'brand', 'US product label'),
  ('zohydro', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'brand', 'US product label'),
  ('lucemyra', (SELECT id FROM ingredient WHERE name = 'lofexidine'), 'brand', 'US product label'),
  ('britlofex', (SELECT id FROM ingredient WHERE name = 'lofexidine'), 'brand', 'EU/UK product information'),
  ('narcan', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'brand', 'US product label'),
  ('nyxoid', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'brand', 'EU/UK product information');

-- brands: benzodiazepines. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('valium', (SELECT id FROM ingredient WHERE name = 'diazepam'), 'brand', 'US and EU product labels'),
  ('stesolid', (SELECT id FROM ingredient WHERE name = 'diazepam'), 'brand', 'EU/UK product information'),
  ('diastat', (SELECT id FROM ingredient WHERE name = 'diazepam'), 'brand', 'US product label'),
  ('valtoco', (SELECT id FROM ingredient WHERE name = 'diazepam'), 'brand', 'US product label'),
  ('diazemuls', (SELECT id FROM ingredient WHERE name = 'diazepam'), 'brand', 'EU/UK product information'),
  ('librium', (SELECT id FROM ingredient WHERE name = 'chlordiazepoxide'), 'brand', 'US and EU product labels'),
  ('serax', (SELECT id FROM ingredient WHERE name = 'oxazepam'), 'brand', 'US product label'),
  ('serepax', (SELECT id FROM ingredient WHERE name = 'oxazepam'), 'brand', 'AU product information'),
  ('seresta', (SELECT id FROM ingredient WHERE name = 'oxazepam'), 'brand', 'EU/UK product information'),
  ('tranxene', (SELECT id FROM ingredient WHERE name = 'clorazepate'), 'brand', 'US and EU product labels'),
  ('tranxilium', (SELECT id FROM ingredient WHERE name = 'clorazepate'), 'brand', 'EU/UK product information'),
  ('ativan', (SELECT id FROM ingredient WHERE name = 'lorazepam'), 'brand', 'US and EU product labels'),
  ('tavor', (SELECT id FROM ingredient WHERE name = 'lorazepam'), 'brand', 'EU/UK product information'),
  ('temesta', (SELECT id FROM ingredient WHERE name = 'lorazepam'), 'brand', 'EU/UK product information'),
  ('lexotan', (SELECT id FROM ingredient WHERE name = 'bromazepam'), 'brand', 'EU/UK product information'),
  ('lexomil', (SELECT id FROM ingredient WHERE name = 'bromazepam'), 'brand', 'EU/UK product information'),
  ('lexotanil', (SELECT id FROM ingredient WHERE name = 'bromazepam'), 'brand', 'EU/UK product information'),
  ('onfi', (SELECT id FROM ingredient WHERE name = 'clobazam'), 'brand', 'US product label'),
  ('sympazan', (SELECT id FROM ingredient WHERE name = 'clobazam'), 'brand', 'US product label'),
  ('frisium', (SELECT id FROM ingredient WHERE name = 'clobazam'), 'brand', 'EU/UK product information'),
  ('urbanyl', (SELECT id FROM ingredient WHERE name = 'clobazam'), 'brand', 'EU/UK product information'),
  ('centrax', (SELECT id FROM ingredient WHERE name = 'prazepam'), 'brand', 'US product label'),
  ('demetrin', (SELECT id FROM ingredient WHERE name = 'prazepam'), 'brand', 'EU/UK product information'),
  ('lysanxia', (SELECT id FROM ingredient WHERE name = 'prazepam'), 'brand', 'EU/UK product information'),
  ('xanax', (SELECT id FROM ingredient WHERE name = 'alprazolam'), 'brand', 'US and EU product labels'),
  ('niravam', (SELECT id FROM ingredient WHERE name = 'alprazolam'), 'brand', 'US product label'),
  ('tafil', (SELECT id FROM ingredient WHERE name = 'alprazolam'), 'brand', 'EU/UK product information'),
  ('dalmane', (SELECT id FROM ingredient WHERE name = 'flurazepam'), 'brand', 'US product label'),
  ('dalmadorm', (SELECT id FROM ingredient WHERE name = 'flurazepam'), 'brand', 'EU/UK product information'),
  ('mogadon', (SELECT id FROM ingredient WHERE name = 'nitrazepam'), 'brand', 'EU/UK product information'),
  ('alodorm', (SELECT id FROM ingredient WHERE name = 'nitrazepam'), 'brand', 'AU product information'),
  ('rohypnol', (SELECT id FROM ingredient WHERE name = 'flunitrazepam'), 'brand', 'EU/UK product information'),
  ('prosom', (SELECT id FROM ingredient WHERE name = 'estazolam'), 'brand', 'US product label'),
  ('eurodin', (SELECT id FROM ingredient WHERE name = 'estazolam'), 'brand', 'Japanese product information'),
  ('halcion', (SELECT id FROM ingredient WHERE name = 'triazolam'), 'brand', 'US and EU product labels'),
  ('noctamid', (SELECT id FROM ingredient WHERE name = 'lormetazepam'), 'brand', 'EU/UK product information'),
  ('loramet', (SELECT id FROM ingredient WHERE name = 'lormetazepam'), 'brand', 'EU/UK product information'),
  ('restoril', (SELECT id FROM ingredient WHERE name = 'temazepam'), 'brand', 'US product label'),
  ('normison', (SELECT id FROM ingredient WHERE name = 'temazepam'), 'brand', 'AU product information'),
  ('versed', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'US product label'),
  ('hypnovel', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'EU/UK product information'),
  ('dormicum', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'EU/UK product information'),
  ('buccolam', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'EU/UK product information'),
  ('nayzilam', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'US product label'),
  ('epistatus', (SELECT id FROM ingredient WHERE name = 'midazolam'), 'brand', 'EU/UK product information'),
  ('lendormin', (SELECT id FROM ingredient WHERE name = 'brotizolam'), 'brand', 'EU/UK product information'),
  ('doral', (SELECT id FROM ingredient WHERE name = 'quazepam'), 'brand', 'US product label'),
  ('klonopin', (SELECT id FROM ingredient WHERE name = 'clonazepam'), 'brand', 'US product label'),
  ('rivotril', (SELECT id FROM ingredient WHERE name = 'clonazepam'), 'brand', 'EU/UK product information');

-- brands: Z-drugs. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('zimovane', (SELECT id FROM ingredient WHERE name = 'zopiclone'), 'brand', 'EU/UK product information'),
  ('imovane', (SELECT id FROM ingredient WHERE name = 'zopiclone'), 'brand', 'EU/UK product information'),
  ('ambien', (SELECT id FROM ingredient WHERE name = 'zolpidem'), 'brand', 'US product label'),
  ('stilnox', (SELECT id FROM ingredient WHERE name = 'zolpidem'), 'brand', 'EU/UK product information'),
  ('edluar', (SELECT id FROM ingredient WHERE name = 'zolpidem'), 'brand', 'US and EU product labels'),
  ('intermezzo', (SELECT id FROM ingredient WHERE name = 'zolpidem'), 'brand', 'US product label'),
  ('sonata', (SELECT id FROM ingredient WHERE name = 'zaleplon'), 'brand', 'US and EU product labels'),
  ('lunesta', (SELECT id FROM ingredient WHERE name = 'eszopiclone'), 'brand', 'US product label');

-- brands: barbiturates. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('luminal', (SELECT id FROM ingredient WHERE name = 'phenobarbital'), 'brand', 'EU/UK product information'),
  ('gardenal', (SELECT id FROM ingredient WHERE name = 'phenobarbital'), 'brand', 'EU/UK product information'),
  ('mysoline', (SELECT id FROM ingredient WHERE name = 'primidone'), 'brand', 'US and EU product labels'),
  ('nembutal', (SELECT id FROM ingredient WHERE name = 'pentobarbital'), 'brand', 'US product label'),
  ('amytal', (SELECT id FROM ingredient WHERE name = 'amobarbital'), 'brand', 'US product label'),
  ('seconal', (SELECT id FROM ingredient WHERE name = 'secobarbital'), 'brand', 'US product label');

-- brands: CYP1A2 inhibitors. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('cipro', (SELECT id FROM ingredient WHERE name = 'ciprofloxacin'), 'brand', 'US product label'),
  ('ciproxin', (SELECT id FROM ingredient WHERE name = 'ciprofloxacin'), 'brand', 'EU/UK product information'),
  ('ciprobay', (SELECT id FROM ingredient WHERE name = 'ciprofloxacin'), 'brand', 'EU/UK product information'),
  ('penetrex', (SELECT id FROM ingredient WHERE name = 'enoxacin'), 'brand', 'US product label'),
  ('tagamet', (SELECT id FROM ingredient WHERE name = 'cimetidine'), 'brand', 'US and EU product labels'),
  ('dyspamet', (SELECT id FROM ingredient WHERE name = 'cimetidine'), 'brand', 'EU/UK product information');

-- brands: oestrogens. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('estrace', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('climara', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('vivelle-dot', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('estrogel', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('oestrogel', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'EU/UK product information'),
  ('divigel', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('evorel', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'EU/UK product information'),
  ('vagifem', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US and EU product labels'),
  ('estring', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'US product label'),
  ('progynova', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'EU/UK product information'),
  ('zumenon', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'EU/UK product information'),
  ('sandrena', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'brand', 'EU/UK product information'),
  ('ovestin', (SELECT id FROM ingredient WHERE name = 'estriol'), 'brand', 'EU/UK product information'),
  ('premarin', (SELECT id FROM ingredient WHERE name = 'conjugated estrogens'), 'brand', 'US and EU product labels');

-- brands: gabapentinoids. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('neurontin', (SELECT id FROM ingredient WHERE name = 'gabapentin'), 'brand', 'US and EU product labels'),
  ('gralise', (SELECT id FROM ingredient WHERE name = 'gabapentin'), 'brand', 'US product label'),
  ('horizant', (SELECT id FROM ingredient WHERE name = 'gabapentin enacarbil'), 'brand', 'US product label'),
  ('regnite', (SELECT id FROM ingredient WHERE name = 'gabapentin enacarbil'), 'brand', 'Japanese product information'),
  ('lyrica', (SELECT id FROM ingredient WHERE name = 'pregabalin'), 'brand', 'US and EU product labels'),
  ('tarlige', (SELECT id FROM ingredient WHERE name = 'mirogabalin'), 'brand', 'Japanese product information');

-- brands: Al/Mg antacids. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('mag-ox', (SELECT id FROM ingredient WHERE name = 'magnesium oxide'), 'brand', 'US product label'),
  ('milk of magnesia', (SELECT id FROM ingredient WHERE name = 'magnesium hydroxide'), 'brand', 'US product label'),
  ('amphojel', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'brand', 'US product label'),
  ('alternagel', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'brand', 'US product label'),
  ('alu-cap', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'brand', 'EU/UK product information'),
  ('riopan', (SELECT id FROM ingredient WHERE name = 'magaldrate'), 'brand', 'US product label'),
  ('talcid', (SELECT id FROM ingredient WHERE name = 'hydrotalcite'), 'brand', 'EU/UK product information');

-- brands: common drugs with no rule. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('glucophage', (SELECT id FROM ingredient WHERE name = 'metformin'), 'brand', 'US and EU product labels'),
  ('fortamet', (SELECT id FROM ingredient WHERE name = 'metformin'), 'brand', 'US product label'),
  ('glumetza', (SELECT id FROM ingredient WHERE name = 'metformin'), 'brand', 'US product label'),
  ('riomet', (SELECT id FROM ingredient WHERE name = 'metformin'), 'brand', 'US product label'),
  ('lipitor', (SELECT id FROM ingredient WHERE name = 'atorvastatin'), 'brand', 'US and EU product labels'),
  ('sortis', (SELECT id FROM ingredient WHERE name = 'atorvastatin'), 'brand', 'EU/UK product information'),
  ('zestril', (SELECT id FROM ingredient WHERE name = 'lisinopril'), 'brand', 'US and EU product labels'),
  ('prinivil', (SELECT id FROM ingredient WHERE name = 'lisinopril'), 'brand', 'US product label'),
  ('qbrelis', (SELECT id FROM ingredient WHERE name = 'lisinopril'), 'brand', 'US product label'),
  ('diovan', (SELECT id FROM ingredient WHERE name = 'valsartan'), 'brand', 'US and EU product labels'),
  ('synthroid', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'US product label'),
  ('levoxyl', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'US product label'),
  ('unithroid', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'US product label'),
  ('tirosint', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'US product label'),
  ('eltroxin', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'EU/UK product information'),
  ('euthyrox', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'brand', 'EU/UK product information'),
  ('prilosec', (SELECT id FROM ingredient WHERE name = 'omeprazole'), 'brand', 'US product label'),
  ('losec', (SELECT id FROM ingredient WHERE name = 'omeprazole'), 'brand', 'EU/UK product information'),
  ('antra', (SELECT id FROM ingredient WHERE name = 'omeprazole'), 'brand', 'EU/UK product information'),
  ('tylenol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'US product label'),
  ('panadol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'EU/UK product information'),
  ('calpol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'EU/UK product information'),
  ('ofirmev', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'US product label'),
  ('doliprane', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'EU/UK product information'),
  ('dafalgan', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'EU/UK product information'),
  ('perfalgan', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'brand', 'EU/UK product information'),
  ('advil', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'brand', 'US product label'),
  ('motrin', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'brand', 'US product label'),
  ('nurofen', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'brand', 'EU/UK product information'),
  ('brufen', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'brand', 'EU/UK product information'),
  ('caldolor', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'brand', 'US product label'),
  ('ecotrin', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'brand', 'US product label'),
  ('disprin', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'brand', 'EU/UK product information'),
  ('aspro', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'brand', 'EU/UK product information'),
  ('feosol', (SELECT id FROM ingredient WHERE name = 'ferrous sulfate'), 'brand', 'US product label'),
  ('fer-in-sol', (SELECT id FROM ingredient WHERE name = 'ferrous sulfate'), 'brand', 'US product label');

-- brands: IV iron. Source: US/EU product labels (region per row)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('injectafer', (SELECT id FROM ingredient WHERE name = 'ferric carboxymaltose'), 'brand', 'US product label'),
  ('ferinject', (SELECT id FROM ingredient WHERE name = 'ferric carboxymaltose'), 'brand', 'EU/UK product information'),
  ('venofer', (SELECT id FROM ingredient WHERE name = 'iron sucrose'), 'brand', 'US and EU product labels'),
  ('monoferric', (SELECT id FROM ingredient WHERE name = 'ferric derisomaltose'), 'brand', 'US product label'),
  ('monofer', (SELECT id FROM ingredient WHERE name = 'ferric derisomaltose'), 'brand', 'EU/UK product information'),
  ('feraheme', (SELECT id FROM ingredient WHERE name = 'ferumoxytol'), 'brand', 'US product label'),
  ('rienso', (SELECT id FROM ingredient WHERE name = 'ferumoxytol'), 'brand', 'EU/UK product information'),
  ('infed', (SELECT id FROM ingredient WHERE name = 'iron dextran'), 'brand', 'US product label'),
  ('cosmofer', (SELECT id FROM ingredient WHERE name = 'iron dextran'), 'brand', 'EU/UK product information');

-- synonyms (USAN, BAN, former INN, spelling variants)
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('acetaminophen', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'synonym', 'USAN'),
  ('aspirin', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'synonym', 'common name / BAN'),
  ('chlorpheniramine', (SELECT id FROM ingredient WHERE name = 'chlorphenamine'), 'synonym', 'USAN'),
  ('meclizine', (SELECT id FROM ingredient WHERE name = 'meclozine'), 'synonym', 'USAN'),
  ('dothiepin', (SELECT id FROM ingredient WHERE name = 'dosulepin'), 'synonym', 'former BAN'),
  ('trimeprazine', (SELECT id FROM ingredient WHERE name = 'alimemazine'), 'synonym', 'USAN / former BAN'),
  ('methotrimeprazine', (SELECT id FROM ingredient WHERE name = 'levomepromazine'), 'synonym', 'USAN'),
  ('flupenthixol', (SELECT id FROM ingredient WHERE name = 'flupentixol'), 'synonym', 'former BAN'),
  ('zimelidine', (SELECT id FROM ingredient WHERE name = 'zimeldine'), 'synonym', 'USAN'),
  ('pericyazine', (SELECT id FROM ingredient WHERE name = 'periciazine'), 'synonym', 'BAN'),
  ('thiothixene', (SELECT id FROM ingredient WHERE name = 'tiotixene'), 'synonym', 'USAN'),
  ('meperidine', (SELECT id FROM ingredient WHERE name = 'pethidine'), 'synonym', 'USAN'),
  ('phenobarbitone', (SELECT id FROM ingredient WHERE name = 'phenobarbital'), 'synonym', 'former BAN'),
  ('pentobarbitone', (SELECT id FROM ingredient WHERE name = 'pentobarbital'), 'synonym', 'former BAN'),
  ('amylobarbitone', (SELECT id FROM ingredient WHERE name = 'amobarbital'), 'synonym', 'former BAN'),
  ('quinalbarbitone', (SELECT id FROM ingredient WHERE name = 'secobarbital'), 'synonym', 'former BAN'),
  ('oestradiol', (SELECT id FROM ingredient WHERE name = 'estradiol'), 'synonym', 'former BAN'),
  ('ethinyl estradiol', (SELECT id FROM ingredient WHERE name = 'ethinylestradiol'), 'synonym', 'USAN'),
  ('ethinyloestradiol', (SELECT id FROM ingredient WHERE name = 'ethinylestradiol'), 'synonym', 'former BAN'),
  ('conjugated oestrogens', (SELECT id FROM ingredient WHERE name = 'conjugated estrogens'), 'synonym', 'BAN spelling'),
  ('aluminum hydroxide', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'synonym', 'US spelling'),
  ('amfebutamone', (SELECT id FROM ingredient WHERE name = 'bupropion'), 'synonym', 'former INN'),
  ('l-dopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'synonym', 'common name'),
  ('thyroxine', (SELECT id FROM ingredient WHERE name = 'levothyroxine'), 'synonym', 'common name');

-- combination products: one row per ingredient. Source: US/EU product labels; BAN combination names
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('sinemet', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US and EU product labels'),
  ('sinemet', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US and EU product labels'),
  ('parcopa', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US product label'),
  ('parcopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US product label'),
  ('rytary', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US product label'),
  ('rytary', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US product label'),
  ('duopa', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US product label'),
  ('duopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US product label'),
  ('duodopa', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'EU/UK product information'),
  ('duodopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'EU/UK product information'),
  ('dhivy', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US product label'),
  ('dhivy', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US product label'),
  ('co-careldopa', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'BAN combination name'),
  ('co-careldopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'BAN combination name'),
  ('madopar', (SELECT id FROM ingredient WHERE name = 'benserazide'), 'combination', 'EU/UK product information'),
  ('madopar', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'EU/UK product information'),
  ('prolopa', (SELECT id FROM ingredient WHERE name = 'benserazide'), 'combination', 'Canadian product monograph'),
  ('prolopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'Canadian product monograph'),
  ('co-beneldopa', (SELECT id FROM ingredient WHERE name = 'benserazide'), 'combination', 'BAN combination name'),
  ('co-beneldopa', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'BAN combination name'),
  ('stalevo', (SELECT id FROM ingredient WHERE name = 'carbidopa'), 'combination', 'US and EU product labels'),
  ('stalevo', (SELECT id FROM ingredient WHERE name = 'levodopa'), 'combination', 'US and EU product labels'),
  ('stalevo', (SELECT id FROM ingredient WHERE name = 'entacapone'), 'combination', 'US and EU product labels'),
  ('symbyax', (SELECT id FROM ingredient WHERE name = 'olanzapine'), 'combination', 'US product label'),
  ('symbyax', (SELECT id FROM ingredient WHERE name = 'fluoxetine'), 'combination', 'US product label'),
  ('triavil', (SELECT id FROM ingredient WHERE name = 'perphenazine'), 'combination', 'US product label'),
  ('triavil', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'combination', 'US product label'),
  ('limbitrol', (SELECT id FROM ingredient WHERE name = 'chlordiazepoxide'), 'combination', 'US product label'),
  ('limbitrol', (SELECT id FROM ingredient WHERE name = 'amitriptyline'), 'combination', 'US product label'),
  ('deanxit', (SELECT id FROM ingredient WHERE name = 'flupentixol'), 'combination', 'EU/UK product information'),
  ('deanxit', (SELECT id FROM ingredient WHERE name = 'melitracen'), 'combination', 'EU/UK product information'),
  ('percocet', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'combination', 'US product label'),
  ('percocet', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('endocet', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'combination', 'US product label'),
  ('endocet', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('targin', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'combination', 'EU/UK product information'),
  ('targin', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'combination', 'EU/UK product information'),
  ('vicodin', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'combination', 'US product label'),
  ('vicodin', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('norco', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'combination', 'US product label'),
  ('norco', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('lortab', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'combination', 'US product label'),
  ('lortab', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('vicoprofen', (SELECT id FROM ingredient WHERE name = 'hydrocodone'), 'combination', 'US product label'),
  ('vicoprofen', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'combination', 'US product label'),
  ('ultracet', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'combination', 'US product label'),
  ('ultracet', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('tramacet', (SELECT id FROM ingredient WHERE name = 'tramadol'), 'combination', 'EU/UK product information'),
  ('tramacet', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'EU/UK product information'),
  ('co-codamol', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'BAN combination name'),
  ('co-codamol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'BAN combination name'),
  ('tylenol with codeine', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'US product label'),
  ('tylenol with codeine', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('panadeine', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'AU product information'),
  ('panadeine', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'AU product information'),
  ('kapake', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'EU/UK product information'),
  ('kapake', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'EU/UK product information'),
  ('co-dydramol', (SELECT id FROM ingredient WHERE name = 'dihydrocodeine'), 'combination', 'BAN combination name'),
  ('co-dydramol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'BAN combination name'),
  ('suboxone', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'combination', 'US and EU product labels'),
  ('suboxone', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'combination', 'US and EU product labels'),
  ('zubsolv', (SELECT id FROM ingredient WHERE name = 'buprenorphine'), 'combination', 'US product label'),
  ('zubsolv', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'combination', 'US product label'),
  ('valoron', (SELECT id FROM ingredient WHERE name = 'tilidine'), 'combination', 'EU/UK product information'),
  ('valoron', (SELECT id FROM ingredient WHERE name = 'naloxone'), 'combination', 'EU/UK product information'),
  ('tuinal', (SELECT id FROM ingredient WHERE name = 'amobarbital'), 'combination', 'US product label'),
  ('tuinal', (SELECT id FROM ingredient WHERE name = 'secobarbital'), 'combination', 'US product label'),
  ('excedrin', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label'),
  ('excedrin', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'combination', 'US product label'),
  ('excedrin', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'combination', 'US product label'),
  ('caduet', (SELECT id FROM ingredient WHERE name = 'amlodipine'), 'combination', 'US and EU product labels'),
  ('caduet', (SELECT id FROM ingredient WHERE name = 'atorvastatin'), 'combination', 'US and EU product labels'),
  ('exforge', (SELECT id FROM ingredient WHERE name = 'amlodipine'), 'combination', 'US and EU product labels'),
  ('exforge', (SELECT id FROM ingredient WHERE name = 'valsartan'), 'combination', 'US and EU product labels'),
  ('maalox', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'combination', 'US product label; WHO ATC A02AD01 ordinary salt combinations'),
  ('maalox', (SELECT id FROM ingredient WHERE name = 'magnesium hydroxide'), 'combination', 'US product label; WHO ATC A02AD01 ordinary salt combinations'),
  ('mylanta', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'combination', 'US product label (also simethicone, not in KB); WHO ATC A02AD01'),
  ('mylanta', (SELECT id FROM ingredient WHERE name = 'magnesium hydroxide'), 'combination', 'US product label (also simethicone, not in KB); WHO ATC A02AD01'),
  ('co-magaldrox', (SELECT id FROM ingredient WHERE name = 'aluminium hydroxide'), 'combination', 'BAN combination name; WHO ATC A02AD01'),
  ('co-magaldrox', (SELECT id FROM ingredient WHERE name = 'magnesium hydroxide'), 'combination', 'BAN combination name; WHO ATC A02AD01');

-- ============================================================ strip_word
-- salts ('hydrogen maleate' = 'hydrogen' + 'maleate'); release suffixes; dose forms; units. Source: product labels (salt and release-suffix names)
INSERT INTO strip_word(word, kind) VALUES
  ('hydrochloride', 'salt'),
  ('hcl', 'salt'),
  ('hydrobromide', 'salt'),
  ('hbr', 'salt'),
  ('dihydrochloride', 'salt'),
  ('mesylate', 'salt'),
  ('mesilate', 'salt'),
  ('dimesylate', 'salt'),
  ('maleate', 'salt'),
  ('hydrogen', 'salt'),
  ('fumarate', 'salt'),
  ('succinate', 'salt'),
  ('tartrate', 'salt'),
  ('bitartrate', 'salt'),
  ('oxalate', 'salt'),
  ('carbonate', 'salt'),
  ('citrate', 'salt'),
  ('sulfate', 'salt'),
  ('sulphate', 'salt'),
  ('phosphate', 'salt'),
  ('acetate', 'salt'),
  ('lactate', 'salt'),
  ('sodium', 'salt'),
  ('potassium', 'salt'),
  ('dipotassium', 'salt'),
  ('calcium', 'salt'),
  ('besylate', 'salt'),
  ('besilate', 'salt'),
  ('napadisilate', 'salt'),
  ('teoclate', 'salt'),
  ('monohydrate', 'salt'),
  ('dihydrate', 'salt'),
  ('trihydrate', 'salt'),
  ('hemihydrate', 'salt'),
  ('decanoate', 'salt'),
  ('palmitate', 'salt'),
  ('pamoate', 'salt'),
  ('embonate', 'salt'),
  ('enanthate', 'salt');
INSERT INTO strip_word(word, kind) VALUES
  ('er', 'release'),
  ('xr', 'release'),
  ('xl', 'release'),
  ('cr', 'release'),
  ('sr', 'release'),
  ('la', 'release'),
  ('cd', 'release'),
  ('od', 'release'),
  ('odt', 'release'),
  ('dr', 'release'),
  ('ir', 'release'),
  ('mr', 'release'),
  ('pr', 'release'),
  ('ec', 'release'),
  ('retard', 'release'),
  ('depot', 'release'),
  ('prolonged-release', 'release'),
  ('extended-release', 'release'),
  ('modified-release', 'release'),
  ('sustained-release', 'release'),
  ('controlled-release', 'release'),
  ('delayed-release', 'release'),
  ('immediate-release', 'release'),
  ('release', 'release'),
  ('prolonged', 'release'),
  ('extended', 'release'),
  ('modified', 'release'),
  ('sustained', 'release'),
  ('controlled', 'release'),
  ('delayed', 'release'),
  ('immediate', 'release');
INSERT INTO strip_word(word, kind) VALUES
  ('tablet', 'form'),
  ('tablets', 'form'),
  ('tab', 'form'),
  ('tabs', 'form'),
  ('capsule', 'form'),
  ('capsules', 'form'),
  ('cap', 'form'),
  ('caps', 'form'),
  ('oral', 'form'),
  ('solution', 'form'),
  ('suspension', 'form'),
  ('injection', 'form'),
  ('injectable', 'form'),
  ('infusion', 'form'),
  ('intravenous', 'form'),
  ('patch', 'form'),
  ('transdermal', 'form'),
  ('film-coated', 'form'),
  ('chewable', 'form'),
  ('orodispersible', 'form'),
  ('dispersible', 'form'),
  ('sublingual', 'form'),
  ('buccal', 'form'),
  ('effervescent', 'form'),
  ('syrup', 'form'),
  ('drops', 'form'),
  ('liquid', 'form'),
  ('elixir', 'form'),
  ('powder', 'form'),
  ('cream', 'form'),
  ('gel', 'form'),
  ('spray', 'form'),
  ('nasal', 'form'),
  ('suppository', 'form'),
  ('suppositories', 'form'),
  ('ampoule', 'form'),
  ('vial', 'form'),
  ('lozenge', 'form');
INSERT INTO strip_word(word, kind) VALUES
  ('mg', 'unit'),
  ('mcg', 'unit'),
  ('ug', 'unit'),
  ('µg', 'unit'),
  ('g', 'unit'),
  ('ml', 'unit'),
  ('mg/ml', 'unit'),
  ('mg/5ml', 'unit'),
  ('iu', 'unit'),
  ('%', 'unit'),
  ('units', 'unit'),
  ('unit', 'unit'),
  ('microgram', 'unit'),
  ('micrograms', 'unit'),
  ('milligram', 'unit'),
  ('milligrams', 'unit'),
  ('mmol', 'unit'),
  ('mcg/h', 'unit'),
  ('mcg/hr', 'unit'),
  ('mg/24h', 'unit');

-- ============================================================ rule
-- Source and grade per row (aggravators, withdrawal, ddi, other flags).
-- renal.not-studied is stored as critical (pramipexole); the engine downgrades it to warning for ropinirole.
INSERT INTO rule(id, kind, severity, summary, detail, source, grade) VALUES
  ('rls-aggravator.ssri', 'aggravator', 'warning', 'SSRI on the medication list may cause or worsen RLS/PLMS', 'Serotonergic antidepressants can provoke or aggravate restless legs and periodic limb movements. Review the indication; if an antidepressant is still needed, bupropion is not an aggravator.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694): serotonergic drugs; WHO ATC N06AB; grade V', 'V'),
  ('rls-aggravator.snri', 'aggravator', 'warning', 'SNRI on the medication list may cause or worsen RLS/PLMS', 'Serotonin-noradrenaline reuptake inhibitors can provoke or aggravate restless legs and periodic limb movements. Review the indication and consider a non-serotonergic alternative such as bupropion.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694): serotonergic drugs; WHO ATC; grade V/S', 'V/S'),
  ('rls-aggravator.tca', 'aggravator', 'warning', 'Tricyclic or related antidepressant may cause or worsen RLS/PLMS', 'Non-selective monoamine reuptake inhibitors (tricyclics, maprotiline and related drugs) can aggravate restless legs and periodic limb movements. Review whether the drug is still needed, especially low-dose use for sleep or pain.', 'RLS/PLMS review (clinical source text); WHO ATC N06AA; grade source text', 'source text'),
  ('rls-aggravator.nassa', 'aggravator', 'warning', 'Mirtazapine or mianserin may cause or worsen RLS/PLMS', 'Mirtazapine and mianserin are reported to provoke or aggravate restless legs. Review the indication; bupropion is not an aggravator.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC; grade V/S', 'V/S'),
  ('rls-aggravator.lithium', 'aggravator', 'warning', 'Lithium may cause or worsen RLS/PLMS', 'Lithium (any salt) is reported to aggravate restless legs and periodic limb movements. Do not stop lithium without the prescriber; flag it for review of RLS treatment response.', 'RLS/PLMS review (clinical source text); WHO ATC N05AN01; grade source text', 'source text'),
  ('rls-aggravator.antipsychotic', 'aggravator', 'warning', 'Antipsychotic (dopamine antagonist) may cause or worsen RLS/PLMS', 'Antipsychotics block dopamine receptors and can provoke or aggravate restless legs and akathisia-like symptoms. Review the need with the prescriber; see also the interaction with dopamine agonists.', 'Dopamine antagonist class effect; WHO ATC N05A excluding N05AN01; grade V', 'V'),
  ('rls-aggravator.antiemetic', 'aggravator', 'warning', 'Dopamine-blocking antiemetic may cause or worsen RLS/PLMS', 'Metoclopramide, promethazine and related antiemetics block central dopamine receptors and can aggravate restless legs. Domperidone acts peripherally and is not flagged.', 'Dopamine antagonist class effect; WHO ATC; grade V/S', 'V/S'),
  ('rls-aggravator.antihistamine', 'aggravator', 'warning', 'Sedating antihistamine may cause or worsen RLS/PLMS', 'Sedating H1 antihistamines, including over-the-counter sleep and travel-sickness products, commonly aggravate restless legs. Non-sedating antihistamines (loratadine, desloratadine, cetirizine, levocetirizine, fexofenadine) are not flagged.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC R06A, N05BB01; grade V/S', 'V/S'),
  ('rls-aggravator.ccb', 'aggravator', 'info', 'Calcium channel blocker is reported to worsen RLS in some patients', 'Calcium channel blockers have been reported to aggravate restless legs. No change is needed unless symptoms worsened after starting the drug.', 'RLS/PLMS review (clinical source text); WHO ATC C08; grade source text', 'source text'),
  ('rls-augmentation.levodopa', 'aggravator', 'warning', 'Levodopa on the list: risk of RLS augmentation', 'Levodopa (with or without a decarboxylase or COMT inhibitor) carries a high risk of augmentation, a drug-induced worsening of RLS. AASM 2024 advises against its standard use for RLS.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694): augmentation; WHO ATC N04BA; grade V', 'V'),
  ('rls-aggravator.other', 'aggravator', 'info', 'Topiramate, tramadol or caffeine may worsen RLS', 'These drugs have been reported to provoke or aggravate restless legs. Consider them if RLS symptoms worsened after they were started; for caffeine, advise avoiding it in the evening.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC; grade V/S', 'V/S'),
  ('withdrawal.opioid', 'withdrawal', 'warning', 'Stopping an opioid can provoke or worsen RLS', 'Opioid withdrawal can provoke restless legs. If the opioid is stopped, taper it and watch for new or worse RLS symptoms.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC N02A, N07BC01, N07BC02, R05DA04; grade V', 'V'),
  ('withdrawal.benzodiazepine', 'withdrawal', 'warning', 'Stopping a benzodiazepine can provoke or worsen RLS', 'Benzodiazepine withdrawal can provoke restless legs. If the drug is stopped, taper it and watch for new or worse RLS symptoms.', 'RLS/PLMS review (clinical source text); WHO ATC N05BA, N05CD, N03AE01; grade source text', 'source text'),
  ('withdrawal.barbiturate', 'withdrawal', 'warning', 'Stopping a barbiturate can provoke or worsen RLS', 'Barbiturate withdrawal can provoke restless legs. If the drug is stopped, taper it and watch for new or worse RLS symptoms.', 'RLS/PLMS review (clinical source text); WHO ATC N03AA, N05CA; grade source text', 'source text'),
  ('ddi.dopamine-antagonist', 'ddi', 'critical', 'Dopamine antagonist with pramipexole/ropinirole: each cancels the other''s effect', 'Antipsychotics (other than lithium) and dopamine-blocking antiemetics such as metoclopramide block the receptors that pramipexole and ropinirole act on, so both lose effect. Avoid the combination and discuss an alternative with the prescriber.', 'Mirapex and Requip US labels (dopamine antagonists); grade V', 'V'),
  ('ddi.duplicate-agonist', 'ddi', 'critical', 'Two dopamine agonists at once: duplicate therapy', 'The list already holds a dopamine agonist, or a second regimen for the same drug. Use one dopamine agonist only; stop or replace the other before titrating.', 'WHO ATC index N04BC (one class: duplicate therapy); no grade given', '-'),
  ('ddi.levodopa', 'ddi', 'warning', 'Levodopa with pramipexole/ropinirole: additive dopaminergic effects, augmentation risk', 'Levodopa adds to the dopaminergic effects (dyskinesia, hallucinations, low blood pressure) and raises the risk of RLS augmentation. Review whether both are needed.', 'Mirapex and Requip US labels; AASM 2024 (J Clin Sleep Med, PMID 39324694); grade V', 'V'),
  ('ddi.sedation', 'ddi', 'warning', 'Sedating medicine with pramipexole/ropinirole: risk of falling asleep suddenly', 'Pramipexole and ropinirole can cause sudden sleep onset during daily activities; benzodiazepines, Z-drugs, barbiturates and sedating antihistamines add to it. Warn the patient about driving and other hazardous activities.', 'Mirapex and Requip US labels (falling asleep during activities of daily living); grade V', 'V'),
  ('ddi.cyp1a2', 'ddi', 'warning', 'CYP1A2 inhibitor raises ropinirole levels (AUC up to +84 %)', 'Ciprofloxacin, enoxacin, fluvoxamine and cimetidine inhibit CYP1A2, which clears ropinirole; ciprofloxacin raised ropinirole AUC by 84 %. Adjust the ropinirole dose when the inhibitor is started or stopped.', 'Requip US label (CYP1A2 inhibitors); grade V', 'V'),
  ('ddi.estrogen', 'ddi', 'info', 'Oestrogen may raise ropinirole levels', 'Oestrogens lower ropinirole clearance. The dose may need adjusting if oestrogen therapy is started or stopped during ropinirole treatment.', 'Requip US label (estrogens); grade V', 'V'),
  ('ddi.renal-cation', 'ddi', 'warning', 'Cimetidine or amantadine slows pramipexole elimination (AUC +50 %)', 'These drugs compete for renal cationic secretion: cimetidine cut pramipexole clearance by 34 % and raised its AUC by 50 %. Consider a lower pramipexole dose and watch for adverse effects.', 'Mirapex US label (cimetidine, amantadine); grade V/S', 'V/S'),
  ('ddi.opioid-cns', 'ddi', 'critical', 'Opioid with gabapentin: risk of serious breathing problems', 'Gabapentinoids taken with opioids can cause serious, sometimes fatal, respiratory depression. Avoid the combination where possible; otherwise use the lowest doses and monitor for sedation and slowed breathing.', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids); grade V', 'V'),
  ('ddi.cns-depressant', 'ddi', 'warning', 'CNS depressant with gabapentin: added sedation and breathing risk', 'Benzodiazepines, Z-drugs, barbiturates and sedating antihistamines add to the sedation and respiratory depression of gabapentin. Use the lowest effective doses and monitor for drowsiness and slowed breathing.', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids); grade V', 'V'),
  ('ddi.duplicate-gabapentinoid', 'ddi', 'critical', 'Two gabapentinoids at once: duplicate therapy', 'Gabapentin, gabapentin enacarbil and pregabalin act on the same target, and gabapentin enacarbil is not interchangeable with gabapentin. Use one product only.', 'Horizant label (not interchangeable with gabapentin); grade V', 'V'),
  ('ddi.antacid', 'ddi', 'info', 'Al/Mg antacid lowers gabapentin absorption by about 20 %', 'Aluminium- and magnesium-containing antacids reduce gabapentin bioavailability by about 20 %. Take gabapentin at least 2 hours after the antacid; titrad adds this to the calendar notes.', 'Neurontin US label (Maalox); grade V', 'V'),
  ('formulary.unrecognised', 'formulary', 'info', 'Medication name not recognised: not checked for RLS effects or interactions', 'The name matched no ingredient in the knowledge base, so no aggravator or interaction check was done for it. Check the spelling or review the medication manually.', 'titrad knowledge base (WHO ATC index names, US/EU product-label brands): no match', '-'),
  ('label.max-exceeded', 'label', 'warning', 'Planned dose passes the labelled RLS maximum', 'The regimen goes above the labelled RLS maximum (pramipexole 0.5 mg/day, US; ropinirole 4 mg/day); the detail names the first such night. The source protocol allows more, so confirm the plan with the prescriber.', 'Mirapex US label; Sifrol AU PI; Requip US label; Adartrel SmPC; grade V/S', 'V/S'),
  ('label.faster-than-label', 'label', 'warning', 'Start dose or titration steps faster than the product label', 'Labels start ropinirole at 0.25 mg and raise it weekly, and raise pramipexole no more often than every 4 days; this regimen is faster. Consider the label schedule.', 'Adartrel SmPC; Requip US label; Sifrol PI; AAFP 2007; grade V', 'V'),
  ('label.off-label', 'label', 'info', 'Gabapentin (immediate-release) is not approved for RLS', 'Immediate-release gabapentin is used off-label for RLS (not approved in the US or Canada; usual 900-1800 mg/day); gabapentin enacarbil is the approved gabapentin product. Document the off-label use.', 'openFDA gabapentin labels; CPS; Horizant label; grade V', 'V'),
  ('label.divided-dose', 'label', 'info', 'Single gabapentin dose above 1200 mg; the label divides larger daily doses', 'Gabapentin labels give daily doses of 900 mg and more in 2-3 divided doses; this regimen plans more than 1200 mg at once. Consider splitting the dose.', 'openFDA gabapentin labels; CPS; grade V', 'V'),
  ('renal.dialysis', 'renal', 'info', 'Patient on haemodialysis with a gabapentin regimen', 'Gabapentin is dosed by creatinine clearance as for other patients. Whether to give a supplemental dose after each dialysis session is the dialysis unit''s decision.', 'Neurontin US label (renal dosing table); grade S', 'S'),
  ('guideline.dopamine-agonist', 'guideline', 'info', 'AASM 2024 advises against standard use of dopamine agonists for RLS', 'AASM 2024 makes a conditional recommendation against standard use of pramipexole, ropinirole, rotigotine and levodopa (augmentation), and a strong one for gabapentinoids and IV ferric carboxymaltose. Review the choice of drug.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); grade V', 'V'),
  ('iron.low', 'iron', 'info', 'Iron stores low for RLS (ferritin <= 75 ng/mL or TSAT < 20 %)', 'AASM 2024 recommends iron therapy when morning ferritin is at most 75 ng/mL or transferrin saturation is below 20 %; IV ferric carboxymaltose has a strong recommendation. Consider iron replacement.', 'AASM 2024 (J Clin Sleep Med, PMID 39324694); grade V', 'V'),
  ('renal.gabapentin-cap', 'renal', 'warning', 'Gabapentin daily cap lowered for kidney function', 'The gabapentin cap follows the creatinine clearance band: above 30 and below 60 mL/min 1400 mg/day; above 15 up to 30 mL/min 700 mg/day; 15 or less 300 mg x CrCl/15. The calendar stops at the lower cap.', 'Neurontin US label (renal dosing table); grade S', 'S'),
  ('renal.pramipexole-interval', 'renal', 'warning', 'Pramipexole steps slowed to every 14 days (CrCl <= 60 mL/min)', 'Pramipexole is cleared by the kidneys; with creatinine clearance of 60 mL/min or less titrad waits at least 14 days between steps. Watch for adverse effects.', 'RLS/PLMS review (clinical source text the protocols come from); grade U (not verified against a label)', 'U'),
  ('renal.not-studied', 'renal', 'critical', 'No dosing data at this kidney function (pramipexole CrCl < 20; ropinirole CrCl < 30)', 'Pramipexole has not been studied at CrCl below 20 mL/min (critical). Ropinirole has not been studied below 30 mL/min without dialysis; the engine downgrades this flag to warning for ropinirole. Seek specialist advice before titrating.', 'RLS/PLMS review (clinical source text the protocols come from): pramipexole, grade U; Requip US label: ropinirole, grade V', 'U'),
  ('stop.no-taper', 'stop', 'warning', 'Gabapentin or dopamine agonist stopped without tapering', 'Gabapentin should be withdrawn gradually over at least 1 week, and dopamine agonists should also be reduced stepwise rather than stopped at once. Add a taper to the regimen.', 'Gabapentin label (MIMS); pramipexole/ropinirole labels; grade V', 'V');

-- ============================================================ rule_atc
-- Section 6 rules (formulary.*, label.*, renal.*, guideline.*, iron.*, stop.*) have no ATC rows.

-- rls-aggravator.ssri
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.ssri', 'N06AB', NULL, 0, 'WHO ATC index (all of N06AB)');

-- rls-aggravator.snri
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.snri', 'N06AX16', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.snri', 'N06AX17', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.snri', 'N06AX21', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.snri', 'N06AX23', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.snri', 'N06AX28', NULL, 0, 'WHO ATC index');

-- rls-aggravator.tca
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.tca', 'N06AA', NULL, 0, 'WHO ATC index (all of N06AA)');

-- rls-aggravator.nassa
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.nassa', 'N06AX11', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.nassa', 'N06AX03', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.nassa', 'N06AX12', NULL, 1, 'WHO ATC index; exclusion: bupropion, not an aggravator (documentation)');

-- rls-aggravator.lithium
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.lithium', 'N05AN01', NULL, 0, 'WHO ATC index');

-- rls-aggravator.antipsychotic
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.antipsychotic', 'N05A', NULL, 0, 'WHO ATC index (all of N05A)'),
  ('rls-aggravator.antipsychotic', 'N05AN01', NULL, 1, 'WHO ATC index (all of N05A); exclusion: lithium, own rule');

-- rls-aggravator.antiemetic
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.antiemetic', 'A03FA01', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antiemetic', 'R06AD02', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antiemetic', 'R06AD03', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antiemetic', 'R06AA10', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antiemetic', 'A04AD05', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antiemetic', 'A03FA03', NULL, 1, 'WHO ATC index; exclusion: domperidone, peripheral');

-- rls-aggravator.antihistamine
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.antihistamine', 'R06AA02', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AA04', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AA08', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AA09', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AA11', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AB01', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AB02', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AB04', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AD01', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AX02', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AE03', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AE05', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'N05BB01', NULL, 0, 'WHO ATC index'),
  ('rls-aggravator.antihistamine', 'R06AX13', NULL, 1, 'WHO ATC index; exclusion: loratadine, non-sedating'),
  ('rls-aggravator.antihistamine', 'R06AX27', NULL, 1, 'WHO ATC index; exclusion: desloratadine, non-sedating'),
  ('rls-aggravator.antihistamine', 'R06AX26', NULL, 1, 'WHO ATC index; exclusion: fexofenadine, non-sedating'),
  ('rls-aggravator.antihistamine', 'R06AE07', NULL, 1, 'WHO ATC index; exclusion: cetirizine, non-sedating'),
  ('rls-aggravator.antihistamine', 'R06AE09', NULL, 1, 'WHO ATC index; exclusion: levocetirizine, non-sedating');

-- rls-aggravator.ccb
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.ccb', 'C08', NULL, 0, 'WHO ATC index (all of C08)');

-- rls-augmentation.levodopa
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-augmentation.levodopa', 'N04BA01', NULL, 0, 'WHO ATC index'),
  ('rls-augmentation.levodopa', 'N04BA02', NULL, 0, 'WHO ATC index'),
  ('rls-augmentation.levodopa', 'N04BA03', NULL, 0, 'WHO ATC index');

-- rls-aggravator.other
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('rls-aggravator.other', 'N03AX11', NULL, 0, 'WHO ATC index; topiramate'),
  ('rls-aggravator.other', 'N02AX02', NULL, 0, 'WHO ATC index; tramadol'),
  ('rls-aggravator.other', 'N06BC01', NULL, 0, 'WHO ATC index; caffeine');

-- withdrawal.opioid
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('withdrawal.opioid', 'N02A', NULL, 0, 'WHO ATC index; opioids'),
  ('withdrawal.opioid', 'N07BC02', NULL, 0, 'WHO ATC index; methadone'),
  ('withdrawal.opioid', 'N07BC01', NULL, 0, 'WHO ATC index; buprenorphine'),
  ('withdrawal.opioid', 'R05DA04', NULL, 0, 'WHO ATC index; codeine'),
  ('withdrawal.opioid', 'R05DA03', NULL, 0, 'WHO ATC index; hydrocodone: opioid outside N02A (class ''opioids'')'),
  ('withdrawal.opioid', 'N07BC04', NULL, 1, 'WHO ATC index; exclusion: lofexidine, not an opioid');

-- withdrawal.benzodiazepine
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('withdrawal.benzodiazepine', 'N05BA', NULL, 0, 'WHO ATC index'),
  ('withdrawal.benzodiazepine', 'N05CD', NULL, 0, 'WHO ATC index'),
  ('withdrawal.benzodiazepine', 'N03AE01', NULL, 0, 'WHO ATC index');

-- withdrawal.barbiturate
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('withdrawal.barbiturate', 'N03AA', NULL, 0, 'WHO ATC index'),
  ('withdrawal.barbiturate', 'N05CA', NULL, 0, 'WHO ATC index');

-- ddi.dopamine-antagonist
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.dopamine-antagonist', 'N05A', 'pramipexole', 0, 'WHO ATC index; antipsychotics'),
  ('ddi.dopamine-antagonist', 'A03FA01', 'pramipexole', 0, 'WHO ATC index; metoclopramide'),
  ('ddi.dopamine-antagonist', 'R06AD02', 'pramipexole', 0, 'WHO ATC index; promethazine'),
  ('ddi.dopamine-antagonist', 'R06AD03', 'pramipexole', 0, 'WHO ATC index; thiethylperazine'),
  ('ddi.dopamine-antagonist', 'R06AA10', 'pramipexole', 0, 'WHO ATC index; trimethobenzamide'),
  ('ddi.dopamine-antagonist', 'A04AD05', 'pramipexole', 0, 'WHO ATC index; metopimazine'),
  ('ddi.dopamine-antagonist', 'N05AN01', 'pramipexole', 1, 'WHO ATC index; exclusion: lithium is not a dopamine antagonist'),
  ('ddi.dopamine-antagonist', 'N05A', 'ropinirole', 0, 'WHO ATC index; antipsychotics'),
  ('ddi.dopamine-antagonist', 'A03FA01', 'ropinirole', 0, 'WHO ATC index; metoclopramide'),
  ('ddi.dopamine-antagonist', 'R06AD02', 'ropinirole', 0, 'WHO ATC index; promethazine'),
  ('ddi.dopamine-antagonist', 'R06AD03', 'ropinirole', 0, 'WHO ATC index; thiethylperazine'),
  ('ddi.dopamine-antagonist', 'R06AA10', 'ropinirole', 0, 'WHO ATC index; trimethobenzamide'),
  ('ddi.dopamine-antagonist', 'A04AD05', 'ropinirole', 0, 'WHO ATC index; metopimazine'),
  ('ddi.dopamine-antagonist', 'N05AN01', 'ropinirole', 1, 'WHO ATC index; exclusion: lithium is not a dopamine antagonist');

-- ddi.duplicate-agonist
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.duplicate-agonist', 'N04BC', 'pramipexole', 0, 'WHO ATC index (all of N04BC)'),
  ('ddi.duplicate-agonist', 'N04BC', 'ropinirole', 0, 'WHO ATC index (all of N04BC)');

-- ddi.levodopa
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.levodopa', 'N04BA', 'pramipexole', 0, 'WHO ATC index'),
  ('ddi.levodopa', 'N04BA', 'ropinirole', 0, 'WHO ATC index');

-- ddi.sedation
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.sedation', 'N05BA', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); benzodiazepines'),
  ('ddi.sedation', 'N05CD', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); benzodiazepines'),
  ('ddi.sedation', 'N03AE01', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); clonazepam'),
  ('ddi.sedation', 'N05CF', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); Z-drugs'),
  ('ddi.sedation', 'N03AA', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); barbiturates'),
  ('ddi.sedation', 'N05CA', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); barbiturates'),
  ('ddi.sedation', 'R06AA02', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA04', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA08', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA09', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA11', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB01', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB02', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB04', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AD01', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AX02', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AE03', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AE05', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'N05BB01', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AD02', 'pramipexole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); promethazine: sedating phenothiazine antihistamine (also a dopamine-blocking antiemetic)'),
  ('ddi.sedation', 'N05BA', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); benzodiazepines'),
  ('ddi.sedation', 'N05CD', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); benzodiazepines'),
  ('ddi.sedation', 'N03AE01', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); clonazepam'),
  ('ddi.sedation', 'N05CF', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); Z-drugs'),
  ('ddi.sedation', 'N03AA', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); barbiturates'),
  ('ddi.sedation', 'N05CA', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); barbiturates'),
  ('ddi.sedation', 'R06AA02', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA04', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA08', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA09', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AA11', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB01', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB02', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AB04', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AD01', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AX02', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AE03', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AE05', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'N05BB01', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'),
  ('ddi.sedation', 'R06AD02', 'ropinirole', 0, 'WHO ATC index (CNS depressants of ddi.cns-depressant); promethazine: sedating phenothiazine antihistamine (also a dopamine-blocking antiemetic)');

-- ddi.cyp1a2
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.cyp1a2', 'J01MA02', 'ropinirole', 0, 'WHO ATC index; ciprofloxacin'),
  ('ddi.cyp1a2', 'J01MA04', 'ropinirole', 0, 'WHO ATC index; enoxacin'),
  ('ddi.cyp1a2', 'N06AB08', 'ropinirole', 0, 'WHO ATC index; fluvoxamine'),
  ('ddi.cyp1a2', 'A02BA01', 'ropinirole', 0, 'WHO ATC index; cimetidine');

-- ddi.estrogen
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.estrogen', 'G03C', 'ropinirole', 0, 'WHO ATC index (all of G03C)');

-- ddi.renal-cation
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.renal-cation', 'A02BA01', 'pramipexole', 0, 'WHO ATC index; cimetidine'),
  ('ddi.renal-cation', 'N04BB01', 'pramipexole', 0, 'WHO ATC index; amantadine');

-- ddi.opioid-cns
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.opioid-cns', 'N02A', 'gabapentin', 0, 'WHO ATC index; opioids'),
  ('ddi.opioid-cns', 'N07BC02', 'gabapentin', 0, 'WHO ATC index; methadone'),
  ('ddi.opioid-cns', 'N07BC01', 'gabapentin', 0, 'WHO ATC index; buprenorphine'),
  ('ddi.opioid-cns', 'R05DA04', 'gabapentin', 0, 'WHO ATC index; codeine'),
  ('ddi.opioid-cns', 'R05DA03', 'gabapentin', 0, 'WHO ATC index; hydrocodone: opioid outside N02A (class ''opioids'')'),
  ('ddi.opioid-cns', 'N02AA08', 'gabapentin', 0, 'WHO ATC index; dihydrocodeine (also under N02A)'),
  ('ddi.opioid-cns', 'N07BC04', 'gabapentin', 1, 'WHO ATC index; exclusion: lofexidine, not an opioid');

-- ddi.cns-depressant
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.cns-depressant', 'N05BA', 'gabapentin', 0, 'WHO ATC index; benzodiazepines'),
  ('ddi.cns-depressant', 'N05CD', 'gabapentin', 0, 'WHO ATC index; benzodiazepines'),
  ('ddi.cns-depressant', 'N03AE01', 'gabapentin', 0, 'WHO ATC index; clonazepam'),
  ('ddi.cns-depressant', 'N05CF', 'gabapentin', 0, 'WHO ATC index; Z-drugs'),
  ('ddi.cns-depressant', 'N03AA', 'gabapentin', 0, 'WHO ATC index; barbiturates'),
  ('ddi.cns-depressant', 'N05CA', 'gabapentin', 0, 'WHO ATC index; barbiturates'),
  ('ddi.cns-depressant', 'R06AA02', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AA04', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AA08', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AA09', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AA11', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AB01', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AB02', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AB04', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AD01', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AX02', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AE03', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AE05', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'N05BB01', 'gabapentin', 0, 'WHO ATC index; sedating antihistamine'),
  ('ddi.cns-depressant', 'R06AD02', 'gabapentin', 0, 'WHO ATC index; promethazine: sedating phenothiazine antihistamine (also a dopamine-blocking antiemetic)');

-- ddi.duplicate-gabapentinoid
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.duplicate-gabapentinoid', 'N02BF', 'gabapentin', 0, 'WHO ATC index; former codes; gabapentinoids incl. gabapentin enacarbil'),
  ('ddi.duplicate-gabapentinoid', 'N03AX12', 'gabapentin', 0, 'WHO ATC index; former codes; gabapentin, former code'),
  ('ddi.duplicate-gabapentinoid', 'N03AX16', 'gabapentin', 0, 'WHO ATC index; former codes; pregabalin, former code');

-- ddi.antacid
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('ddi.antacid', 'A02AD', 'gabapentin', 0, 'WHO ATC index; Al/Mg combinations'),
  ('ddi.antacid', 'A02AB', 'gabapentin', 0, 'WHO ATC index; aluminium compounds'),
  ('ddi.antacid', 'A02AA', 'gabapentin', 0, 'WHO ATC index; magnesium compounds');
