-- SPDX-License-Identifier: Apache-2.0
-- 010_clinical_correctness.sql: real sources for every knowledge-base row,
-- combination products with every ingredient, complete withdrawal classes.
--
-- Sources.  Rows written by 002-004 and 009 cited an internal working note
-- by section number next to (or instead of) their real source.  Users of
-- titrad never see that note, so every such row now names only the real
-- source: the WHO ATC/DDD index for codes and class membership, the product
-- label (US label, SmPC, PI) or the FDA Drug Safety Communication for a
-- clinical fact, AASM 2024 (J Clin Sleep Med, PMID 39324694) for guideline
-- statements, and "RLS/PLMS review (clinical source text)" for the review the
-- default protocols come from (grade U facts have no other source).  Rows are
-- addressed by their keys; open and resolved flags carry the new rule source.
--
-- Runs inside the loader's transaction; no BEGIN/COMMIT/PRAGMA here.

-- generated rows follow
UPDATE ingredient SET source = 'WHO ATC index'
 WHERE name IN ('zimeldine', 'alaproclate', 'etoperidone', 'milnacipran', 'desvenlafaxine', 'levomilnacipran', 'imipramine oxide', 'opipramol', 'trimipramine', 'lofepramine', 'dibenzepin', 'protriptyline', 'iprindole', 'melitracen', 'butriptyline', 'dosulepin', 'amoxapine', 'dimetacrine', 'amineptine', 'maprotiline', 'quinupramine', 'mianserin', 'lithium', 'chlorpromazine', 'levomepromazine', 'fluphenazine', 'prochlorperazine', 'trifluoperazine', 'thioridazine', 'droperidol', 'lumateperone', 'ziprasidone', 'lurasidone', 'flupentixol', 'zuclopenthixol', 'pimozide', 'loxapine', 'quetiapine', 'asenapine', 'sulpiride', 'tiapride', 'amisulpride', 'paliperidone', 'iloperidone', 'cariprazine', 'brexpiprazole', 'promethazine', 'thiethylperazine', 'trimethobenzamide', 'metopimazine', 'diphenhydramine', 'clemastine', 'carbinoxamine', 'doxylamine', 'brompheniramine', 'dexchlorpheniramine', 'chlorphenamine', 'alimemazine', 'cyproheptadine', 'cyclizine', 'meclozine', 'hydroxyzine', 'amlodipine', 'felodipine', 'isradipine', 'nicardipine', 'nifedipine', 'nimodipine', 'nisoldipine', 'nitrendipine', 'lacidipine', 'lercanidipine', 'clevidipine', 'verapamil', 'diltiazem', 'levodopa', 'bromocriptine', 'pergolide', 'dihydroergocryptine', 'ropinirole', 'pramipexole', 'cabergoline', 'apomorphine', 'piribedil', 'rotigotine', 'amantadine', 'topiramate', 'caffeine', 'hydromorphone', 'dihydrocodeine', 'oxymorphone', 'pethidine', 'fentanyl', 'piritramide', 'pentazocine', 'butorphanol', 'nalbuphine', 'tilidine', 'meptazinol', 'tapentadol', 'buprenorphine', 'chlordiazepoxide', 'oxazepam', 'lorazepam', 'bromazepam', 'clobazam', 'prazepam', 'alprazolam', 'flurazepam', 'nitrazepam', 'flunitrazepam', 'estazolam', 'triazolam', 'lormetazepam', 'temazepam', 'midazolam', 'brotizolam', 'quazepam', 'clonazepam', 'zopiclone', 'zolpidem', 'zaleplon', 'eszopiclone', 'phenobarbital', 'primidone', 'pentobarbital', 'amobarbital', 'secobarbital', 'enoxacin', 'cimetidine', 'ethinylestradiol', 'estradiol', 'estriol', 'conjugated estrogens', 'pregabalin', 'magnesium carbonate', 'magnesium oxide', 'magnesium hydroxide', 'aluminium hydroxide', 'magaldrate', 'hydrotalcite');
UPDATE ingredient SET source = 'WHO ATC index (B03AC, 4th level); AASM 2024 (J Clin Sleep Med, PMID 39324694): IV ferric carboxymaltose'
 WHERE name IN ('ferric carboxymaltose', 'iron sucrose', 'ferric derisomaltose', 'ferumoxytol', 'iron dextran');
UPDATE ingredient SET source = 'WHO ATC index (C08 class member)'
 WHERE name IN ('manidipine', 'barnidipine');
UPDATE ingredient SET source = 'WHO ATC index (N05A class member)'
 WHERE name IN ('promazine', 'cyamemazine', 'thioproperazine', 'perazine', 'periciazine', 'mesoridazine', 'pipotiazine', 'melperone', 'pipamperone', 'benperidol', 'molindone', 'sertindole', 'chlorprothixene', 'tiotixene', 'fluspirilene', 'penfluridol', 'clotiapine', 'levosulpiride', 'prothipendyl', 'zotepine');
