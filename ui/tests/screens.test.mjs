// The built UI in headless Chromium at a tablet's and a phone's size, in en, az and ru,
// its IPC answered from the fixtures in scripts/fixtures: what a person would see go wrong
// (a header wrapping to three lines, a label running off the screen, red text on red, an
// error said twice). Layout is checked on element boxes, not only by eye; each screen is
// also saved as a PNG under target/screenshots/browser/ to look at.
//
//   npm run build && node --test tests/
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startPreview } from '../scripts/preview-page.mjs';

const SHOTS = new URL('../../target/screenshots/browser/', import.meta.url);
const fixture = async (name) => JSON.parse(await readFile(new URL(`../scripts/fixtures/${name}.json`, import.meta.url), 'utf8'));
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const LANGS = ['en', 'az', 'ru'];

let preview;
before(async () => {
  await mkdir(SHOTS, { recursive: true });
  preview = await startPreview();
});
after(async () => preview?.close());

/** Opens `hash` with `answers` for the IPC and waits for the screen's heading. */
async function open({ size, lang, answers, hash = '', ready = 'h1' }) {
  const { page, problems } = await preview.page({ ...size, fixture: answers, lang });
  await page.goto(preview.url + hash);
  await page.locator(ready).first().waitFor({ timeout: 10_000 });
  return { page, problems };
}

/** From now on, every command the page invokes is kept in `window.__asked` as `[command, args]`. */
function recordCommands(page) {
  return page.evaluate(() => {
    window.__asked = [];
    const invoke = window.__TAURI_INTERNALS__.invoke;
    window.__TAURI_INTERNALS__.invoke = (command, args, ...rest) => (window.__asked.push([command, args]), invoke(command, args, ...rest));
  });
}

/** Elements whose box runs past the viewport's right edge, outside any box that scrolls. */
function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let node = el.parentElement; node !== null; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (['auto', 'scroll'].includes(style.overflowX) || style.overflowX === 'hidden') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const name = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      if (box.right > width + 1 && !scrolls(el)) out.push(`${name} right=${Math.round(box.right)}`);
      // Text spilling out of its own box (a word wider than its button), not cut on purpose.
      else if ((el.children.length === 0 || el.tagName === 'BUTTON' || el.tagName === 'LABEL') && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX === 'visible')
        out.push(`${name} spills ${el.scrollWidth}>${el.clientWidth}`);
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, out };
  });
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('the header', () => {
  for (const lang of LANGS) {
    it(`stays one line on a phone with conflicts and rejected changes (${lang})`, async () => {
      const { page } = await open({ size: PHONE, lang, answers: await fixture('inspector'), ready: '#places-title' });
      await page.screenshot({ path: new URL(`header-phone-${lang}.png`, SHOTS).pathname });
      const header = await page.locator('header.app-header').boundingBox();
      // One row of 44px targets plus the header's padding.
      assert.ok(header.height <= 64, `the header is ${header.height}px tall`);
      const chips = await page.locator('header .alert').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).length);
      assert.equal(chips, 1, 'conflicts and rejected changes are one chip on a phone');
      await page.close();
    });
  }

  it('says each alert in words on a tablet', async () => {
    const { page } = await open({ size: TABLET, lang: 'en', answers: await fixture('inspector'), ready: '#places-title' });
    const chips = await page.locator('header .alert').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => e.textContent.trim()));
    assert.deepEqual(chips, ['2 conflicts', '1 rejected']);
    await page.close();
  });

  it('looks different offline and with changes waiting', async () => {
    const base = await fixture('inspector');
    const look = async (status) => {
      const { page } = await open({ size: TABLET, lang: 'en', answers: { ...base, sync_status: { ...base.sync_status, ...status } }, ready: '#places-title' });
      const style = await page.locator('button.badge').evaluate((b) => `${getComputedStyle(b).backgroundColor} ${getComputedStyle(b).borderStyle}`);
      await page.close();
      return style;
    };
    assert.notEqual(await look({ state: 'offline', outbox: 3 }), await look({ state: 'synced', outbox: 3 }));
  });
});

describe('the network', () => {
  it('shows offline as soon as the system says the network is gone, and asks for a sync when it is back', async () => {
    const answers = await fixture('inspector');
    const { page } = await open({ size: TABLET, lang: 'en', answers, ready: '#places-title' });
    await recordCommands(page);
    await page.context().setOffline(true);
    await page.locator('button.badge.tone-offline').waitFor({ timeout: 2_000 });
    await page.screenshot({ path: new URL('offline-tablet-en.png', SHOTS).pathname });
    await page.context().setOffline(false);
    await page.locator('button.badge.tone-ok').waitFor({ timeout: 2_000 });
    assert.ok((await page.evaluate(() => window.__asked)).some(([c]) => c === 'sync_now'), 'back online, it syncs');
    await page.close();
  });
});

describe('a sync problem', () => {
  const raw = 'cannot reach the central office: error sending request for url (https://office.npm.example:8750/v1/changes)';
  for (const [lang, size, says] of [['ru', PHONE, /По адресу office\.npm\.example:8750 никто не отвечает/], ['en', TABLET, /Nothing answers at office\.npm\.example:8750/]]) {
    it(`says what went wrong with the office in the person's language, with its address (${lang}, ${size.width})`, async () => {
      const base = await fixture('inspector');
      const error = { code: 'offline', message: raw, trouble: { kind: 'no_answer', address: 'office.npm.example:8750' } };
      const answers = { ...base, sync_status: { ...base.sync_status, state: 'offline', error } };
      const { page } = await open({ size, lang, answers, ready: '#places-title' });
      await page.locator('button.badge').click();
      const note = page.locator('.problem[role=alert]');
      await note.locator('details summary').click();
      const text = await note.innerText();
      assert.match(text, says);
      if (lang !== 'en') assert.ok(!text.includes('cannot reach') && !text.includes('error sending'), `no English: ${text}`);
      assert.deepEqual((await overflowing(page)).out, []);
      await page.screenshot({ path: new URL(`sync-problem-${size.width}-${lang}.png`, SHOTS).pathname });
      await page.close();
    });
  }
});

