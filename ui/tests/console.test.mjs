// The office console in headless Chromium against a real office: the built `vigil-server`
// on 127.0.0.1 with a fresh data directory, its first administrator made from the command
// line, and a real field device (the sync client, `cargo run --example field_device`)
// enrolled with the code the console issues. Signs in, adds a person, issues a code, sees
// the device's last sync, retires the person (the device's next sync gets 401), and reads
// each step in the audit view; bad input (empty name, duplicate address, wrong password,
// ended session, missing CSRF token) gets a clear message and changes nothing.
// Screenshots at 1280x800 and 390x844: target/screenshots/console-*.png.
//
//   npm run build && node --test tests/console.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import en from '../src/locales/en.json' with { type: 'json' };
import ru from '../src/locales/ru.json' with { type: 'json' };
import az from '../src/locales/az.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
const SERVER = join(TARGET, 'debug', 'vigil-server');
const SHOTS = join(ROOT, 'target', 'screenshots');
const ADMIN = { email: 'aysel.admin@npm.example', password: 'correct horse battery' };
const SUPERVISOR = { email: 'samira@npm.example', password: 'a supervisor passphrase' };
const DESK = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const c = en.console;

let data;
let office;
let url;
let browser;

/** Runs the office's command line on the test's data directory (or another's). */
function server(args, input, dir = data, env = {}) {
  return execFileSync(SERVER, ['--data', dir, ...args], { input, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The field device: enrol with a link, or sync; answers its JSON line. */
function device(dir, ...args) {
  try {
    const out = execFileSync('cargo', ['run', '-q', '-p', 'vigil-sync', '--example', 'field_device', '--', dir, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (error) {
    return JSON.parse(String(error.stdout).trim().split('\n').pop());
  }
}

function startOffice(dir = data, listen = '127.0.0.1:0') {
  return new Promise((resolve, reject) => {
    const child = spawn(SERVER, ['--data', dir, 'serve', '--listen', listen], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = /central office listening.*address=(\S+)/.exec(seen);
      if (found) resolve({ child, url: `http://${found[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`vigil-server exited ${code}: ${seen}`)));
  });
}

async function signIn(page, { email, password } = ADMIN, at = url) {
  await page.goto(`${at}/console/`);
  await page.getByLabel(c.fields.email, { exact: true }).fill(email);
  await page.getByLabel(c.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: c.signIn.submit, exact: true }).click();
}

/** The console's own API, called from the page with its cookie (and the CSRF token when given). */
function pageApi(page, method, path, body, csrf) {
  return page.evaluate(
    async ([method, path, body, csrf]) => {
      const headers = { 'content-type': 'application/json' };
      if (csrf) headers['x-csrf-token'] = csrf;
      const response = await fetch(`/console/api${path}`, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    },
    [method, path, body ?? null, csrf ?? null],
  );
}

/** Nothing wider than the screen (a phone must not scroll sideways). */
async function fitsWidth(page) {
  const { width, scrollWidth } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth }));
  assert.ok(scrollWidth <= width + 1, `the page is ${scrollWidth}px wide on a ${width}px screen`);
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: false });

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  execFileSync('cargo', ['build', '-q', '-p', 'vigil-server', '--bin', 'vigil-server', '-p', 'vigil-sync', '--example', 'field_device'], { cwd: ROOT, stdio: 'inherit' });
  data = await mkdtemp(join(tmpdir(), 'vigil-console-'));
  server(['team', 'add', 'Team North', '--region', 'North']);
  server(['admin', 'create', '--email', ADMIN.email, '--name', 'Aysel Admin'], `${ADMIN.password}\n`);
  ({ child: office, url } = await startOffice());
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  office?.kill();
  if (data) await rm(data, { recursive: true, force: true });
});

describe('the office console against a real office', () => {
  it('signs in, adds a person, enrols a device with a code, retires the person and shows it all in the audit', async () => {
    const context = await browser.newContext({ viewport: DESK });
    await context.addInitScript(() => localStorage.setItem('vigil.locale', 'en'));
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && !/401|403|409|400|429/.test(message.text()) && problems.push(message.text()));

    // A wrong password: said plainly, no session.
    await signIn(page, { email: ADMIN.email, password: 'not the password' });
    await page.getByText(c.errors.bad_credentials).waitFor();
    await shot(page, 'sign-in-wrong-password-1280');
    assert.equal((await pageApi(page, 'GET', '/session')).status, 401);

    await signIn(page);
    await page.getByRole('heading', { name: c.people.title }).waitFor();

    // An empty name, then a person, then another with the same address in capitals.
    await page.getByRole('button', { name: c.people.add, exact: true }).click();
    await page.getByLabel(c.fields.email, { exact: true }).fill('nigar.lawyer@npm.example');
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText(c.errors.invalidField.replace('{field}', c.fields.name)).waitFor();
    assert.equal(await page.locator('table.people tbody tr').count(), 1, 'nobody was added');
    await page.getByLabel(c.fields.name, { exact: true }).fill('Nigar Lawyer');
    await page.getByLabel(c.fields.profession, { exact: true }).fill('lawyer');
    await page.getByLabel('Team North', { exact: true }).check();
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText('Nigar Lawyer was added.').waitFor();
    await page.getByRole('button', { name: c.people.add, exact: true }).click();
    await page.getByLabel(c.fields.name, { exact: true }).fill('Another Nigar');
    await page.getByLabel(c.fields.email, { exact: true }).fill('NIGAR.LAWYER@npm.example');
    await page.getByLabel('Team North', { exact: true }).check();
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText(c.errors.duplicateEmail).waitFor();
    await shot(page, 'people-duplicate-email-1280');
    await page.getByRole('button', { name: c.cancel, exact: true }).click();
    assert.equal(await page.locator('table.people tbody tr').count(), 2, 'the duplicate was not added');
    await shot(page, 'people-1280');

    // A supervisor, with a console password of her own.
    await page.getByRole('button', { name: c.people.add, exact: true }).click();
    await page.getByLabel(c.fields.name, { exact: true }).fill('Samira Supervisor');
    await page.getByLabel(c.fields.email, { exact: true }).fill('samira@npm.example');
    await page.locator('select[name=role]').selectOption('supervisor');
    await page.getByLabel('Team North', { exact: true }).check();
    await page.getByLabel(c.people.password, { exact: true }).fill('short');
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText(c.errors.invalidField.replace('{field}', c.fields.password)).waitFor();
    await page.getByLabel(c.people.passwordChange, { exact: true }).fill(SUPERVISOR.password);
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText(`The changes to Samira Supervisor were saved. ${c.people.passwordSet}`).waitFor();
    assert.equal(await page.locator('table.people tbody tr', { hasText: 'Samira Supervisor' }).count(), 1, 'added once');

    // A code for her: text, QR code and link.
    await page.getByRole('button', { name: c.nav.devices, exact: true }).click();
    await page.locator('select[name=user]').selectOption({ label: `Nigar Lawyer · ${c.roles.inspector}` });
    await page.getByRole('button', { name: c.devices.issueSubmit, exact: true }).click();
    const code = await page.getByTestId('enrol-code').textContent();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(await page.locator('.qr svg').count(), 1, 'the QR code is drawn');
    const link = await page.getByTestId('enrol-link').inputValue();
    assert.ok(link.startsWith(`vigil://enrol?office=${encodeURIComponent(url)}&code=`), link);
    await shot(page, 'enrol-code-1280');

    // A real device enrols with the link and syncs; the list shows it with its last sync.
    const tablet = await mkdtemp(join(tmpdir(), 'vigil-tablet-'));
    const enrolled = device(tablet, 'enrol', link);
    assert.equal(enrolled.ok, true, JSON.stringify(enrolled));
    let row;
    for (let attempt = 0; attempt < 50; attempt++) {
      await page.getByRole('button', { name: c.nav.people, exact: true }).click();
      await page.getByRole('button', { name: c.nav.devices, exact: true }).click();
      row = page.locator('table.devices tbody tr', { hasText: 'Nigar Lawyer' });
      await row.waitFor();
      if ((await row.getByTestId('last-sync').textContent()) !== c.devices.never) break;
      await page.waitForTimeout(100);
    }
    assert.notEqual(await row.getByTestId('last-sync').textContent(), c.devices.never, 'the last sync shows');
    assert.match(await row.textContent(), /0\.1\.0/, 'with its app version');
    await shot(page, 'devices-1280');

    // A request without the CSRF token is refused with a reason and changes nothing.
    const forged = await pageApi(page, 'POST', '/teams', { name: 'Forged Team' });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.code, 'csrf_token');
    assert.match(forged.body.message, /CSRF token/);

    // Retire her: her device is revoked at once and its next sync gets 401.
    await page.getByRole('button', { name: c.nav.people, exact: true }).click();
    await page.locator('table.people tbody tr', { hasText: 'Nigar Lawyer' }).getByRole('button', { name: c.people.retire, exact: true }).click();
    await page.getByRole('button', { name: c.people.retireNow, exact: true }).click();
    await page.getByText('Nigar Lawyer was retired; 1 device revoked.').waitFor();
    await shot(page, 'people-retired-1280');
    const refused = device(tablet, 'sync');
    assert.equal(refused.ok, false);
    assert.equal(refused.status, 401, JSON.stringify(refused));

    // The audit view shows each step, and the chains check out.
    await page.getByRole('button', { name: c.nav.audit, exact: true }).click();
    await page.getByTestId('chain-check').waitFor();
    assert.match(await page.getByTestId('chain-check').textContent(), /Every hash chain checks out/);
    for (const action of ['sign_in_failed', 'sign_in', 'person_created', 'enrolment_code_issued', 'device_enrolled', 'person_retired']) {
      assert.ok((await page.locator(`td[data-action="${action}"]`).count()) >= 1, `the audit shows ${action}`);
    }
    await shot(page, 'audit-1280');
    await page.getByRole('searchbox').fill('nigar retired');
    await page.getByRole('button', { name: c.audit.apply, exact: true }).click();
    await page.getByText('1 event found').waitFor();
    assert.equal(await page.locator('table.audit tbody tr').count(), 1);

    // The session ended elsewhere (the command line): the next change is refused, said so.
    const teamsBefore = (await pageApi(page, 'GET', '/teams')).body.length;
    server(['admin', 'end-sessions', '--email', ADMIN.email]);
    await page.getByRole('button', { name: c.nav.people, exact: true }).click();
    await page.getByText(c.signIn.ended).waitFor();
    await signIn(page);
    await page.getByRole('heading', { name: c.people.title }).waitFor();
    assert.equal((await pageApi(page, 'GET', '/teams')).body.length, teamsBefore, 'no team appeared');

    // Places from a CSV file, as the command line imports them; a wrong file imports nothing.
    await page.getByRole('button', { name: c.nav.reference, exact: true }).click();
    await page.getByRole('heading', { name: c.reference.places, exact: true }).waitFor();
    const csv = 'name,kind,region,address,latitude,longitude,authority,capacity,population,contact\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'places.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}Prison No. 2,spaceship,Riverside,,,,Ministry of Justice,400,512,\n`) });
    await page.getByRole('button', { name: c.reference.importSubmit, exact: true }).click();
    await page.getByText(c.errors.invalidField.replace('{field}', c.fields.file)).waitFor();
    assert.equal(await page.locator('table.places tbody tr', { hasText: 'Prison No. 2' }).count(), 0);
    await page.locator('input[type=file]').setInputFiles({ name: 'places.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}Prison No. 2,prison,Riverside,,,,Ministry of Justice,400,512,\n`) });
    await page.getByRole('button', { name: c.reference.importSubmit, exact: true }).click();
    await page.getByText('1 record imported from places.csv.').waitFor();
    await page.locator('table.places tbody tr', { hasText: 'Prison No. 2' }).waitFor();
    // Correct its population: the place changes on every device.
    await page.locator('table.places tbody tr', { hasText: 'Prison No. 2' }).getByRole('button', { name: c.people.edit, exact: true }).click();
    await page.locator('input[name=place-population]').fill('-3');
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText(c.errors.invalidField.replace('{field}', c.fields.population)).waitFor();
    await shot(page, 'reference-edit-1280');
    await page.locator('input[name=place-population]').fill('530');
    await page.getByRole('button', { name: c.save, exact: true }).click();
    await page.getByText('The changes to Prison No. 2 were saved.').waitFor();
    await page.locator('table.places tbody tr', { hasText: '530 / 400' }).waitFor();
    await shot(page, 'reference-1280');

    await page.getByRole('button', { name: c.nav.health, exact: true }).click();
    await page.getByRole('heading', { name: c.health.title }).waitFor();
    await shot(page, 'health-1280');
    assert.deepEqual(problems, []);
    await context.close();
    await rm(tablet, { recursive: true, force: true });
  });

  it('shows a supervisor people, devices and places, read-only, and no audit trail', async () => {
    const context = await browser.newContext({ viewport: DESK });
    await context.addInitScript(() => localStorage.setItem('vigil.locale', 'en'));
    const page = await context.newPage();
    await signIn(page, SUPERVISOR);
    await page.getByRole('heading', { name: c.people.title }).waitFor();
    await page.getByText(c.people.readOnly).waitFor();
    assert.equal(await page.getByRole('button', { name: c.people.add, exact: true }).count(), 0);
    assert.equal(await page.getByRole('button', { name: c.people.retire, exact: true }).count(), 0);
    assert.equal(await page.getByRole('button', { name: c.nav.audit, exact: true }).count(), 0, 'no audit trail for a supervisor');
    await shot(page, 'people-supervisor-1280');
    await page.getByRole('button', { name: c.nav.devices, exact: true }).click();
    await page.locator('table.devices').waitFor();
    assert.equal(await page.getByRole('button', { name: c.devices.issueSubmit, exact: true }).count(), 0);
    await page.getByRole('button', { name: c.nav.review, exact: true }).click();
    await page.getByText(en.review.queueEmpty).waitFor();
    await shot(page, 'review-supervisor-1280');
    const refused = await pageApi(page, 'GET', '/audit');
    assert.deepEqual([refused.status, refused.body.code], [403, 'forbidden']);
    await context.close();
  });

  it('lets an administrator set the answer deadline and the retention period, in Russian on a phone too', async () => {
    for (const [lang, viewport] of [['en', DESK], ['ru', PHONE]]) {
      const context = await browser.newContext({ viewport });
      await context.addInitScript((code) => localStorage.setItem('vigil.locale', code), lang);
      const page = await context.newPage();
      const words = { en, ru }[lang].console;
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && !/401|400/.test(message.text()) && problems.push(message.text()));
      await page.goto(`${url}/console/`);
      await page.getByLabel(words.fields.email, { exact: true }).fill(ADMIN.email);
      await page.getByLabel(words.fields.password, { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: words.signIn.submit, exact: true }).click();
      await page.getByRole('button', { name: words.nav.settings, exact: true }).click();
      await page.getByRole('heading', { name: words.settings.title }).waitFor();
      const answer = page.getByLabel(words.fields.answer_days, { exact: true });
      // A deadline out of the law's range: refused naming the field, nothing saved.
      await answer.fill('400');
      await page.getByRole('button', { name: words.settings.save, exact: true }).click();
      await page.getByText(words.errors.invalidField.replace('{field}', words.fields.answer_days)).waitFor();
      assert.equal((await pageApi(page, 'GET', '/settings')).body.answer_days === 400, false);
      await answer.fill(lang === 'en' ? '45' : '60');
      await page.getByLabel(words.settings.removes, { exact: true }).check();
      await page.getByLabel(words.fields.retention_days, { exact: true }).fill('180');
      await page.getByRole('button', { name: words.settings.save, exact: true }).click();
      await page.getByText(words.settings.saved).waitFor();
      const saved = await pageApi(page, 'GET', '/settings');
      assert.deepEqual(saved.body, { answer_days: lang === 'en' ? 45 : 60, retention_days: 180 });
      if (viewport === PHONE) await fitsWidth(page);
      await shot(page, `settings-${viewport === PHONE ? 390 : 1280}-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  it('fits a phone, in Russian and Azerbaijani too', async () => {
    for (const lang of ['en', 'ru', 'az']) {
      const context = await browser.newContext({ viewport: PHONE });
      await context.addInitScript((code) => localStorage.setItem('vigil.locale', code), lang);
      const page = await context.newPage();
      const words = { en, ru, az }[lang].console;
      await page.goto(`${url}/console/`);
      await page.getByRole('heading', { name: words.signIn.title }).waitFor();
      await fitsWidth(page);
      await shot(page, `sign-in-390-${lang}`);
      await page.getByLabel(words.fields.email, { exact: true }).fill(ADMIN.email);
      await page.getByLabel(words.fields.password, { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: words.signIn.submit, exact: true }).click();
      for (const section of ['people', 'devices', 'reference', 'audit']) {
        await page.getByRole('button', { name: words.nav[section], exact: true }).click();
        await page.locator('table.list').first().waitFor();
        await fitsWidth(page);
        await shot(page, `${section}-390-${lang}`);
      }
      await context.close();
    }
  });
});

// The demo NPM's office, backed up with a field device enrolled, restored into another
// directory: the device waits until the administrator confirms it. A supervisor of a demo
// team reads the tracker and the dashboard and downloads a report, which the audit shows.
describe('supervisors and a restored office', () => {
  const PASSPHRASE = 'Heron-candle-19-wharf';
  let dirs = [];
  let restoredOffice;
  let at;
  let supervisor;
  let tablet;

  before(async () => {
    const first = await mkdtemp(join(tmpdir(), 'vigil-demo-office-'));
    const place = await mkdtemp(join(tmpdir(), 'vigil-restored-'));
    const restored = join(place, 'office');
    tablet = await mkdtemp(join(tmpdir(), 'vigil-tablet-'));
    dirs = [first, place, tablet];
    // The demo NPM; `demo` names one person of each role: the supervisor gets a password.
    const demo = spawnSync(SERVER, ['--data', first, 'demo', '--visits', '40'], { encoding: 'utf8' });
    assert.equal(demo.status, 0, demo.stderr);
    const email = /Supervisor\s.*<([^>]+)>/.exec(demo.stderr)?.[1];
    assert.ok(email, demo.stderr);
    supervisor = { email, password: 'a supervisor passphrase' };
    server(['admin', 'create', '--email', supervisor.email], `${supervisor.password}\n`, first);
    server(['admin', 'create', '--email', ADMIN.email, '--name', 'Aysel Admin'], `${ADMIN.password}\n`, first);
    // A field device of her team, enrolled and synced before the backup.
    const served = await startOffice(first);
    const code = server(['device', 'enrol-code', '--user', supervisor.email], undefined, first).trim();
    const enrolled = device(tablet, 'enrol', `vigil://enrol?office=${encodeURIComponent(served.url)}&code=${code}`);
    assert.equal(enrolled.ok, true, JSON.stringify(enrolled));
    const backup = join(place, 'office.age');
    server(['backup', '--out', backup], undefined, first, { VIGIL_BACKUP_PASSPHRASE: PASSPHRASE });
    // The office is lost; its backup is restored and served at the same address.
    const stopped = new Promise((resolve) => served.child.once('exit', resolve));
    served.child.kill();
    await stopped;
    server(['restore', backup], undefined, restored, { VIGIL_BACKUP_PASSPHRASE: PASSPHRASE });
    ({ child: restoredOffice, url: at } = await startOffice(restored, served.url.replace('http://', '')));
  });

  after(async () => {
    restoredOffice?.kill();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('says the office was restored, and the device syncs once the administrator confirms it', async () => {
    const refused = device(tablet, 'sync');
    assert.deepEqual([refused.ok, refused.status], [false, 403], JSON.stringify(refused));
    assert.match(refused.error, /restored from a backup.*confirm/);
    const context = await browser.newContext({ viewport: DESK });
    await context.addInitScript(() => localStorage.setItem('vigil.locale', 'en'));
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, ADMIN, at);
    await page.getByRole('button', { name: c.nav.health, exact: true }).click();
    const banner = page.getByTestId('restored');
    await banner.waitFor();
    assert.match(await banner.textContent(), /The office was restored on .* from a backup made /);
    assert.match(await banner.textContent(), /1 device waits/);
    await shot(page, 'health-restored-1280');
    await banner.getByRole('button', { name: c.restore.toDevices, exact: true }).click();
    await page.getByTestId('waiting-devices').waitFor();
    const row = page.locator('table.devices tbody tr', { hasText: 'field tablet' });
    assert.match(await row.textContent(), /Waiting for confirmation since/);
    await row.getByRole('button', { name: c.devices.confirm, exact: true }).click();
    await page.getByText(/Do not confirm a device that was revoked/).waitFor();
    await shot(page, 'devices-confirm-1280');
    await page.getByRole('button', { name: c.devices.confirmNow, exact: true }).click();
    await page.getByText('field tablet was confirmed and syncs again.').waitFor();
    assert.equal(await page.getByTestId('waiting-devices').count(), 0);
    const synced = device(tablet, 'sync');
    assert.equal(synced.ok, true, JSON.stringify(synced));
    await page.getByRole('button', { name: c.nav.audit, exact: true }).click();
    await page.locator('td[data-action="device_confirmed"]').first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('shows a supervisor the tracker and dashboard of her team and audits a report download', async () => {
    for (const viewport of [DESK, PHONE]) {
      const wide = viewport === DESK;
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      await context.addInitScript(() => localStorage.setItem('vigil.locale', 'en'));
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      // The page asks for a session before signing in: that 401 is expected.
      page.on('console', (message) => message.type() === 'error' && !/status of 401/.test(message.text()) && problems.push(message.text()));
      await signIn(page, supervisor, at);
      await page.getByRole('button', { name: c.nav.tracker, exact: true }).click();
      await page.getByRole('heading', { name: en.tracker.title }).waitFor();
      await page.locator('.row').first().waitFor();
      assert.ok((await page.locator('.pill.late').count()) > 0, 'overdue recommendations are marked');
      await shot(page, `tracker-${wide ? 1280 : 390}`);
      if (wide) {
        // Only the recommendations whose authority's answer is past its deadline.
        const { body: late } = await pageApi(page, 'GET', '/tracker?answer_overdue_only=true');
        assert.ok(late.tracker.rows.every((row) => row.answer.state === 'overdue'));
        await page.getByLabel(en.tracker.answerOverdueOnly, { exact: true }).check();
        const { body: every } = await pageApi(page, 'GET', '/tracker');
        assert.ok(late.tracker.rows.length < every.tracker.rows.length, 'the filter leaves some out');
        await page.waitForFunction((count) => document.querySelectorAll('li.row').length === count, late.tracker.rows.length);
        await shot(page, 'tracker-answer-overdue-1280');
        await page.getByLabel(en.tracker.answerOverdueOnly, { exact: true }).uncheck();
      }
      if (!wide) await fitsWidth(page);
      await page.getByRole('button', { name: c.nav.dashboard, exact: true }).click();
      await page.getByRole('heading', { name: en.dashboard.title }).waitFor();
      await page.locator('select[data-year]').selectOption('2025');
      await page.locator('.figures dd').first().waitFor();
      await shot(page, `dashboard-${wide ? 1280 : 390}`);
      if (!wide) await fitsWidth(page);
      await page.getByRole('button', { name: c.nav.review, exact: true }).click();
      await page.getByRole('heading', { name: c.reports.title }).waitFor();
      const link = page.getByTestId('report-public-pdf').first();
      await link.waitFor();
      await shot(page, `reports-${wide ? 1280 : 390}`);
      // Each stage the devices recorded shows on its visit's row, with the PDF kept when there is one.
      const { body: reportable } = await pageApi(page, 'GET', '/reports');
      const stages = reportable.flatMap((report) => report.sent);
      assert.ok(stages.length > 0, 'the demo sent reports of her team');
      assert.equal(await page.locator('.sent .stage').count(), stages.length);
      assert.equal(await page.locator('.sent a[data-testid^="kept-"]').count(), stages.filter((stage) => stage.kept).length);
      await page.locator('.sent', { hasText: en.authority.stages.names[stages[0].stage] }).first().waitFor();
      assert.ok(stages.some((stage) => stage.kept), 'the demo keeps the PDFs it sent');
      if (wide) {
        const [sent] = await Promise.all([page.waitForEvent('download'), page.locator('.sent a[data-testid^="kept-"]').first().click()]);
        const bytes = await readFile(await sent.path());
        assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
      }
      if (wide) {
        assert.ok((await page.getByTestId('report-full-docx').count()) > 0, 'her team: the full version too');
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        const bytes = await readFile(await download.path());
        assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
    // The administrator sees the download in the audit trail.
    const context = await browser.newContext({ viewport: DESK });
    await context.addInitScript(() => localStorage.setItem('vigil.locale', 'en'));
    const page = await context.newPage();
    await signIn(page, ADMIN, at);
    await page.getByRole('button', { name: c.nav.audit, exact: true }).click();
    await page.getByRole('searchbox').fill(`report_downloaded ${supervisor.email}`);
    await page.getByRole('button', { name: c.audit.apply, exact: true }).click();
    // The report she downloaded, and the PDF kept with a stage sent (`kept_report_downloaded`).
    await page.getByText('2 events found').waitFor();
    await page.locator('td[data-action="kept_report_downloaded"]').first().waitFor();
    await shot(page, 'audit-report-1280');
    assert.equal((await page.getByTestId('report-full-docx').count()), 0);
    await context.close();
  });
});