UPDATE ingredient SET source = 'WHO ATC index (N05A class member; code from WHO Drug Information 30(2) 2016)'
 WHERE name IN ('pimavanserin');
UPDATE ingredient SET source = 'WHO ATC index (explicit exclusion)'
 WHERE name IN ('loratadine', 'desloratadine', 'cetirizine', 'levocetirizine', 'fexofenadine');
UPDATE ingredient SET source = 'WHO ATC index (explicit exclusion, not an aggravator)'
 WHERE name IN ('bupropion');
UPDATE ingredient SET source = 'WHO ATC index (explicit exclusion: not an opioid)'
 WHERE name IN ('lofexidine');
UPDATE ingredient SET source = 'WHO ATC index (explicit exclusion: peripheral, not an aggravator)'
 WHERE name IN ('domperidone');
UPDATE ingredient SET source = 'WHO ATC index (listed as potassium clorazepate)'
 WHERE name IN ('clorazepate');
UPDATE ingredient SET source = 'WHO ATC index (opioid antitussive code); class ''opioids'''
 WHERE name IN ('hydrocodone');
UPDATE ingredient SET source = 'WHO ATC index: no own code, gabapentin prodrug stored under N02BF01; Horizant label'
 WHERE name IN ('gabapentin enacarbil');
UPDATE ingredient SET source = 'WHO ATC index: no plain code, stored under the combination code N04BA02 (levodopa and decarboxylase inhibitor)'
 WHERE name IN ('carbidopa', 'benserazide');
UPDATE ingredient SET source = 'WHO ATC index; AASM 2024 (J Clin Sleep Med, PMID 39324694): iron'
 WHERE name IN ('ferrous sulfate');
UPDATE ingredient SET source = 'WHO ATC index; RxNorm ingredient 25480'
 WHERE name IN ('gabapentin');
UPDATE ingredient SET source = 'WHO ATC index; RxNorm ingredient 3444'
 WHERE name IN ('dimenhydrinate');
UPDATE ingredient SET source = 'WHO ATC index; RxNorm via CPIC drug table'
 WHERE name IN ('fluoxetine', 'citalopram', 'paroxetine', 'sertraline', 'fluvoxamine', 'escitalopram', 'venlafaxine', 'duloxetine', 'desipramine', 'imipramine', 'clomipramine', 'amitriptyline', 'nortriptyline', 'doxepin', 'mirtazapine', 'perphenazine', 'haloperidol', 'clozapine', 'olanzapine', 'risperidone', 'aripiprazole', 'metoclopramide', 'tramadol', 'morphine', 'oxycodone', 'methadone', 'codeine', 'diazepam', 'ciprofloxacin');
UPDATE ingredient_alt_atc SET source = 'WHO ATC index: former code'
 WHERE (atc, ingredient_id) IN (VALUES ('N03AX12', (SELECT id FROM ingredient WHERE name = 'gabapentin')), ('N03AX16', (SELECT id FROM ingredient WHERE name = 'pregabalin')));
UPDATE ingredient_alt_atc SET source = 'former gabapentin code'
 WHERE (atc, ingredient_id) IN (VALUES ('N03AX12', (SELECT id FROM ingredient WHERE name = 'gabapentin enacarbil')));
UPDATE iron_limit SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694): iron therapy if ferritin <= 75 ng/mL or TSAT < 20 % (grade V)'
 WHERE rule IN ('iron.low');
UPDATE patient_text SET source = 'Mirapex US label, Warnings and Precautions "Falling Asleep During Activities of Daily Living and Somnolence"'
 WHERE (drug, position) IN (VALUES ('pramipexole', 2));
UPDATE patient_text SET source = 'Neurontin US Medication Guide (do not stop without first talking to your healthcare provider); MIMS label: taper over at least 1 week'
 WHERE (drug, position) IN (VALUES ('gabapentin', 1));
UPDATE patient_text SET source = 'Requip US label, Warnings and Precautions "Falling Asleep During Activities of Daily Living and Somnolence"'
 WHERE (drug, position) IN (VALUES ('ropinirole', 2));
UPDATE protocol SET source = 'RLS/PLMS review (clinical source text): 0.125 mg 2 h before symptom onset, +0.125 mg every 2 nights, cap 4 mg'
 WHERE drug IN ('pramipexole');
UPDATE protocol SET source = 'RLS/PLMS review (clinical source text): 0.5 mg 2 h before symptom onset, +0.25 mg every night, cap 3 mg'
 WHERE drug IN ('ropinirole');
UPDATE protocol SET source = 'RLS/PLMS review (clinical source text): 300 mg at bedtime, +300 mg every week, cap 2700 mg; titrad doses 60 min before bedtime'
 WHERE drug IN ('gabapentin');
UPDATE renal_band SET source = 'RLS/PLMS review (clinical source text): CrCl < 20 not studied (grade U)'
 WHERE (drug, rule) IN (VALUES ('pramipexole', 'renal.not-studied'));