describe('a phone in az and ru', () => {
  const screens = [
    ['places', '', '#places-title'],
    ['place', '#/place/p1', 'h1'],
    ['visit', '#/visit/v1', 'h1'],
  ];
  for (const lang of ['az', 'ru']) {
    for (const [name, hash, ready] of screens) {
      it(`shows the ${name} screen without running off its width (${lang})`, async () => {
        const { page, problems } = await open({ size: PHONE, lang, answers: await fixture('inspector'), hash, ready });
        await page.waitForTimeout(300);
        await page.screenshot({ path: new URL(`${name}-phone-${lang}.png`, SHOTS).pathname, fullPage: true });
        const { width, scrollWidth, out } = await overflowing(page);
        assert.deepEqual(out, [], `past ${width}px`);
        assert.ok(scrollWidth <= width, `the page scrolls sideways: ${scrollWidth} > ${width}`);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});

describe('the home screen', () => {
  it('shows the visits in progress on this device first; one tap goes back in', async () => {
    const { page } = await open({ size: PHONE, lang: 'ru', answers: await fixture('inspector'), ready: '#places-title' });
    const first = await page.locator('main h2, main h1').first().getAttribute('id');
    assert.equal(first, 'open-visits-title', 'the open visits come before the places');
    const link = page.locator('[data-open-visit]');
    assert.equal(await link.count(), 1);
    const box = await link.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height, 'within the first screen');
    await link.click();
    await page.waitForURL(/#\/visit\/v1$/);
    await page.close();
  });
});

describe('a visit on a phone', () => {
  it('shows the first question still to answer without scrolling, answered ones folded', async () => {
    const { page } = await open({ size: PHONE, lang: 'ru', answers: await fixture('inspector'), hash: '#/visit/v1' });
    const first = page.locator('li.question:not(.answered)').first();
    const box = await first.locator('.text').boundingBox();
    await page.screenshot({ path: new URL('visit-first-screen-phone-ru.png', SHOTS).pathname });
    assert.ok(box.y + box.height <= PHONE.height, `the first open question ends at ${Math.round(box.y + box.height)}px`);
    assert.ok((await page.locator('li.question.folded').count()) > 0, 'an answered question folds to one line');
    const header = await page.locator('header.app-header').boundingBox();
    assert.ok(header.height <= 64, 'the header stays one line');
    await page.close();
  });
});

describe('a checklist in the person’s language', () => {
  for (const [size, sizeName] of [[TABLET, 'tablet'], [PHONE, 'phone']]) {
    for (const lang of ['en', 'ru', 'az']) {
      it(`shows its questions, choices and units in ${lang}, untranslated words marked (${sizeName})`, async () => {
        const { page, problems } = await open({ size, lang, answers: await fixture('inspector'), hash: '#/visit/v1' });
        await page.locator('section.checklist [role=tab]').nth(2).click();
        const light = page.locator('li.question', { has: page.locator('#q-pc\\.mat\\.light') });
        const labels = await light.locator('button.option').allInnerTexts();
        const tags = await page.locator('section.checklist .lang-tag').allInnerTexts();
        const heading = await page.locator('#checklist-title').innerText();
        await page.locator('section.checklist').screenshot({ path: new URL(`checklist-${sizeName}-${lang}.png`, SHOTS).pathname });
        if (lang === 'ru') {
          assert.deepEqual(labels.map((l) => l.trim()), ['Хорошее', 'Слабое', 'Отсутствует']);
          assert.match(await light.locator('.text').innerText(), /^Естественное освещение в камерах/);
          assert.match(heading, /^Чек-лист полицейского задержания/);
          assert.deepEqual(tags, [], 'all in Russian: nothing marked');
        } else if (lang === 'az') {
          // The checklist gives no Azerbaijani labels for this question, nor a title, nor one standard.
          assert.deepEqual(labels.map((l) => l.replace(/\s+/g, ' ').trim()), ['Good EN', 'Poor EN', 'None EN']);
          assert.match(await light.locator('.text').innerText(), /^Kameralarda təbii işıq/);
          assert.match(heading, /^Police custody checklist\s+EN/);
          assert.equal(await light.locator('button.option [lang=en]').count(), 3, 'said to be English');
        } else {
          assert.deepEqual(labels.map((l) => l.trim()), ['Good', 'Poor', 'None']);
          assert.deepEqual(tags, [], 'its own language: nothing marked');
        }
        assert.deepEqual((await overflowing(page)).out, []);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});

describe('changes the office refused', () => {
  for (const [size, sizeName] of [[TABLET, 'tablet'], [PHONE, 'phone']]) {
    for (const lang of ['en', 'ru']) {
      it(`are said in ${lang} from their code and parameters, never the office's English (${sizeName})`, async () => {
        const answers = await fixture('conflicts');
        const { page, problems } = await open({ size, lang, answers, hash: '#/conflicts', ready: '#rejected-title' });
        const cards = page.locator('ul[aria-labelledby=rejected-title] > li.card');
        await cards.first().locator('..').screenshot({ path: new URL(`rejected-${sizeName}-${lang}.png`, SHOTS).pathname });
        const text = await cards.allInnerTexts();
        assert.equal(text.length, 2);
        if (lang === 'ru') {
          for (const item of answers.list_rejected) assert.ok(!text.join('\n').includes(item.reason), `the office's English: ${item.reason}`);
          assert.match(text[0], /^Посещение: Police Station 4/);
          assert.match(text[0], /утверждён и закрыт/);
          assert.match(text[0], /Резюме: /);
          assert.doesNotMatch(text.join('\n'), /\b(Visit|Summary|Departure|Finding|approved|locked)\b/);
        } else {
          assert.match(text[0], /The visit is approved and locked/);
          assert.match(text[1], /observation\.visit_id is fixed/, 'without parameters: the office\'s words, in English');
        }
        assert.deepEqual((await overflowing(page)).out, []);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});

describe('a time recorded wrong', () => {
  it('is corrected with its date and time as the language writes them, the time zone shown, on a phone', async () => {
    const { page } = await open({ size: PHONE, lang: 'ru', answers: await fixture('inspector'), hash: '#/visit/v1' });
    await recordCommands(page);
    await page.locator('button[data-correct=arrived]').click();
    const day = page.locator('section.times form.correct input[data-date]');
    const time = page.locator('section.times form.correct input[data-time]');
    assert.equal(await day.inputValue(), '25.11.2026', 'the day as Russian writes it, not the system locale');
    assert.match(await time.inputValue(), /^\d\d:02$/);
    assert.equal(await time.getAttribute('placeholder'), 'ЧЧ:ММ');
    assert.ok((await page.locator('section.times .zone').innerText()).length > 0, 'the time zone is shown');
    await page.screenshot({ path: new URL('correct-time-phone-ru.png', SHOTS).pathname });
    assert.deepEqual((await overflowing(page)).out, []);

    await time.fill('6:5');
    await page.locator('section.times form.correct button[type=submit]').click();
    assert.match(await page.locator('section.times [role=alert]').last().innerText(), /Укажите дату и время/);
    assert.ok(!(await page.evaluate(() => window.__asked)).some(([c]) => c === 'correct_visit_time'), 'nothing sent');

    await day.fill('24.11.2026');
    await time.fill('6.50');
    await page.locator('section.times form.correct button[type=submit]').click();
    await page.locator('section.times form.correct').waitFor({ state: 'detached' });
    const [, args] = (await page.evaluate(() => window.__asked)).find(([c]) => c === 'correct_visit_time');
    assert.equal(args.mark, 'arrived');
    assert.equal(new Date(args.at).getTime(), new Date('2026-11-24T06:50').getTime());
    await page.close();
  });

  it('shows the day as English writes it on a tablet, and the phone layout in en too', async () => {
    for (const [size, lang, dayShown] of [[TABLET, 'en', '2026-11-25'], [PHONE, 'en', '2026-11-25'], [TABLET, 'ru', '25.11.2026']]) {
      const { page } = await open({ size, lang, answers: await fixture('inspector'), hash: '#/visit/v1' });
      await page.locator('button[data-correct=arrived]').click();
      assert.equal(await page.locator('section.times form.correct input[data-date]').inputValue(), dayShown);
      assert.deepEqual((await overflowing(page)).out, []);
      await page.screenshot({ path: new URL(`correct-time-${size.width}-${lang}.png`, SHOTS).pathname });
      await page.close();
    }
  });
});

describe('a finding deleted by mistake', () => {
  it('leaves the screen at once, comes back with Undo, and nothing was deleted', async () => {
    const { page } = await open({ size: PHONE, lang: 'ru', answers: await fixture('inspector'), hash: '#/visit/v1' });
    await recordCommands(page);
    await page.locator('button[data-part=findings]').click();
    await page.locator('button[data-delete=o1]').click();
    await page.locator('button[data-delete-confirm]').click();
    assert.equal(await page.locator('button[data-delete=o1]').count(), 0, 'the finding left the screen');
    await page.locator('button[data-undo=o1]').waitFor();
    await page.screenshot({ path: new URL('undo-phone-ru.png', SHOTS).pathname });
    assert.deepEqual((await overflowing(page)).out, [], 'the undo bar fits the phone');
    await page.locator('button[data-undo=o1]').click();
    await page.locator('button[data-delete=o1]').waitFor();
    await page.waitForTimeout(6_500);
    assert.ok(!(await page.evaluate(() => window.__asked)).some(([c]) => c === 'delete_record'), 'undone: nothing deleted');
    await page.close();
  });

  it('is deleted once the undo seconds are up', async () => {
    const { page } = await open({ size: TABLET, lang: 'en', answers: await fixture('inspector'), hash: '#/visit/v1' });
    await recordCommands(page);
    await page.locator('button[data-part=findings]').click();
    await page.locator('button[data-delete=o1]').click();
    await page.locator('button[data-delete-confirm]').click();
    await page.waitForFunction(() => window.__asked.some(([c]) => c === 'delete_record'), null, { timeout: 8_000 });
    await page.close();
  });
});

describe('a date field', () => {
  it('says the date as the chosen language writes it, whatever the system writes in the field', async () => {
    const { page } = await open({ size: PHONE, lang: 'ru', answers: await fixture('inspector'), hash: '#/place/p1' });
    const read = await page.locator('form.plan [data-date-read]').innerText();
    assert.match(read, /\d{1,2} [а-я]+\.? \d{4}/, read);
    await page.close();
  });

  for (const [lang, size, sizeName] of [['ru', PHONE, 'phone'], ['en', PHONE, 'phone'], ['ru', TABLET, 'tablet'], ['en', TABLET, 'tablet']]) {
    it(`is written and read as ${lang} writes dates, a wrong one said (${sizeName})`, async () => {
      const { page, problems } = await open({ size, lang, answers: await fixture('inspector'), hash: '#/place/p1' });
      await recordCommands(page);
      const field = page.locator('form.plan input[data-date]');
      const today = await page.evaluate(() => {
        const d = new Date();
        return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')];
      });
      const [y, m, d] = today;
      assert.equal(await field.inputValue(), lang === 'ru' ? `${d}.${m}.${y}` : `${y}-${m}-${d}`);
      await field.fill(lang === 'ru' ? '31.02.2027' : '2027-02-31');
      await page.locator('form.plan .wrong').waitFor();
      await page.locator('form.plan').screenshot({ path: new URL(`date-field-wrong-${sizeName}-${lang}.png`, SHOTS).pathname });
      await field.fill(lang === 'ru' ? '05.01.2027' : '2027-01-05');
      assert.equal(await page.locator('form.plan .wrong').count(), 0);
      await page.locator('form.plan').screenshot({ path: new URL(`date-field-${sizeName}-${lang}.png`, SHOTS).pathname });
      await page.locator('form.plan .actions button.secondary').click();
      await page.waitForFunction(() => window.__asked.some(([c]) => c === 'plan_visit'));
      const [, args] = (await page.evaluate(() => window.__asked)).find(([c]) => c === 'plan_visit');
      assert.equal(args.plan.planned_on, '2027-01-05');
      assert.deepEqual((await overflowing(page)).out, []);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

describe('a newer version from the office', () => {
  it('is offered from the header, installs only on a second word, says a refusal in the language, and waits outside a visit', async () => {
    const base = await fixture('inspector');
    const update = { version: '0.2.0', size: 10_300_000 };
    const refused = { __error: { code: 'update_refused', message: 'the signature was made with another key' } };
    for (const [size, lang, name] of [[TABLET, 'en', 'tablet'], [PHONE, 'ru', 'phone']]) {
      const answers = { ...base, sync_status: { ...base.sync_status, update }, install_update: refused };
      const { page, problems } = await open({ size, lang, answers, ready: '#places-title' });
      await recordCommands(page);
      if (size === PHONE) {
        // No room for a chip: the badge says it with an arrow, and opens the offer.
        assert.match(await page.locator('header .badge .short').innerText(), /^↑ /);
        await page.locator('header .badge').click();
      } else {
        await page.locator('button.chip-update').click();
      }
      const offer = page.locator('section.update');
      await offer.waitFor();
      assert.match(await offer.innerText(), lang === 'ru' ? /Vigil 0\.2\.0 готов к установке \(10,3/ : /Vigil 0\.2\.0 is ready to install \(10\.3/);
      await offer.locator('button.primary').click();
      // The first tap only asks; nothing is installed before the second.
      assert.deepEqual((await page.evaluate(() => window.__asked)).filter(([c]) => c === 'install_update'), []);
      await page.screenshot({ path: new URL(`update-offer-${lang}-${name}.png`, SHOTS).pathname });
      await offer.locator('button.primary').click();
      await offer.locator('[role=alert]').waitFor();
      const said = await offer.locator('[role=alert]').innerText();
      assert.match(said, lang === 'ru' ? /Новая версия отклонена/ : /The new version was refused/);
      // The installer's own words are folded under "Details", not in the sentence.
      assert.ok(!(await offer.locator('[role=alert] > p').first().innerText()).includes('another key'), said);
      if (size === PHONE) {
        const header = await page.locator('header.app-header').boundingBox();
        assert.ok(header.height <= 64, `the header stays one line with the chip: ${header.height}px`);
      }
      assert.equal((await page.evaluate(() => window.__asked)).filter(([c]) => c === 'install_update').length, 1);
      assert.deepEqual((await overflowing(page)).out, []);
      assert.deepEqual(problems, []);
      await page.screenshot({ path: new URL(`update-refused-${lang}-${name}.png`, SHOTS).pathname });
      await page.close();
    }

    // Inside a visit a form may hold unsaved words: the offer says to leave it first.
    const answers = { ...base, sync_status: { ...base.sync_status, update } };
    const { page } = await open({ size: TABLET, lang: 'en', answers, hash: '#/visit/v1' });
    await page.locator('button.chip-update').click();
    await page.locator('section.update').waitFor();
    assert.equal(await page.locator('section.update button').count(), 0);
    assert.match(await page.locator('section.update').innerText(), /Leave the visit to install it/);
    await page.close();
  });
});

describe('the report of an approved visit', () => {
  it('says where it saved, forgets it when the audience changes', async () => {
    const answers = await fixture('inspector');
    const approved = structuredClone(answers.visit_detail);
    approved.bundle.visit.status = 'approved';
    approved.role = 'supervisor';
    approved.editable = false;
    approved.next_statuses = [];
    answers.visit_detail = approved;
    answers.visit_report_html = '<p>The report</p>';
    answers.report_office = { name: null, logo: null };
    answers.export_visit_report = { path: '/exports/vigil-police-station-4-2026-11-25-internal-0a1b2c3d.pdf', bytes: 1000 };
    const { page } = await open({ size: TABLET, lang: 'en', answers, hash: '#/visit/v1' });
    await page.locator('button[data-part=report]').click();
    await page.locator('button[data-action=save-pdf]').click();
    await page.locator('[data-saved-path]').waitFor();
    await page.locator('.report label', { hasText: 'Public' }).click();
    await page.locator('[data-saved-path]').waitFor({ state: 'detached', timeout: 2_000 });
    await page.close();
  });

  it('asks for the report in the language the UI shows, and saves a DOCX beside the PDF', async () => {
    const answers = await fixture('inspector');
    const approved = structuredClone(answers.visit_detail);
    approved.bundle.visit.status = 'approved';
    approved.role = 'supervisor';
    approved.editable = false;
    approved.next_statuses = [];
    answers.visit_detail = approved;
    answers.visit_report_html = '<p>Hesabat</p>';
    answers.report_office = { name: null, logo: null };
    answers.set_report_name = { name: 'Azərbaycan Ombudsmanı', logo: null };
    answers.export_visit_report = { path: '/exports/vigil-police-station-4-2026-11-25-internal-az-0a1b2c3d.docx', bytes: 1000 };
    const { page } = await open({ size: PHONE, lang: 'az', answers, hash: '#/visit/v1' });
    await recordCommands(page);
    await page.locator('button[data-part=report]').click();
    await page.locator('button[data-action=save-docx]').click();
    await page.locator('[data-saved-path]').waitFor();
    const asked = await page.evaluate(() => window.__asked);
    const [, shown] = asked.find(([c]) => c === 'visit_report_html');
    assert.equal(shown.language, 'az');
    const [, saved] = asked.find(([c]) => c === 'export_visit_report');
    assert.deepEqual([saved.language, saved.format, saved.audience], ['az', 'docx', 'internal']);

    // The cover's name is set here too, and the report is shown again with it.
    await page.locator('details.office summary').click();
    await page.locator('input[name=npm-name]').fill('Azərbaycan Ombudsmanı');
    await page.locator('details.office button[type=submit]').click();
    await page.locator('details.office [role=status]').waitFor();
    const named = (await page.evaluate(() => window.__asked)).filter(([c]) => c === 'set_report_name');
    assert.deepEqual(named.map(([, args]) => args.name), ['Azərbaycan Ombudsmanı']);
    await page.waitForFunction(() => window.__asked.filter(([c]) => c === 'visit_report_html').length >= 2);
    assert.deepEqual((await overflowing(page)).out, []);
    await page.screenshot({ path: new URL('report-office-az-phone.png', SHOTS).pathname, fullPage: true });
    await page.close();
  });
});

describe('a place page', () => {
  it('shows each severity of earlier findings as legible text on its colour', async () => {
    const answers = await fixture('inspector');
    const finding = (id, severity) => ({ id, visit_id: 'v0', area: 'treatment', severity, text: `A ${severity} finding`, attachment_ids: [], confidential: false });
    answers.place_detail.findings = ['urgent', 'high', 'medium', 'low', 'good_practice'].map((s, i) => finding(`f${i}`, s));
    const { page } = await open({ size: TABLET, lang: 'en', answers, hash: '#/place/p1' });
    await page.locator('#findings-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('place-findings-tablet-en.png', SHOTS).pathname, fullPage: true });
    const pills = await page.locator('ul.findings .rec-meta > span:first-child').evaluateAll((els) =>
      els.map((e) => {
        let bg = 'rgba(0, 0, 0, 0)';
        for (let n = e; n !== null && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
        return { text: e.textContent.trim(), color: getComputedStyle(e).color, bg };
      }),
    );
    assert.equal(pills.length, 5);
    for (const pill of pills) assert.ok(contrast(pill.color, pill.bg) >= 4.5, `${pill.text}: ${pill.color} on ${pill.bg}`);
    await page.close();
  });
});

describe('the first start', () => {
  const catalogue = async (lang) => JSON.parse(await readFile(new URL(`../src/locales/${lang}.json`, import.meta.url), 'utf8'));

  for (const size of [TABLET, PHONE]) {
    it(`asks for the language first, then the passphrase, and goes back (${size.width}px)`, async () => {
      const [az, ru] = [await catalogue('az'), await catalogue('ru')];
      const { page, problems } = await open({ size, lang: 'ru', answers: await fixture('lock-setup') });
      assert.equal(await page.locator('h1').innerText(), ru.setup.languageTitle);
      await page.locator('[role=radiogroup] button[lang=az]').click();
      assert.equal(await page.locator('h1').innerText(), az.setup.languageTitle, 'the choice speaks at once');
      await page.screenshot({ path: new URL(`first-start-language-${size.width}-az.png`, SHOTS).pathname });
      assert.deepEqual((await overflowing(page)).out, []);
      await page.locator('.step-body button.primary').click();
      assert.equal(await page.locator('h1').innerText(), az.lock.protectTitle);
      assert.equal(await page.locator('.step').innerText(), 'Addım 2 / 4');
      await page.screenshot({ path: new URL(`first-start-passphrase-${size.width}-az.png`, SHOTS).pathname });
      assert.deepEqual((await overflowing(page)).out, []);
      await page.locator('form.steps button.back').click();
      assert.equal(await page.locator('h1').innerText(), az.setup.languageTitle);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it('names a bad address in the chosen language, once', async () => {
    const ru = await catalogue('ru');
    const answers = { ...(await fixture('not-enrolled')), sync_status: { ...(await fixture('not-enrolled')).sync_status, error: null } };
    answers.enrol = {
      __error: { code: 'invalid_input', message: 'office_address must start with https:// so the connection is encrypted', field: 'office_address', rule: 'https' },
    };
    const { page } = await open({ size: PHONE, lang: 'ru', answers, ready: '[data-step=connect]' });
    assert.equal(await page.locator('h1').innerText(), ru.setup.connectTitle);
    await page.locator('form.enrol input[name=office]').fill('http://192.168.1.10:8750');
    await page.locator('form.enrol input[name=code]').fill('ABCD-EFGH-JKMN');
    await page.locator('form.enrol button[type=submit]').click();
    await page.locator('form.enrol [role=alert]').waitFor();
    await page.screenshot({ path: new URL('first-start-bad-address-phone-ru.png', SHOTS).pathname });
    const said = await page.locator('[role=alert]').allInnerTexts();
    assert.equal(said.length, 1, 'one alert');
    assert.ok(said[0].includes(ru.fields.office_address) && said[0].includes(ru.rules.https), said[0]);
    assert.ok(!said[0].includes('must start'), `English shows: ${said[0]}`);
    await page.close();
  });

  it('says a refused code once, in the chosen language', async () => {
    const answers = await fixture('not-enrolled');
    answers.enrol = { __error: { code: 'unauthorized', message: 'the central office refused this device: enrolment code is unknown, used or expired' } };
    const { page } = await open({ size: PHONE, lang: 'ru', answers, ready: '[data-step=connect]' });
    await page.locator('form.enrol input[name=code]').fill('ABCD-EFGH-JKMN');
    await page.locator('form.enrol button[type=submit]').click();
    await page.locator('form.enrol [role=alert]').waitFor();
    await page.screenshot({ path: new URL('enrol-refused-phone-ru.png', SHOTS).pathname });
    const visible = await page.locator('form.enrol [role=alert]').innerText();
    assert.ok(!visible.includes('central office refused'), `the raw message shows: ${visible}`);
    assert.match(visible, /администратор/);
    assert.equal(await page.locator('[role=alert]').count(), 1, 'one alert');
    await page.close();
  });

  it('fills the connect step from the enrolment link the app was opened with, and waits for the person', async () => {
    const ru = JSON.parse(await readFile(new URL('../src/locales/ru.json', import.meta.url), 'utf8'));
    const answers = await fixture('not-enrolled');
    answers.offered_enrolment = { kind: 'link', office: 'https://office.npm.example:8750', code: 'ABCD-EFGH-JKMN' };
    for (const size of [PHONE, TABLET]) {
      const { page } = await open({ size, lang: 'ru', answers, ready: '[data-step=connect]' });
      await recordCommands(page);
      await page.locator('form.enrol .from-link').waitFor();
      assert.equal(await page.locator('form.enrol input[name=office]').inputValue(), 'https://office.npm.example:8750');
      assert.equal(await page.locator('form.enrol input[name=code]').inputValue(), 'ABCD-EFGH-JKMN');
      assert.equal(await page.locator('form.enrol .from-link').innerText(), ru.sync.panel.fromLink);
      const { out } = await overflowing(page);
      assert.deepEqual(out, [], 'nothing runs off the screen');
      await page.screenshot({ path: new URL(`enrol-from-link-${size.width}-ru.png`, SHOTS).pathname });
      await page.waitForTimeout(300);
      assert.deepEqual(await page.evaluate(() => window.__asked.filter(([command]) => command === 'enrol')), [], 'a link never enrols by itself');
      await page.close();
    }
  });

  it('says a broken enrolment link by its rule, in the chosen language', async () => {
    const ru = JSON.parse(await readFile(new URL('../src/locales/ru.json', import.meta.url), 'utf8'));
    const answers = await fixture('not-enrolled');
    answers.offered_enrolment = { kind: 'unreadable', text: 'vigil://enrol?code=ABCD', field: 'enrolment_code', rule: 'enrol_link' };
    const { page } = await open({ size: PHONE, lang: 'ru', answers, ready: '[data-step=connect]' });
    const alert = page.locator('form.enrol [role=alert]');
    await alert.waitFor();
    const said = await alert.innerText();
    assert.ok(said.includes(ru.rules.enrol_link), said);
    assert.equal(await page.locator('form.enrol input[name=code]').inputValue(), 'vigil://enrol?code=ABCD');
    assert.equal(await page.locator('form.enrol .from-link').count(), 0);
    await page.close();
  });

  it('"Set up later" leaves the guide for the places, and the panel still enrols', async () => {
    const { page } = await open({ size: TABLET, lang: 'en', answers: await fixture('not-enrolled'), ready: '[data-step=connect]' });
    await page.getByRole('button', { name: 'Set up later' }).click();
    await page.locator('#places-title').waitFor();
    await page.locator('button.badge').click();
    await page.locator('dialog form.enrol').waitFor();
    await page.close();
  });

  it('shows the first sync going, then the way to the places', async () => {
    const base = await fixture('synced');
    const syncing = { ...base.sync_status, state: 'syncing', last_synced_at: null, progress: { phase: 'pulling', sent: 0, total: 0, sent_bytes: 0, total_bytes: 0, received: 1234 } };
    // Enrolled during the guide: the app starts on the connect step, then the enrol answer moves it on.
    const answers = { ...base, sync_status: { ...(await fixture('not-enrolled')).sync_status, error: null }, enrol: syncing };
    const { page } = await open({ size: PHONE, lang: 'ru', answers, ready: '[data-step=connect]' });
    await page.locator('form.enrol input[name=code]').fill('ABCD-EFGH-JKMN');
    await page.locator('form.enrol button[type=submit]').click();
    await page.locator('[data-step=first-sync] progress').waitFor();
    assert.match(await page.locator('[data-step=first-sync]').innerText(), /1\s?234/);
    await page.screenshot({ path: new URL('first-start-syncing-phone-ru.png', SHOTS).pathname });
    await page.close();
  });
});

describe('people to check on (reprisal follow-up)', () => {
  /** The inspector's fixture with three people earlier interviews flagged at risk. */
  async function withPeople() {
    const answers = await fixture('inspector');
    const reprisal = await fixture('people-to-check');
    answers.place_detail.people_to_check = reprisal.people_to_check;
    answers.visit_detail.people_to_check = reprisal.people_to_check;
    answers.record_reprisal_check = reprisal.record_reprisal_check;
    return answers;
  }

  for (const [sizeName, size] of [['tablet', TABLET], ['phone', PHONE]]) {
    it(`lists each person by code, day and team on the place's page, in ru, within the ${sizeName}'s width`, async () => {
      const { page, problems } = await open({ size, lang: 'ru', answers: await withPeople(), hash: '#/place/p1' });
      const section = page.locator('[data-people-to-check]');
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: new URL(`people-to-check-place-${sizeName}-ru.png`, SHOTS).pathname, fullPage: true });
      assert.equal(await section.locator('h2').innerText(), 'Кого проверить 3');
      const cards = await section.locator('li').allInnerTexts();
      assert.equal(cards.length, 3);
      assert.match(cards[0], /Код RK-7Q2/);
      assert.match(cards[0], /Беседа 2 нояб\. 2025 г\. · Группа мониторинга/);
      assert.match(cards[0], /Ещё не проверяли/);
      assert.match(cards[1], /Последняя проверка 14 янв\. 2026 г\.: Есть опасения/);
      // The place's page only reads: the check is recorded on a visit.
      assert.equal(await section.locator('button').count(), 0);
      // Before the visit: right after the place's facts, above planning on a phone.
      const people = await section.boundingBox();
      const plan = await page.locator('#plan-title').boundingBox();
      if (size === PHONE) assert.ok(people.y < plan.y, 'the people come before the plan form on a phone');
      const { width, scrollWidth, out } = await overflowing(page);
      assert.deepEqual(out, [], `past ${width}px`);
      assert.ok(scrollWidth <= width);
      assert.deepEqual(problems, []);
      await page.close();
    });

    it(`records a concern on the visit in ru within the ${sizeName}'s width`, async () => {
      const { page, problems } = await open({ size, lang: 'ru', answers: await withPeople(), hash: '#/visit/v1' });
      await page.locator('button[data-part=interviews]').click();
      const section = page.locator('[data-people-to-check]');
      await section.waitFor();
      await recordCommands(page);
      await section.locator('li').first().getByRole('button', { name: 'Записать проверку' }).click();
      await section.getByLabel('Есть опасения').check();
      await section.locator('textarea').fill('Синяки на руках, переведён в другую камеру');
      await page.screenshot({ path: new URL(`people-to-check-visit-${sizeName}-ru.png`, SHOTS).pathname, fullPage: true });
      await section.screenshot({ path: new URL(`people-to-check-form-${sizeName}-ru.png`, SHOTS).pathname });
      const { width, out } = await overflowing(page);
      assert.deepEqual(out, [], `past ${width}px`);
      await section.locator('form button[type=submit]').click();
      await page.waitForFunction(() => window.__asked.some(([c]) => c === 'record_reprisal_check'));
      const [, args] = await page.evaluate(() => window.__asked.find(([c]) => c === 'record_reprisal_check'));
      assert.equal(args.check.interview_id, 'i1');
      assert.equal(args.check.outcome, 'concern');
      assert.equal(args.check.language, 'ru', 'the finding is worded in the language shown');
      assert.match(args.check.checked_on, /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

describe('before you go (a place page)', () => {
  for (const [sizeName, size] of [['tablet', TABLET], ['phone', PHONE]]) {
    it(`gathers the overdue recommendations, the last visit's findings, the authorities' overdue steps and latest answers, and the people to check on (ru, ${sizeName})`, async () => {
      const answers = await fixture('inspector');
      answers.place_detail.people_to_check = (await fixture('people-to-check')).people_to_check;
      const { page, problems } = await open({ size, lang: 'ru', answers, hash: '#/place/p1' });
      const brief = page.locator('[data-before-you-go]');
      await brief.screenshot({ path: new URL(`before-you-go-${sizeName}-ru.png`, SHOTS).pathname });
      const parts = await brief.locator(':scope > ul > li').allInnerTexts();
      assert.equal(parts.length, 5);
      assert.match(parts[0], /^2 открытые рекомендации/);
      assert.match(parts[0], /1 просрочена/);
      assert.match(parts[0], /Install windows in cells 3 and 4/, 'the overdue one is named');
      assert.doesNotMatch(parts[0], /Keep a register/, 'the one not overdue is not');
      assert.match(parts[1], /Последний визит 2 нояб\. 2025 г\.: 4 наблюдения/);
      assert.match(parts[1], /handcuffed to a radiator/, 'the most severe first');
      assert.match(parts[1], /и ещё 1 ниже/);
      assert.doesNotMatch(parts[1], /No reading material/);
      assert.match(parts[2], /^1 шаг плана органа власти просрочен/);
      assert.match(parts[2], /Hire a doctor on call for the reception unit/);
      assert.match(parts[2], /31 мар\. 2026 г\./);
      assert.match(parts[3], /^(Ответ органа власти|Последние ответы органов власти)/);
      assert.match(parts[3], /частично/i, "the authority's position, in Russian");
      assert.match(parts[4], /3 человека, которых нужно проверить/);
      assert.match(parts[4], /RK-7Q2, MX-4ZT9-2026-ABC, QW-88/);
      // Right after the place's facts; on a phone before planning too.
      const facts = await page.locator('article.place dl.facts').boundingBox();
      const box = await brief.boundingBox();
      const plan = await page.locator('#plan-title').boundingBox();
      assert.ok(facts.y < box.y, 'after the facts');
      if (size === PHONE) assert.ok(box.y < plan.y, 'before planning on a phone');
      const { width, scrollWidth, out } = await overflowing(page);
      assert.deepEqual(out, [], `past ${width}px`);
      assert.ok(scrollWidth <= width);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

describe("the authority's answer (issue 17, item 4)", () => {
  for (const [sizeName, size] of [['tablet', TABLET], ['phone', PHONE]]) {
    for (const lang of ['en', 'ru']) {
      it(`shows each answer's state, its plan with the overdue step, and records one (${lang}, ${sizeName})`, async () => {
        const answers = await fixture('authority-answers');
        const { page, problems } = await open({ size, lang, answers, hash: '#/tracker', ready: '[data-answer]' });
        await page.screenshot({ path: new URL(`authority-tracker-${sizeName}-${lang}.png`, SHOTS).pathname, fullPage: true });
        const states = await page.locator('[data-answer] .state').allInnerTexts();
        const ru = lang === 'ru';
        assert.match(states[0], ru ? /Ответ получен/ : /Answered/);
        assert.match(states[0], ru ? /1 шаг просрочен/ : /1 step overdue/);
        assert.match(states[1], ru ? /Нет ответа с 31\.07\.2026|Нет ответа с 31 июл/ : /No answer since 2026-07-31|No answer since Jul 31, 2026/);
        assert.match(states[2], ru ? /Срок ответа скоро/ : /Answer due soon/);
        assert.match(states[3], ru ? /ещё не направлен/ : /not sent to the authority yet/);
        // Each row says where its visit's report is; a report not sent says nothing.
        const stages = page.locator('li.row [data-report-stage]');
        assert.equal(await stages.count(), 3);
        assert.match(await stages.first().innerText(), ru ? /^Доклад: Окончательный доклад направлен$/ : /^Report: Final report sent$/);
        const overdueSteps = page.locator('[data-step-overdue=true]');
        assert.equal(await overdueSteps.count(), 1);
        assert.match(await overdueSteps.innerText(), /Нанять врача/);
        // The supervisor's form: received day, position, words, letter and the plan's steps.
        await recordCommands(page);
        const second = page.locator('li.row').nth(1);
        await second.getByRole('button', { name: ru ? 'Записать ответ' : 'Record an answer' }).click();
        const form = second.locator('form');
        await form.locator('textarea').fill(ru ? 'Окна будут установлены до весны' : 'Windows will be fitted by spring');
        await form.locator('select').selectOption('partially_accepted');
        await form.locator('.step-row input[type=text]').first().fill(ru ? 'Установить окна в камерах 3 и 4' : 'Fit windows in cells 3 and 4');
        await form.locator('.step-row input[data-date]').first().fill(ru ? '31.03.2027' : '2027-03-31');
        await form.locator('input[type=file]').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 letter') });
        assert.equal(await form.locator('.attach').innerText(), ru ? 'Письмо: letter.pdf' : 'Letter: letter.pdf', "the picker speaks the UI's language");
        await form.screenshot({ path: new URL(`authority-form-${sizeName}-${lang}.png`, SHOTS).pathname });
        const { width, scrollWidth, out } = await overflowing(page);
        assert.deepEqual(out, [], `past ${width}px`);
        assert.ok(scrollWidth <= width);
        await form.locator('button[type=submit]').click();
        await page.waitForFunction(() => window.__asked.some(([c]) => c === 'record_authority_answer'));
        const [, args] = await page.evaluate(() => window.__asked.find(([c]) => c === 'record_authority_answer'));
        assert.equal(args.answer.recommendation_id, 'r2');
        assert.equal(args.answer.position, 'partially_accepted');
        assert.deepEqual(args.answer.steps, [{ text: ru ? 'Установить окна в камерах 3 и 4' : 'Fit windows in cells 3 and 4', due_on: '2027-03-31' }]);
        assert.equal(args.answer.letter.file_name, 'letter.pdf');
        assert.equal(args.answer.letter.mime, 'application/pdf');
        assert.ok(args.answer.letter.bytes.length > 0);
        assert.match(args.answer.received_on, /^\d{4}-\d{2}-\d{2}$/);
        assert.deepEqual(problems, []);
        await page.close();
      });

      it(`lists the supervisor's reminders, the overdue first (${lang}, ${sizeName})`, async () => {
        const answers = await fixture('authority-answers');
        const { page, problems } = await open({ size, lang, answers, hash: '#/review', ready: '[data-reminders] li' });
        const section = page.locator('[data-reminders]');
        await section.screenshot({ path: new URL(`authority-reminders-${sizeName}-${lang}.png`, SHOTS).pathname });
        const items = await section.locator('li').allInnerTexts();
        assert.equal(items.length, 3);
        assert.match(items[0], lang === 'ru' ? /Ответ просрочен/ : /Answer overdue/);
        assert.match(items[1], /Нанять врача для приёмного отделения/);
        assert.match(items[2], lang === 'ru' ? /Скоро срок ответа/ : /Answer due soon/);
        const { width, out } = await overflowing(page);
        assert.deepEqual(out, [], `past ${width}px`);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});

describe('places not visited (coverage for the annual plan)', () => {
  for (const lang of ['en', 'ru']) {
    for (const [sizeName, size] of [['tablet', TABLET], ['phone', PHONE]]) {
      it(`groups the places by kind with N months chosen (${lang}, ${sizeName})`, async () => {
        const { page, problems } = await open({ size, lang, answers: await fixture('supervisor-coverage'), hash: '#/dashboard', ready: '[data-coverage] [data-kind]' });
        await recordCommands(page);
        const section = page.locator('[data-coverage]');
        await section.scrollIntoViewIfNeeded();
        await section.screenshot({ path: new URL(`coverage-${sizeName}-${lang}.png`, SHOTS).pathname });
        const kinds = await section.locator('[data-kind] h3').allInnerTexts();
        assert.equal(kinds.length, 4);
        assert.equal(await section.locator('[data-waiting]').getAttribute('data-waiting'), '4');
        const first = await section.locator('[data-kind=prison] li').first().innerText();
        if (lang === 'ru') {
          assert.match(kinds[0], /2 из 4/);
          assert.match(first, /Ни разу не посещалось/);
          assert.match(first, /Запланирован/);
          assert.match(await section.locator('[data-kind=social_care_home]').innerText(), /Все посещены/);
        } else {
          assert.match(kinds[0], /2 of 4/);
          assert.match(first, /Never visited/);
          assert.match(first, /Planned/);
        }
        // N is the person's: another choice asks the store again with it.
        await section.locator('select[data-months]').selectOption('24');
        await page.waitForFunction(() => window.__asked.some(([c, a]) => c === 'coverage' && a.months === 24));
        // Within the width: the section's own boxes (the dashboard's quarter table is the
        // dashboard's, known to run past a phone's width).
        const past = await section.evaluate((root) => {
          const width = document.documentElement.clientWidth;
          return [root, ...root.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
            .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 30)}"`);
        });
        assert.deepEqual(past, []);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});

describe('retention on this device (security settings)', () => {
  for (const lang of ['en', 'az', 'ru']) {
    it(`says the office's period and what left the device (${lang}, phone)`, async () => {
      // An inspector's device: retention is every device's, whoever holds it.
      const answers = { ...(await fixture('supervisor-coverage')), my_role: 'inspector' };
      const { page, problems } = await open({ size: PHONE, lang, answers, ready: 'button.badge' });
      await page.locator('button.badge').click();
      const note = page.locator('[data-testid=retention]');
      await note.waitFor();
      await note.scrollIntoViewIfNeeded();
      await note.screenshot({ path: new URL(`retention-phone-${lang}.png`, SHOTS).pathname });
      const text = await note.innerText();
      assert.match(text, /30/);
      assert.equal(await note.locator('[data-purged]').count(), 2);
      if (lang !== 'en') assert.doesNotMatch(text, /interview|removed|office/i, 'no English in az or ru');
      const { width, out } = await overflowing(page);
      assert.deepEqual(out, [], `past ${width}px`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

describe('the debrief with the head of the place', () => {
  for (const [sizeName, size] of [['tablet', TABLET], ['phone', PHONE]]) {
    it(`is recorded before the visit is handed in (ru, ${sizeName})`, async () => {
      const answers = await fixture('inspector');
      const held = {
        id: 'd1',
        visit_id: answers.visit_detail.bundle.visit.id,
        held_at: '2026-03-02T15:30:00Z',
        facility_participants: 'Подполковник Р. Алиев, начальник; его заместитель по режиму',
        team_participants: 'Лена Лид, д-р Иво Инспектор',
        points_raised: 'Нет доступа к адвокату в первые часы; в камере 3 нет окна',
        immediate_concerns: 'Человеку в камере 4 сегодня нужен врач',
      };
      answers.visit_detail.bundle.debriefs = [held];
      answers.save_record = { entity: 'debrief', record: held };
      const { page, problems } = await open({ size, lang: 'ru', answers, hash: '#/visit/v1' });
      await page.locator('button[data-part=finish]').click();
      const section = page.locator('[data-debrief]');
      await section.waitFor();
      assert.equal(await section.locator('h2').innerText(), 'Итоговая беседа с руководством места');
      assert.match(await section.locator('[data-debrief-id=d1]').innerText(), /Человеку в камере 4 сегодня нужен врач/);
      await recordCommands(page);
      await section.getByRole('button', { name: 'Записать итоговую беседу' }).click();
      await section.getByLabel('От администрации').fill('Начальник ИВС');
      await section.getByLabel('Поднятые вопросы').fill('Журнал задержанных не ведётся');
      await page.screenshot({ path: new URL(`debrief-${sizeName}-ru.png`, SHOTS).pathname, fullPage: true });
      const { width, out } = await overflowing(page);
      assert.deepEqual(out, [], `past ${width}px`);
      await section.getByRole('button', { name: 'Сохранить беседу' }).click();
      await page.waitForFunction(() => window.__asked.some(([c]) => c === 'save_record'));
      const [, args] = await page.evaluate(() => window.__asked.find(([c]) => c === 'save_record'));
      assert.equal(args.record.entity, 'debrief');
      assert.equal(args.record.record.facility_participants, 'Начальник ИВС');
      assert.equal(args.record.record.points_raised, 'Журнал задержанных не ведётся');
      assert.match(args.record.record.held_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
