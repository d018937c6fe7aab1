// SPDX-License-Identifier: Apache-2.0
// checkin_browser.js - the patient's check-in page driven by headless
// Chromium with JavaScript disabled (puppeteer-core, pinned in
// tests/package.json and package-lock.json, driving /usr/bin/chromium).
//
// Run by checkin_browser.test, which starts titrad and passes TITRAD_BASE,
// TITRAD_ADMIN_TOKEN, CHROMIUM, CHROMIUM_TMP, RESULT_FILE and OUTPUT_DIR.
// The page's own scripts are off (setJavaScriptEnabled(false)): what the
// test reads back it reads through DevTools, as a person would see it.
// Writes "PASSED FAILED" to RESULT_FILE.
'use strict';
const { BASE, ADMIN, check, api, withBrowser, shot, run } = require('./browser_lib.js');

function isoDay(offset) {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + offset);
	return d.toISOString().slice(0, 10);
}

// Submit as a person does: the button pressed from the keyboard (no page script involved).
async function submit(page) {
	await page.focus('button[type=submit]');
	const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	return res;
}

async function main() {
	const p = await api('POST', '/v1/patients', ADMIN, { external_id: 'BROWSER-CK', display_name: 'Ada <b>Lovelace</b>' });
	const g = await api('POST', '/v1/patients/' + p.id + '/regimens', ADMIN,
	    { drug: 'pramipexole', start_date: isoDay(-10), symptom_onset: '22:00' });
	const tok = (await api('POST', '/v1/tokens', ADMIN, { role: 'patient', patient_id: p.id, label: 'browser-ck' })).token;
	const url = BASE + '/v1/regimens/' + g.id + '/checkin.html?token=' + tok;

	await withBrowser(async (browser) => {
		const page = await browser.newPage();
		if (process.env.DEBUG_CK) {
			page.on('request', (r) => console.log('# request ' + r.method() + ' ' + r.url()));
			page.on('console', (m) => console.log('# console ' + m.text()));
		}
		await page.setJavaScriptEnabled(false);
		await page.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

		// ---- the form
		let res = await page.goto(url);
		check(res.status() === 200, 'the form loads with a patient token in the query', res.status());
		check(res.headers()['referrer-policy'] === 'no-referrer', 'the token in the address is kept from Referer',
		    res.headers()['referrer-policy']);
		check(await page.$('script') === null, 'the page has no script');
		const night = await page.$eval('input[name=night]', (e) => e.value);
		check(night === isoDay(-1), 'the night defaults to yesterday', night);
		check((await page.$$('input[name=severity][type=radio]')).length === 11, 'severity 0 to 10 as radio buttons');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		check(overflow <= 0, 'nothing overflows a 360 px phone screen', overflow);
		const labelled = await page.$$eval('input:not([type=hidden]), textarea', (els) => els.every((e) =>
		    e.labels && e.labels.length > 0 || e.closest('fieldset') !== null));
		check(labelled, 'every field has a label or a legend');
		await shot(page, 'checkin-form.png');

		// ---- a good check-in, typed and clicked as a patient would
		await page.click('input[name=severity][value="5"]');
		await page.click('input[name=body_parts][value=legs]');
		await page.click('input[name=body_parts][value=arms]');
		await page.click('input[name=side_effects][value=nausea]');
		await page.type('textarea[name=note]', 'woke up twice');
		await page.type('input[name=irls]', '17');
		res = await submit(page);
		const chain = res.request().redirectChain();
		check(chain.length === 1 && chain[0].response().status() === 303, 'the POST answers 303',
		    chain.map((r) => r.response() && r.response().status()).join(','));
		check(res.status() === 200 && new URL(page.url()).searchParams.get('saved') === isoDay(-1),
		    'the browser lands on the page again', page.url());
		const status = await page.$eval('[role=status]', (e) => e.textContent).catch(() => null);
		check(status !== null && status.includes('saved'), 'the confirmation is in role="status"', status);
		const row = await page.$eval('#recent tbody tr', (e) => e.textContent).catch(() => '');
		check(row.includes(isoDay(-1)) && row.includes('Legs, Arms'), 'the check-in is among the last ones', row);
		await shot(page, 'checkin-saved.png');
		const list = await api('GET', '/v1/regimens/' + g.id + '/checkins', ADMIN);
		const c = list.items[0] || {};
		check(list.items.length === 1 && c.severity === 5 && c.irls === 17 && c.note === 'woke up twice' &&
		    JSON.stringify(c.body_parts) === '["legs","arms"]' && JSON.stringify(c.side_effects) === '["nausea"]',
		    'the API holds what the form sent', JSON.stringify(c));

		// ---- the same night again: 409 with the form and the reason
		await page.goto(url);
		await page.evaluate((d) => { document.querySelector('input[name=night]').value = d; }, isoDay(-1));
		await page.click('input[name=severity][value="3"]');
		const invalid = await page.$$eval('form :invalid', (els) => els.map((e) => e.name + '=' + e.value + ' ' + e.validationMessage));
		check(invalid.length === 0, 'the browser finds the form valid', invalid.join('; '));
		res = await submit(page);
		check(res.status() === 409, 'a night already reported answers 409', res.status());
		const reason = await page.$eval('[role=alert]', (e) => e.textContent).catch(() => '');
		check(reason.includes('already'), 'the reason is on the form', reason);

		// ---- a refused check-in (the browser's own checks off, as an old browser would send it)
		await page.goto(url);
		await page.evaluate((d) => {
			const f = document.querySelector('form');
			f.noValidate = true;
			document.querySelector('input[name=night]').value = d;
		}, isoDay(-2));
		await page.click('input[name=body_parts][value=trunk]');
		await page.type('input[name=irls]', '55');
		res = await submit(page);
		check(res.status() === 422, 'a check-in without severity answers 422', res.status());
		const errors = await page.$$eval('[role=alert] li a', (as) => as.map((a) => a.getAttribute('href')));
		check(errors.length === 1 && errors[0] === '#f-severity', 'the missing severity is listed, linked to its field',
		    errors.join(' '));
		check(await page.$('#f-severity #err-severity') !== null, 'and shown next to the field itself');
		const kept = await page.evaluate(() => ({
			night: document.querySelector('input[name=night]').value,
			trunk: document.querySelector('input[name=body_parts][value=trunk]').checked,
			irls: document.querySelector('input[name=irls]').value }));
		check(kept.night === isoDay(-2) && kept.trunk && kept.irls === '55', 'the values sent are kept on the form',
		    JSON.stringify(kept));
		await shot(page, 'checkin-errors.png');
		check((await api('GET', '/v1/regimens/' + g.id + '/checkins', ADMIN)).items.length === 1,
		    'nothing was written by the refused submissions');
	});
}

run(main);