UPDATE renal_band SET source = 'RLS/PLMS review (clinical source text): CrCl <= 60, at least 14 days between titration steps (grade U)'
 WHERE (drug, rule) IN (VALUES ('pramipexole', 'renal.pramipexole-interval'));
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694): augmentation; WHO ATC N04BA; grade V'
 WHERE id IN ('rls-augmentation.levodopa');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694): serotonergic drugs; WHO ATC N06AB; grade V'
 WHERE id IN ('rls-aggravator.ssri');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694): serotonergic drugs; WHO ATC; grade V/S'
 WHERE id IN ('rls-aggravator.snri');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC N02A, N07BC01, N07BC02, R05DA04; grade V'
 WHERE id IN ('withdrawal.opioid');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC R06A, N05BB01; grade V/S'
 WHERE id IN ('rls-aggravator.antihistamine');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694); WHO ATC; grade V/S'
 WHERE id IN ('rls-aggravator.nassa', 'rls-aggravator.other');
UPDATE rule SET source = 'AASM 2024 (J Clin Sleep Med, PMID 39324694); grade V'
 WHERE id IN ('guideline.dopamine-agonist', 'iron.low');
UPDATE rule SET source = 'Adartrel SmPC; Requip US label; Sifrol PI; AAFP 2007; grade V'
 WHERE id IN ('label.faster-than-label');
UPDATE rule SET source = 'Dopamine antagonist class effect; WHO ATC N05A excluding N05AN01; grade V'
 WHERE id IN ('rls-aggravator.antipsychotic');
UPDATE rule SET source = 'Dopamine antagonist class effect; WHO ATC; grade V/S'
 WHERE id IN ('rls-aggravator.antiemetic');
UPDATE rule SET source = 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids); grade V'
 WHERE id IN ('ddi.opioid-cns', 'ddi.cns-depressant');
UPDATE rule SET source = 'Gabapentin label (MIMS); pramipexole/ropinirole labels; grade V'
 WHERE id IN ('stop.no-taper');
UPDATE rule SET source = 'Horizant label (not interchangeable with gabapentin); grade V'
 WHERE id IN ('ddi.duplicate-gabapentinoid');
UPDATE rule SET source = 'Mirapex US label (cimetidine, amantadine); grade V/S'
 WHERE id IN ('ddi.renal-cation');
UPDATE rule SET source = 'Mirapex US label; Sifrol AU PI; Requip US label; Adartrel SmPC; grade V/S'
 WHERE id IN ('label.max-exceeded');
UPDATE rule SET source = 'Mirapex and Requip US labels (dopamine antagonists); grade V'
 WHERE id IN ('ddi.dopamine-antagonist');
UPDATE rule SET source = 'Mirapex and Requip US labels (falling asleep during activities of daily living); grade V'
 WHERE id IN ('ddi.sedation');
UPDATE rule SET source = 'Mirapex and Requip US labels; AASM 2024 (J Clin Sleep Med, PMID 39324694); grade V'
 WHERE id IN ('ddi.levodopa');
UPDATE rule SET source = 'Neurontin US label (Maalox); grade V'
 WHERE id IN ('ddi.antacid');
UPDATE rule SET source = 'Neurontin US label (renal dosing table); grade S'
 WHERE id IN ('renal.dialysis', 'renal.gabapentin-cap');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text the protocols come from): pramipexole, grade U; Requip US label: ropinirole, grade V'
 WHERE id IN ('renal.not-studied');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text the protocols come from); grade U (not verified against a label)'
 WHERE id IN ('renal.pramipexole-interval');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text); WHO ATC C08; grade source text'
 WHERE id IN ('rls-aggravator.ccb');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text); WHO ATC N03AA, N05CA; grade source text'
 WHERE id IN ('withdrawal.barbiturate');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text); WHO ATC N05AN01; grade source text'
 WHERE id IN ('rls-aggravator.lithium');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text); WHO ATC N05BA, N05CD, N03AE01; grade source text'
 WHERE id IN ('withdrawal.benzodiazepine');
UPDATE rule SET source = 'RLS/PLMS review (clinical source text); WHO ATC N06AA; grade source text'
 WHERE id IN ('rls-aggravator.tca');
UPDATE rule SET source = 'Requip US label (CYP1A2 inhibitors); grade V'
 WHERE id IN ('ddi.cyp1a2');
UPDATE rule SET source = 'Requip US label (estrogens); grade V'
 WHERE id IN ('ddi.estrogen');
UPDATE rule SET source = 'WHO ATC index N04BC (one class: duplicate therapy); no grade given'
 WHERE id IN ('ddi.duplicate-agonist');
UPDATE rule SET source = 'openFDA gabapentin labels; CPS; Horizant label; grade V'
 WHERE id IN ('label.off-label');
UPDATE rule SET source = 'openFDA gabapentin labels; CPS; grade V'
 WHERE id IN ('label.divided-dose');
