/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_style.c - the console's one stylesheet (GET /console/style.css),
 * served by titrad so the pages need no inline style (the CSP allows only
 * 'self').  Severity is always a word with a mark (!! critical, ! warning);
 * colour and border weight only repeat it.  Readable from a tablet to
 * 1280 px and more; printed without the navigation and the forms.
 */
#include "http/console.h"

#include <stdlib.h>
#include <string.h>

static const char STYLE[] =
	"html{color:#111;background:#fff}\n"
	"body{font-family:system-ui,Arial,Helvetica,sans-serif;font-size:16px;line-height:1.45;margin:0}\n"
	"main{max-width:1200px;margin:0 auto;padding:0 1rem 2rem}\n"
	"h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:1.6rem}h3{font-size:1.1rem}\n"
	".skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\n"
	"header.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1rem;"
	"border-bottom:2px solid #111;background:#f4f4f4}\n"
	".brand{font-weight:bold}.who{margin-left:auto}\n"
	"form.logout{display:inline;margin:0}\n"
	"a{color:#0645ad}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #1a73e8;"
	"outline-offset:2px}\n"
	"button{font:inherit;padding:.4rem .9rem;border:2px solid #111;background:#fff;border-radius:4px;cursor:pointer}\n"
	"input,select,textarea{font:inherit;padding:.3rem;border:1px solid #555;border-radius:3px;max-width:100%}\n"
	"table{border-collapse:collapse;width:100%;margin:.8rem 0}\n"
	"th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}\n"
	"thead th{background:#eee}\n"
	".sev{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:bold;text-transform:uppercase;"
	"font-size:.85rem;border:1px solid #111}\n"
	".sev-critical .sev,.sev.sev-critical{background:#b00020;color:#fff;border:3px double #fff}\n"
	".sev.sev-warning{background:#ffd54f;color:#111}\n"
	".sev.sev-info{background:#e3f2fd;color:#111}\n"
	"tr.sev-row-critical td:first-child{border-left:6px solid #b00020}\n"
	"ul.counts{list-style:none;padding:0;display:flex;gap:1.5rem;flex-wrap:wrap}\n"
	"form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.8rem 0}\n"
	".outcome{border:2px solid #1b5e20;background:#e8f5e9;padding:.5rem}\n"
	".error{border:2px solid #b00020;background:#fdecea;padding:.5rem;font-weight:bold}\n"
	".muted{color:#555}.empty{font-style:italic}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:bold}"
	"dl.facts dd{margin:0}\n"
	"fieldset{border:1px solid #999;max-width:40rem}\n"
	"section.regimen{border-top:1px solid #ccc;margin-top:1rem}\n"
	"svg.dose-chart{width:100%;max-width:900px;height:auto;display:block;border:1px solid #ddd}\n"
	"code{overflow-wrap:anywhere}\n"
	"@media (max-width:800px){body{font-size:17px}th,td{padding:.5rem}dl.facts{grid-template-columns:1fr}"
	"table.flags,table.audit{display:block;overflow-x:auto}header.top{gap:.5rem}}\n"
	"@media print{header.top,form,.skip,.paging{display:none}a{color:#000;text-decoration:none}"
	".sev{border:1px solid #000;background:#fff!important;color:#000!important}main{max-width:none}}\n";

enum MHD_Result
console_style(struct req *r)
{
	char *body = malloc(sizeof STYLE);
	if (body == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	memcpy(body, STYLE, sizeof STYLE);
	return http_body(r, 200, "text/css; charset=utf-8", body, sizeof STYLE - 1, NULL);
}
