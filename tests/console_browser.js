// SPDX-License-Identifier: Apache-2.0
// console_browser.js - the pharmacist console driven by headless Chromium
// (puppeteer-core, pinned in tests/package.json and package-lock.json,
// driving the system's /usr/bin/chromium; it never downloads a browser).
//
// Run by console_browser.test, which starts titrad and passes TITRAD_BASE,
// TITRAD_ADMIN_TOKEN, CHROMIUM, CHROMIUM_TMP, RESULT_FILE and OUTPUT_DIR
// (screenshots of the queue, a flag page and a patient page go there).
// Writes "PASSED FAILED" to RESULT_FILE.
'use strict';
const { BASE, ADMIN, check, api, withBrowser, shot, run } = require('./browser_lib.js');
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";

async function token(role, label, patient) {
	const body = { role, label };
	if (patient) body.patient_id = patient;
	return (await api('POST', '/v1/tokens', ADMIN, body)).token;
}

async function login(page, tok) {
	await page.goto(BASE + '/console/login');
	await page.type('#token', tok);
	const [res] = await Promise.all([page.waitForNavigation(), page.click('#login button[type=submit]')]);
	return res;
}

async function main() {
	// ---- data: a patient with markup in the name, reduced renal function, a
	// regimen (renal cap line on its chart) and two flag-raising medications
	const ph = await token('pharmacist', 'browser-pharmacist');
	const cl = await token('clinic', 'browser-clinic');
	const p = await api('POST', '/v1/patients', cl, { external_id: 'BROWSER-1',
		display_name: "<script>alert(1)</script> Anne O'Brien", crcl_ml_min: 25 });
	await api('POST', '/v1/patients/' + p.id + '/regimens', cl,
	    { drug: 'pramipexole', start_date: '2026-11-01', symptom_onset: '22:00' });
	await api('POST', '/v1/patients/' + p.id + '/regimens', cl,
	    { drug: 'gabapentin', start_date: '2026-11-05', bedtime: '22:30' });
	await api('POST', '/v1/patients/' + p.id + '/medications', cl, { name: 'Zoloft 50 mg tablet', started: '2026-11-01' });
	await api('POST', '/v1/patients/' + p.id + '/medications', cl, { name: 'Metoclopramide 10 mg', started: '2026-11-02' });
	const pt = await token('patient', 'browser-patient', p.id);
	const open = (await api('GET', '/v1/flags?status=open', ph)).items;
	check(open.length >= 2, 'setup raised at least two open flags', open.length);

	await withBrowser(async (browser) => {
		const page = await browser.newPage();
		await page.setViewport({ width: 1280, height: 900 });

		// ---- no session: every page sends the browser to the login form
		await page.goto(BASE + '/console/flags');
		check(new URL(page.url()).pathname === '/console/login', 'without a session the queue redirects to the login',
		    page.url());
		check(await page.$('form input[name=token]') !== null, 'the login page has a field named token');

		// ---- a bad token: 401 and the form again
		let res = await login(page, 'ttd_not-a-real-token');
		check(res.status() === 401, 'a bad token gets 401', res.status());
		check(await page.$('#token') !== null, 'the form is shown again after a bad token');

		// ---- the patient token is refused
		res = await login(page, pt);
		check(res.status() === 403, 'a patient token is refused with 403', res.status());
		check((await page.cookies()).every((c) => c.name !== 'titrad_session'), 'a patient token gets no session');

		// ---- the cookie's attributes, from the raw header
		const raw = await fetch(BASE + '/console/login', { method: 'POST', redirect: 'manual',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'token=' + encodeURIComponent(ph) });
		const sc = raw.headers.get('set-cookie') || '';
		check(raw.status === 303 && raw.headers.get('location') === '/console/flags', 'login answers 303 to /console/flags',
		    raw.status + ' ' + raw.headers.get('location'));
		check(/^titrad_session=[A-Za-z0-9_-]{43};/.test(sc) && /; HttpOnly/.test(sc) && /; SameSite=Strict/.test(sc) &&
		    /; Path=\/console(;|$)/.test(sc), 'the cookie is HttpOnly, SameSite=Strict, Path=/console', sc);
		const rawCookie = sc.split(';')[0];
		// the cookie is never a credential on /v1, a bearer token never one on the console
		let r2 = await fetch(BASE + '/v1/flags', { headers: { Cookie: rawCookie } });
		check(r2.status === 401, 'the session cookie is not accepted on /v1', r2.status);
		r2 = await fetch(BASE + '/console/flags', { redirect: 'manual', headers: { Authorization: 'Bearer ' + ph } });
		check(r2.status === 303, 'a bearer token is not accepted on the console', r2.status);

		// ---- log in as the pharmacist and see the queue
		res = await login(page, ph);
		check(new URL(page.url()).pathname === '/console/flags' && res.status() === 200, 'the pharmacist logs in to the queue',
		    page.url() + ' ' + res.status());
		check(res.headers()['content-security-policy'] === CSP, 'the queue sends the CSP', res.headers()['content-security-policy']);
		check(res.headers()['x-content-type-options'] === 'nosniff', 'the queue sends nosniff');
		const cookie = (await page.cookies()).find((c) => c.name === 'titrad_session');
		check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/console',
		    'the browser holds the cookie as HttpOnly, Strict, /console', JSON.stringify(cookie));
		const rows = await page.$$eval('#flag-queue tr[data-flag-id]', (trs) => trs.map((tr) => ({
			id: tr.getAttribute('data-flag-id'), sev: tr.cells[0].innerText.trim().toLowerCase() })));
		check(rows.length === open.length, 'the queue has one row per open flag', rows.length + ' vs ' + open.length);
		const rank = (s) => (s.includes('critical') ? 0 : s.includes('warning') ? 1 : 2);
		check(rows.every((x, i) => i === 0 || rank(rows[i - 1].sev) <= rank(x.sev)), 'the queue is ordered by severity',
		    JSON.stringify(rows));
		const sevWords = await page.$$eval('#flag-queue tr[data-flag-id] td:first-child', (tds) => tds.map((t) => t.innerText));
		check(sevWords.every((w) => /critical|warning|info/i.test(w)), 'severity is written as a word');
		check(await page.$$eval('script', (s) => s.length) === 0, 'the queue carries no script (the name is escaped)');
		const nameText = await page.$eval('#flag-queue tr[data-flag-id] td:nth-child(3)', (td) => td.innerText);
		check(nameText.includes("<script>alert(1)</script> Anne O'Brien"), 'the display name shows as text', nameText);
		await shot(page, 'console-queue.png');

		// ---- open the first flag
		const first = rows[0].id;
		await Promise.all([page.waitForNavigation(), page.click('#flag-queue tr[data-flag-id="' + first + '"] td:nth-child(4) a')]);
		check(new URL(page.url()).pathname === '/console/flags/' + first, 'the queue links to the flag page', page.url());
		check(await page.$('form#review[method=post] input[name=csrf][type=hidden]') !== null, 'the flag page has the review form with csrf');
		check((await page.$$('form#review input[type=radio][name=decision]')).length === 3 &&
		    await page.$('form#review textarea[name=note]') !== null, 'the form has three decisions and a note');
		const labelled = await page.$$eval('form#review input:not([type=hidden]), form#review textarea',
		    (els) => els.every((e) => e.id && document.querySelector('label[for="' + e.id + '"]')));
		check(labelled, 'every field of the review form has a label');
		const chart = await page.$eval('svg.dose-chart', (s) => ({ title: s.querySelector('title') && s.querySelector('title').textContent,
			cap: document.querySelector('svg.dose-chart .cap') !== null,
			text: Array.from(document.querySelectorAll('svg.dose-chart')).map((c) => c.textContent).join(' ') }));
		check(chart.title && /Dose chart/.test(chart.title), 'the flag page has a dose chart with a title', JSON.stringify(chart.title));
		check(chart.cap && /renal cap/.test(chart.text), 'the chart shows the renal cap as a labelled line');
		await shot(page, 'console-flag.png');

		// ---- an override without a note is refused with a message
		await page.click('#decision-overridden');
		res = (await Promise.all([page.waitForNavigation(), page.click('form#review button[type=submit]')]))[0];
		check(res.status() === 422, 'an override without a note gets 422', res.status());
		const err = await page.$eval('#review-error', (e) => e.innerText).catch(() => '');
		check(/note/i.test(err), 'the refusal says a note is needed', err);
		check(await page.$eval('#decision-overridden', (e) => e.checked), 'the form keeps the chosen decision');

		// ---- with a note it lands, and the API shows it
		await page.type('#note', 'Benefit outweighs risk; reviewed with prescriber.');
		await Promise.all([page.waitForNavigation(), page.click('form#review button[type=submit]')]);
		check(new URL(page.url()).pathname === '/console/flags', 'a review returns to the queue', page.url());
		const status = await page.$eval('[role=status]', (e) => e.innerText).catch(() => '');
		check(/overridden/.test(status) && status.includes(first), 'the queue shows the outcome in role=status', status);
		const fl = await api('GET', '/v1/flags/' + first, ph);
		check(fl.status === 'overridden' && fl.reviewed_by === 'browser-pharmacist' &&
		    fl.review_note === 'Benefit outweighs risk; reviewed with prescriber.', 'the API shows the review under the token label',
		    JSON.stringify(fl));
		await page.reload();
		check((await page.$('[role=status]')) === null, 'the outcome shows once');

		// ---- a POST without the CSRF value: 403
		const second = rows[1].id;
		// the page's CSP forbids script fetches, so the browser posts the real form, altered
		await page.goto(BASE + '/console/flags/' + second);
		await page.$eval('form#review input[name=csrf]', (e) => e.remove());
		res = (await Promise.all([page.waitForNavigation(), page.click('form#review button[type=submit]')]))[0];
		check(res.status() === 403, 'a POST without csrf gets 403', res.status());
		check(res.headers()['content-security-policy'] === CSP, 'the refusal sends the CSP too');
		await page.goto(BASE + '/console/flags/' + second);
		await page.$eval('form#review input[name=csrf]', (e) => { e.value = 'xyz'; });
		res = (await Promise.all([page.waitForNavigation(), page.click('form#review button[type=submit]')]))[0];
		check(res.status() === 403, 'a POST with a wrong csrf gets 403', res.status());
		check((await api('GET', '/v1/flags/' + second, ph)).status === 'open', 'the refused POSTs changed nothing');

		// ---- the patient page
		await page.goto(BASE + '/console/patients/' + p.id);
		check(await page.$('svg.dose-chart title') !== null, 'the patient page has the dose chart');
		check(await page.$$eval('script', (s) => s.length) === 0, 'the patient page carries no script');
		const h1 = await page.$eval('h1', (e) => e.innerText);
		check(h1.includes('<script>'), 'the patient page shows the name as text', h1);
		const audit = await page.$$eval('table.audit td', (tds) => tds.map((t) => t.innerText).join(' ')).catch(() => '');
		check(/patient\.read/.test(audit) && /browser-pharmacist/.test(audit), 'console reads are in the audit trail', audit.slice(0, 200));
		await shot(page, 'console-patient.png');

		// ---- logout ends the session
		const before = (await page.cookies()).find((c) => c.name === 'titrad_session');
		await Promise.all([page.waitForNavigation(), page.click('form.logout button')]);
		check(new URL(page.url()).pathname === '/console/login', 'logout returns to the login page', page.url());
		await page.goto(BASE + '/console/flags');
		check(new URL(page.url()).pathname === '/console/login', 'after logout the queue needs a login again');
		r2 = await fetch(BASE + '/console/flags', { redirect: 'manual', headers: { Cookie: 'titrad_session=' + before.value } });
		check(r2.status === 303, 'the old session id no longer works', r2.status);

		// ---- a clinic token: read-only pages
		const ctx = await browser.createBrowserContext();
		const cpage = await ctx.newPage();
		await login(cpage, cl);
		check(new URL(cpage.url()).pathname === '/console/flags', 'a clinic token logs in');
		await cpage.goto(BASE + '/console/flags/' + second);
		check(await cpage.$('form#review') === null, 'a clinic token sees no review form');
		const csrf = await cpage.$eval('form.logout input[name=csrf]', (e) => e.value);
		const ccookie = (await cpage.cookies()).find((c) => c.name === 'titrad_session');
		const cres = await fetch(BASE + '/console/flags/' + second, { method: 'POST', redirect: 'manual',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'titrad_session=' + ccookie.value },
			body: 'decision=acknowledged&csrf=' + encodeURIComponent(csrf) });
		check(cres.status === 403, 'a clinic token may not review (403)', cres.status);
		check((await api('GET', '/v1/flags/' + second, ph)).status === 'open', 'the clinic POST changed nothing');
		// at a tablet's width nothing overflows sideways
		await cpage.setViewport({ width: 768, height: 1024 });
		await cpage.goto(BASE + '/console/patients/' + p.id);
		const overflow = await cpage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		check(overflow <= 0, 'the patient page fits a tablet width', overflow);
		await shot(cpage, 'console-tablet.png', false);
		// printed: no navigation, no forms; the charts stay
		await cpage.emulateMediaType('print');
		const printed = await cpage.evaluate(() => ({
			header: getComputedStyle(document.querySelector('header.top')).display,
			chart: getComputedStyle(document.querySelector('svg.dose-chart')).display }));
		check(printed.header === 'none' && printed.chart !== 'none', 'printing drops the navigation and keeps the chart',
		    JSON.stringify(printed));
		await ctx.close();
	});
}

run(main);