UPDATE rule SET source = 'titrad knowledge base (WHO ATC index names, US/EU product-label brands): no match'
 WHERE id IN ('formulary.unrecognised');
UPDATE rule_atc SET source = 'WHO ATC index'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.snri', 'N06AX16', 0), ('rls-aggravator.snri', 'N06AX17', 0), ('rls-aggravator.snri', 'N06AX21', 0), ('rls-aggravator.snri', 'N06AX23', 0), ('rls-aggravator.snri', 'N06AX28', 0), ('rls-aggravator.nassa', 'N06AX11', 0), ('rls-aggravator.nassa', 'N06AX03', 0), ('rls-aggravator.lithium', 'N05AN01', 0), ('rls-aggravator.antiemetic', 'A03FA01', 0), ('rls-aggravator.antiemetic', 'R06AD02', 0), ('rls-aggravator.antiemetic', 'R06AD03', 0), ('rls-aggravator.antiemetic', 'R06AA10', 0), ('rls-aggravator.antiemetic', 'A04AD05', 0), ('rls-aggravator.antihistamine', 'R06AA02', 0), ('rls-aggravator.antihistamine', 'R06AA04', 0), ('rls-aggravator.antihistamine', 'R06AA08', 0), ('rls-aggravator.antihistamine', 'R06AA09', 0), ('rls-aggravator.antihistamine', 'R06AA11', 0), ('rls-aggravator.antihistamine', 'R06AB01', 0), ('rls-aggravator.antihistamine', 'R06AB02', 0), ('rls-aggravator.antihistamine', 'R06AB04', 0), ('rls-aggravator.antihistamine', 'R06AD01', 0), ('rls-aggravator.antihistamine', 'R06AX02', 0), ('rls-aggravator.antihistamine', 'R06AE03', 0), ('rls-aggravator.antihistamine', 'R06AE05', 0), ('rls-aggravator.antihistamine', 'N05BB01', 0), ('rls-augmentation.levodopa', 'N04BA01', 0), ('rls-augmentation.levodopa', 'N04BA02', 0), ('rls-augmentation.levodopa', 'N04BA03', 0), ('withdrawal.benzodiazepine', 'N05BA', 0), ('withdrawal.benzodiazepine', 'N05CD', 0), ('withdrawal.benzodiazepine', 'N03AE01', 0), ('withdrawal.barbiturate', 'N03AA', 0), ('withdrawal.barbiturate', 'N05CA', 0), ('ddi.levodopa', 'N04BA', 0), ('ddi.levodopa', 'N04BA', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); Z-drugs'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'N05CF', 0), ('ddi.sedation', 'N05CF', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); barbiturates'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'N03AA', 0), ('ddi.sedation', 'N05CA', 0), ('ddi.sedation', 'N03AA', 0), ('ddi.sedation', 'N05CA', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); benzodiazepines'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'N05BA', 0), ('ddi.sedation', 'N05CD', 0), ('ddi.sedation', 'N05BA', 0), ('ddi.sedation', 'N05CD', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); clonazepam'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'N03AE01', 0), ('ddi.sedation', 'N03AE01', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); promethazine: sedating phenothiazine antihistamine (also a dopamine-blocking antiemetic)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'R06AD02', 0), ('ddi.sedation', 'R06AD02', 0));
UPDATE rule_atc SET source = 'WHO ATC index (CNS depressants of ddi.cns-depressant); sedating antihistamine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.sedation', 'R06AA02', 0), ('ddi.sedation', 'R06AA04', 0), ('ddi.sedation', 'R06AA08', 0), ('ddi.sedation', 'R06AA09', 0), ('ddi.sedation', 'R06AA11', 0), ('ddi.sedation', 'R06AB01', 0), ('ddi.sedation', 'R06AB02', 0), ('ddi.sedation', 'R06AB04', 0), ('ddi.sedation', 'R06AD01', 0), ('ddi.sedation', 'R06AX02', 0), ('ddi.sedation', 'R06AE03', 0), ('ddi.sedation', 'R06AE05', 0), ('ddi.sedation', 'N05BB01', 0), ('ddi.sedation', 'R06AA02', 0), ('ddi.sedation', 'R06AA04', 0), ('ddi.sedation', 'R06AA08', 0), ('ddi.sedation', 'R06AA09', 0), ('ddi.sedation', 'R06AA11', 0), ('ddi.sedation', 'R06AB01', 0), ('ddi.sedation', 'R06AB02', 0), ('ddi.sedation', 'R06AB04', 0), ('ddi.sedation', 'R06AD01', 0), ('ddi.sedation', 'R06AX02', 0), ('ddi.sedation', 'R06AE03', 0), ('ddi.sedation', 'R06AE05', 0), ('ddi.sedation', 'N05BB01', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of C08)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.ccb', 'C08', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of G03C)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.estrogen', 'G03C', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of N04BC)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.duplicate-agonist', 'N04BC', 0), ('ddi.duplicate-agonist', 'N04BC', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of N05A)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antipsychotic', 'N05A', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of N05A); exclusion: lithium, own rule'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antipsychotic', 'N05AN01', 1));
UPDATE rule_atc SET source = 'WHO ATC index (all of N06AA)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.tca', 'N06AA', 0));
UPDATE rule_atc SET source = 'WHO ATC index (all of N06AB)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.ssri', 'N06AB', 0));
UPDATE rule_atc SET source = 'WHO ATC index; Al/Mg combinations'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.antacid', 'A02AD', 0));
UPDATE rule_atc SET source = 'WHO ATC index; Z-drugs'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'N05CF', 0));
UPDATE rule_atc SET source = 'WHO ATC index; aluminium compounds'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.antacid', 'A02AB', 0));
UPDATE rule_atc SET source = 'WHO ATC index; amantadine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.renal-cation', 'N04BB01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; antipsychotics'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'N05A', 0), ('ddi.dopamine-antagonist', 'N05A', 0));
UPDATE rule_atc SET source = 'WHO ATC index; barbiturates'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'N03AA', 0), ('ddi.cns-depressant', 'N05CA', 0));
UPDATE rule_atc SET source = 'WHO ATC index; benzodiazepines'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'N05BA', 0), ('ddi.cns-depressant', 'N05CD', 0));
UPDATE rule_atc SET source = 'WHO ATC index; buprenorphine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'N07BC01', 0), ('ddi.opioid-cns', 'N07BC01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; caffeine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.other', 'N06BC01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; cimetidine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cyp1a2', 'A02BA01', 0), ('ddi.renal-cation', 'A02BA01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; ciprofloxacin'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cyp1a2', 'J01MA02', 0));
UPDATE rule_atc SET source = 'WHO ATC index; clonazepam'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'N03AE01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; codeine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'R05DA04', 0), ('ddi.opioid-cns', 'R05DA04', 0));
UPDATE rule_atc SET source = 'WHO ATC index; dihydrocodeine (also under N02A)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.opioid-cns', 'N02AA08', 0));
UPDATE rule_atc SET source = 'WHO ATC index; enoxacin'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cyp1a2', 'J01MA04', 0));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: bupropion, not an aggravator (documentation)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.nassa', 'N06AX12', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: cetirizine, non-sedating'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antihistamine', 'R06AE07', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: desloratadine, non-sedating'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antihistamine', 'R06AX27', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: domperidone, peripheral'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antiemetic', 'A03FA03', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: fexofenadine, non-sedating'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antihistamine', 'R06AX26', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: levocetirizine, non-sedating'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antihistamine', 'R06AE09', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: lithium is not a dopamine antagonist'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'N05AN01', 1), ('ddi.dopamine-antagonist', 'N05AN01', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: lofexidine, not an opioid'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'N07BC04', 1), ('ddi.opioid-cns', 'N07BC04', 1));
UPDATE rule_atc SET source = 'WHO ATC index; exclusion: loratadine, non-sedating'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.antihistamine', 'R06AX13', 1));
UPDATE rule_atc SET source = 'WHO ATC index; fluvoxamine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cyp1a2', 'N06AB08', 0));
UPDATE rule_atc SET source = 'WHO ATC index; former codes; gabapentin, former code'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.duplicate-gabapentinoid', 'N03AX12', 0));
UPDATE rule_atc SET source = 'WHO ATC index; former codes; gabapentinoids incl. gabapentin enacarbil'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.duplicate-gabapentinoid', 'N02BF', 0));
UPDATE rule_atc SET source = 'WHO ATC index; former codes; pregabalin, former code'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.duplicate-gabapentinoid', 'N03AX16', 0));
UPDATE rule_atc SET source = 'WHO ATC index; hydrocodone: opioid outside N02A (class ''opioids'')'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'R05DA03', 0), ('ddi.opioid-cns', 'R05DA03', 0));
UPDATE rule_atc SET source = 'WHO ATC index; magnesium compounds'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.antacid', 'A02AA', 0));
UPDATE rule_atc SET source = 'WHO ATC index; methadone'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'N07BC02', 0), ('ddi.opioid-cns', 'N07BC02', 0));
UPDATE rule_atc SET source = 'WHO ATC index; metoclopramide'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'A03FA01', 0), ('ddi.dopamine-antagonist', 'A03FA01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; metopimazine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'A04AD05', 0), ('ddi.dopamine-antagonist', 'A04AD05', 0));
UPDATE rule_atc SET source = 'WHO ATC index; opioids'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('withdrawal.opioid', 'N02A', 0), ('ddi.opioid-cns', 'N02A', 0));
UPDATE rule_atc SET source = 'WHO ATC index; promethazine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'R06AD02', 0), ('ddi.dopamine-antagonist', 'R06AD02', 0));
UPDATE rule_atc SET source = 'WHO ATC index; promethazine: sedating phenothiazine antihistamine (also a dopamine-blocking antiemetic)'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'R06AD02', 0));
UPDATE rule_atc SET source = 'WHO ATC index; sedating antihistamine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.cns-depressant', 'R06AA02', 0), ('ddi.cns-depressant', 'R06AA04', 0), ('ddi.cns-depressant', 'R06AA08', 0), ('ddi.cns-depressant', 'R06AA09', 0), ('ddi.cns-depressant', 'R06AA11', 0), ('ddi.cns-depressant', 'R06AB01', 0), ('ddi.cns-depressant', 'R06AB02', 0), ('ddi.cns-depressant', 'R06AB04', 0), ('ddi.cns-depressant', 'R06AD01', 0), ('ddi.cns-depressant', 'R06AX02', 0), ('ddi.cns-depressant', 'R06AE03', 0), ('ddi.cns-depressant', 'R06AE05', 0), ('ddi.cns-depressant', 'N05BB01', 0));
UPDATE rule_atc SET source = 'WHO ATC index; thiethylperazine'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'R06AD03', 0), ('ddi.dopamine-antagonist', 'R06AD03', 0));
UPDATE rule_atc SET source = 'WHO ATC index; topiramate'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.other', 'N03AX11', 0));
UPDATE rule_atc SET source = 'WHO ATC index; tramadol'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('rls-aggravator.other', 'N02AX02', 0));
UPDATE rule_atc SET source = 'WHO ATC index; trimethobenzamide'
 WHERE (rule_id, atc_prefix, exclude) IN (VALUES ('ddi.dopamine-antagonist', 'R06AA10', 0), ('ddi.dopamine-antagonist', 'R06AA10', 0));
