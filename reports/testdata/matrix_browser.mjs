// matrix_browser.mjs opens a matrix.html from disk in headless Chromium
// and does what a reader does: looks at the tree, opens the first area,
// its first feature, and the first failing cell there, and reads it. It
// prints what it saw as JSON for reports/matrix_browser_test.go.
//
//   node matrix_browser.mjs <browser dir> <matrix.html>
//
// <browser dir> holds @sparticuz/chromium and puppeteer-core, as
// `make browser` installs them (.runtimes/browser).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [dir, file] = process.argv.slice(2);
if (!dir || !file) {
  console.error('usage: node matrix_browser.mjs <browser dir> <matrix.html>');
  process.exit(2);
}
const req = createRequire(join(resolve(dir), 'package.json'));
const load = async (name) => {
  const m = await import(pathToFileURL(req.resolve(name)).href);
  return m.default || m;
};
const chromium = await load('@sparticuz/chromium');
const puppeteer = await load('puppeteer-core');

const profile = mkdtempSync(join(tmpdir(), 'netconform-chromium-'));
const browser = await puppeteer.launch({
  executablePath: await chromium.executablePath(),
  ignoreDefaultArgs: true,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // @sparticuz/chromium is built to run as one process: its renderers
    // crash when started through the zygote.
    '--single-process', '--no-zygote',
    `--user-data-dir=${profile}`, 'about:blank'],
  timeout: 60000,
});
const seen = { requests: [] };
try {
  const page = await browser.newPage();
  // The page must need nothing but itself: note every request it makes.
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
  const visible = (sel) => page.$eval(sel, (e) => e.checkVisibility() && e.getBoundingClientRect().height > 0).catch(() => false);
  seen.areas = await page.$$eval('#tree details.area', (as) => as.map((a) => a.dataset.name));
  seen.areaSummary = await page.$eval('#tree details.area > summary', (s) => s.innerText);
  seen.featureVisibleBefore = await visible('#tree details.area details.feature > summary');
  await page.click('#tree details.area > summary');
  seen.featureVisible = await visible('#tree details.area details.feature > summary');
  seen.featureSummary = await page.$eval('#tree details.area details.feature > summary', (s) => s.innerText);
  await page.click('#tree details.area details.feature > summary');
  seen.scenario = await page.$eval('#tree details.feature .scenario', (s) => s.dataset.name);
  const cell = '#tree details.feature .scenario details.cell';
  seen.cellLabel = await page.$eval(cell + ' > summary', (s) => s.innerText);
  seen.textVisibleBefore = await visible(cell + ' > pre');
  await page.click(cell + ' > summary');
  seen.textVisible = await visible(cell + ' > pre');
  seen.cellText = await page.$eval(cell + ' > pre', (p) => p.innerText);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(seen));
