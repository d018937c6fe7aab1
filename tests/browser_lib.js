// SPDX-License-Identifier: Apache-2.0
// browser_lib.js - what the browser tests share: the ok/FAIL tally, the JSON
// API client, headless Chromium (puppeteer-core driving the system's
// /usr/bin/chromium in a throwaway profile; never a downloaded browser) and
// the result file the .test wrapper reads ("PASSED FAILED").
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const BASE = process.env.TITRAD_BASE;
const ADMIN = process.env.TITRAD_ADMIN_TOKEN;
const tally = { passed: 0, failed: 0 };

function check(ok, what, extra) {
	if (ok) {
		tally.passed++;
		console.log('ok - ' + what);
	} else {
		tally.failed++;
		console.log('FAIL - ' + what + (extra !== undefined ? ': ' + extra : ''));
	}
}

// A 4xx/5xx is an error: the browser tests set up their data through the API.
async function api(method, url, token, body) {
	const res = await fetch(BASE + url, {
		method,
		headers: Object.assign({ Authorization: 'Bearer ' + token },
		    body ? { 'Content-Type': 'application/json' } : {}),
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (res.status >= 400)
		throw new Error(method + ' ' + url + ': ' + res.status + ' ' + text);
	try { return JSON.parse(text); } catch (e) { return null; }
}

// fn(browser) runs with a fresh browser; the browser and its profile go afterwards.
async function withBrowser(fn) {
	const tmp = fs.mkdtempSync(path.join(process.env.CHROMIUM_TMP || '/tmp', 'chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--user-data-dir=' + tmp],
	});
	try {
		return await fn(browser);
	} finally {
		await browser.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function shot(page, name, fullPage = true) {
	if (process.env.OUTPUT_DIR)
		await page.screenshot({ path: path.join(process.env.OUTPUT_DIR, name), fullPage });
}

// Runs main; an exception counts as one failure; writes the tally.
function run(main) {
	main().catch((e) => {
		tally.failed++;
		console.log('FAIL - ' + (e && e.stack ? e.stack : e));
	}).finally(() => {
		console.log(tally.passed + ' passed, ' + tally.failed + ' failed');
		if (process.env.RESULT_FILE)
			fs.writeFileSync(process.env.RESULT_FILE, tally.passed + ' ' + tally.failed + '\n');
	});
}

module.exports = { BASE, ADMIN, check, api, withBrowser, shot, run };