UPDATE flag SET source = (SELECT r.source FROM rule r WHERE r.id = flag.rule)
 WHERE rule IN ('ddi.antacid', 'ddi.cns-depressant', 'ddi.cyp1a2', 'ddi.dopamine-antagonist', 'ddi.duplicate-agonist', 'ddi.duplicate-gabapentinoid', 'ddi.estrogen', 'ddi.levodopa', 'ddi.opioid-cns', 'ddi.renal-cation', 'ddi.sedation', 'formulary.unrecognised', 'guideline.dopamine-agonist', 'iron.low', 'label.divided-dose', 'label.faster-than-label', 'label.max-exceeded', 'label.off-label', 'renal.dialysis', 'renal.gabapentin-cap', 'renal.not-studied', 'renal.pramipexole-interval', 'rls-aggravator.antiemetic', 'rls-aggravator.antihistamine', 'rls-aggravator.antipsychotic', 'rls-aggravator.ccb', 'rls-aggravator.lithium', 'rls-aggravator.nassa', 'rls-aggravator.other', 'rls-aggravator.snri', 'rls-aggravator.ssri', 'rls-aggravator.tca', 'rls-augmentation.levodopa', 'stop.no-taper', 'withdrawal.barbiturate', 'withdrawal.benzodiazepine', 'withdrawal.opioid');

-- ============================================================ formulary.partial
-- A name known only partly (a known ingredient next to a word that matched
-- nothing, "Advil PM"): the unknown word may be a second ingredient.
INSERT INTO rule(id, kind, severity, summary, detail, source, grade) VALUES
  ('formulary.partial', 'formulary', 'info',
   'Medication name recognised only partly: an ingredient may be missing',
   'Part of the name matched a known ingredient or brand, but another word matched nothing. Combination products (night-time "PM" analgesics, codeine combinations) hide ingredients this way. Check the product''s ingredients by hand.',
   'titrad knowledge base (WHO ATC index names, US/EU product-label brands): partial match', '-');

-- ============================================================ ingredients
-- Needed by the combination products below and for complete withdrawal classes
-- (all of N03AA and N05CA barbiturates, all of N07BC opioid-dependence drugs).
INSERT INTO ingredient(name, atc, rxnorm, source) VALUES
  ('naproxen', 'M01AE02', NULL, 'WHO ATC index'),
  ('dextromethorphan', 'R05DA09', NULL, 'WHO ATC index'),
  ('methylphenobarbital', 'N03AA01', NULL, 'WHO ATC index'),
  ('barbexaclone', 'N03AA04', NULL, 'WHO ATC index'),
  ('butobarbital', 'N05CA03', NULL, 'WHO ATC index'),
  ('barbital', 'N05CA04', NULL, 'WHO ATC index'),
  ('aprobarbital', 'N05CA05', NULL, 'WHO ATC index'),
  ('cyclobarbital', 'N05CA10', NULL, 'WHO ATC index'),
  ('hexobarbital', 'N05CA16', NULL, 'WHO ATC index'),
  ('allobarbital', 'N05CA21', NULL, 'WHO ATC index'),
  ('levacetylmethadol', 'N07BC03', NULL, 'WHO ATC index'),
  ('levomethadone', 'N07BC05', NULL, 'WHO ATC index'),
  ('diamorphine', 'N07BC06', NULL, 'WHO ATC index (also N02AA09 as an analgesic)');

INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('mebaral', (SELECT id FROM ingredient WHERE name = 'methylphenobarbital'), 'brand', 'US product label'),
  ('butisol', (SELECT id FROM ingredient WHERE name = 'butobarbital'), 'brand', 'US product label (butabarbital sodium)'),
  ('heroin', (SELECT id FROM ingredient WHERE name = 'diamorphine'), 'synonym', 'WHO ATC index (diamorphine)');

-- ============================================================ withdrawal classes
-- Complete ATC groups: N05CF (Z-drugs) with the benzodiazepines, all of N07BC
-- (lofexidine stays excluded: an alpha-2 agonist, not an opioid).
INSERT INTO rule_atc(rule_id, atc_prefix, titrated, exclude, source) VALUES
  ('withdrawal.benzodiazepine', 'N05CF', NULL, 0, 'WHO ATC index (all of N05CF); RLS/PLMS review (clinical source text)'),
  ('withdrawal.opioid', 'N07BC', NULL, 0, 'WHO ATC index (all of N07BC)'),
  ('ddi.opioid-cns', 'N07BC', 'gabapentin', 0, 'WHO ATC index (all of N07BC); FDA Drug Safety Communication 2019-12-19');

-- ============================================================ combination products
-- Each brand resolves to every ingredient its label lists (one row per ingredient).
INSERT INTO drug_name(name, ingredient_id, kind, source) VALUES
  ('tylenol pm', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Tylenol PM: acetaminophen, diphenhydramine hydrochloride)'),
  ('tylenol pm', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'combination', 'US product label (Tylenol PM: acetaminophen, diphenhydramine hydrochloride)'),
  ('advil pm', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'combination', 'US product label (Advil PM: ibuprofen, diphenhydramine citrate)'),
  ('advil pm', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'combination', 'US product label (Advil PM: ibuprofen, diphenhydramine citrate)'),
  ('motrin pm', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'combination', 'US product label (Motrin PM: ibuprofen, diphenhydramine citrate)'),
  ('motrin pm', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'combination', 'US product label (Motrin PM: ibuprofen, diphenhydramine citrate)'),
  ('aleve pm', (SELECT id FROM ingredient WHERE name = 'naproxen'), 'combination', 'US product label (Aleve PM: naproxen sodium, diphenhydramine hydrochloride)'),
  ('aleve pm', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'combination', 'US product label (Aleve PM: naproxen sodium, diphenhydramine hydrochloride)'),
  ('excedrin pm', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Excedrin PM Headache: acetaminophen, aspirin, diphenhydramine citrate)'),
  ('excedrin pm', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'combination', 'US product label (Excedrin PM Headache: acetaminophen, aspirin, diphenhydramine citrate)'),
  ('excedrin pm', (SELECT id FROM ingredient WHERE name = 'diphenhydramine'), 'combination', 'US product label (Excedrin PM Headache: acetaminophen, aspirin, diphenhydramine citrate)'),
  ('nyquil', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Vicks NyQuil Cold & Flu: acetaminophen, dextromethorphan HBr, doxylamine succinate)'),
  ('nyquil', (SELECT id FROM ingredient WHERE name = 'dextromethorphan'), 'combination', 'US product label (Vicks NyQuil Cold & Flu: acetaminophen, dextromethorphan HBr, doxylamine succinate)'),
  ('nyquil', (SELECT id FROM ingredient WHERE name = 'doxylamine'), 'combination', 'US product label (Vicks NyQuil Cold & Flu: acetaminophen, dextromethorphan HBr, doxylamine succinate)'),
  ('tylenol #2', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'Canadian product monograph (Tylenol with Codeine No. 2: acetaminophen, codeine phosphate 15 mg, caffeine)'),
  ('tylenol #2', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'Canadian product monograph (Tylenol with Codeine No. 2: acetaminophen, codeine phosphate 15 mg, caffeine)'),
  ('tylenol #2', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'combination', 'Canadian product monograph (Tylenol with Codeine No. 2: acetaminophen, codeine phosphate 15 mg, caffeine)'),
  ('tylenol #3', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Tylenol with Codeine No. 3: acetaminophen 300 mg, codeine phosphate 30 mg)'),
  ('tylenol #3', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'US product label (Tylenol with Codeine No. 3: acetaminophen 300 mg, codeine phosphate 30 mg)'),
  ('tylenol #4', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Tylenol with Codeine No. 4: acetaminophen 300 mg, codeine phosphate 60 mg)'),
  ('tylenol #4', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'US product label (Tylenol with Codeine No. 4: acetaminophen 300 mg, codeine phosphate 60 mg)'),
  ('nurofen plus', (SELECT id FROM ingredient WHERE name = 'ibuprofen'), 'combination', 'UK product information (Nurofen Plus: ibuprofen, codeine phosphate)'),
  ('nurofen plus', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'UK product information (Nurofen Plus: ibuprofen, codeine phosphate)'),
  ('solpadeine plus', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'UK product information (Solpadeine Plus: paracetamol, codeine phosphate, caffeine)'),
  ('solpadeine plus', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'UK product information (Solpadeine Plus: paracetamol, codeine phosphate, caffeine)'),
  ('solpadeine plus', (SELECT id FROM ingredient WHERE name = 'caffeine'), 'combination', 'UK product information (Solpadeine Plus: paracetamol, codeine phosphate, caffeine)'),
  ('solpadol', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'UK product information (Solpadol: paracetamol, codeine phosphate)'),
  ('solpadol', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'UK product information (Solpadol: paracetamol, codeine phosphate)'),
  ('tylex', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'UK product information (Tylex: paracetamol, codeine phosphate)'),
  ('tylex', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'UK product information (Tylex: paracetamol, codeine phosphate)'),
  ('zapain', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'UK product information (Zapain: paracetamol, codeine phosphate)'),
  ('zapain', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'UK product information (Zapain: paracetamol, codeine phosphate)'),
  ('co-codaprin', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'combination', 'BAN combination name (aspirin and codeine phosphate)'),
  ('co-codaprin', (SELECT id FROM ingredient WHERE name = 'codeine'), 'combination', 'BAN combination name (aspirin and codeine phosphate)'),
  ('percodan', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'combination', 'US product label (Percodan: oxycodone hydrochloride, aspirin)'),
  ('percodan', (SELECT id FROM ingredient WHERE name = 'acetylsalicylic acid'), 'combination', 'US product label (Percodan: oxycodone hydrochloride, aspirin)'),
  ('roxicet', (SELECT id FROM ingredient WHERE name = 'oxycodone'), 'combination', 'US product label (Roxicet: oxycodone hydrochloride, acetaminophen)'),
  ('roxicet', (SELECT id FROM ingredient WHERE name = 'paracetamol'), 'combination', 'US product label (Roxicet: oxycodone hydrochloride, acetaminophen)');

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
) STRICT;
INSERT INTO listed_role(atc_prefix, titrated, rule_id, source) VALUES
  ('N02BF01', 'gabapentin', 'ddi.opioid-cns', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids)'),
  ('N02BF01', 'gabapentin', 'ddi.cns-depressant', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids)'),
  ('N02BF01', 'gabapentin', 'ddi.duplicate-gabapentinoid', 'Horizant label (not interchangeable with gabapentin)'),
  ('N02BF01', 'gabapentin', 'ddi.antacid', 'Neurontin US label (Maalox)'),
  ('N02BF02', 'gabapentin', 'ddi.opioid-cns', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids)'),
  ('N02BF02', 'gabapentin', 'ddi.cns-depressant', 'FDA Drug Safety Communication 2019-12-19 (gabapentinoids)'),
  ('N02BF02', 'gabapentin', 'ddi.duplicate-gabapentinoid', 'Lyrica US label; Horizant label'),
  ('N04BC05', 'pramipexole', 'ddi.dopamine-antagonist', 'Mirapex US label (dopamine antagonists)'),
  ('N04BC05', 'pramipexole', 'ddi.duplicate-agonist', 'WHO ATC index N04BC (one class: duplicate therapy)'),
  ('N04BC05', 'pramipexole', 'ddi.levodopa', 'Mirapex US label'),
  ('N04BC05', 'pramipexole', 'ddi.sedation', 'Mirapex US label (falling asleep during activities of daily living)'),
  ('N04BC05', 'pramipexole', 'ddi.renal-cation', 'Mirapex US label (cimetidine, amantadine)'),
  ('N04BC04', 'ropinirole', 'ddi.dopamine-antagonist', 'Requip US label (dopamine antagonists)'),
  ('N04BC04', 'ropinirole', 'ddi.duplicate-agonist', 'WHO ATC index N04BC (one class: duplicate therapy)'),
  ('N04BC04', 'ropinirole', 'ddi.levodopa', 'Requip US label'),
  ('N04BC04', 'ropinirole', 'ddi.sedation', 'Requip US label (falling asleep during activities of daily living)'),
  ('N04BC04', 'ropinirole', 'ddi.cyp1a2', 'Requip US label (CYP1A2 inhibitors)'),
  ('N04BC04', 'ropinirole', 'ddi.estrogen', 'Requip US label (estrogens)'),
  ('N04BC09', 'pramipexole', 'ddi.dopamine-antagonist', 'Neupro US label (dopamine antagonists)'),
  ('N04BC09', 'pramipexole', 'ddi.duplicate-agonist', 'WHO ATC index N04BC (one class: duplicate therapy)'),
  ('N04BC09', 'pramipexole', 'ddi.levodopa', 'Neupro US label'),
  ('N04BC09', 'pramipexole', 'ddi.sedation', 'Neupro US label (falling asleep during activities of daily living)');
