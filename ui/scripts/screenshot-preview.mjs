// Screenshots the built UI (ui/dist) in headless Chromium, outside the app.
//
//   node scripts/screenshot-preview.mjs OUT.png [WIDTHxHEIGHT] [--mock FIXTURE.json] [--open-sync] [--hash #/place/ID]
//
// Outside Tauri there is no device store, so the page shows its "Not running
// inside the Vigil app" error: this checks layout, CSS and the error path, not
// data (scripts/screenshot-app.sh shoots the real app). With --mock, the page's
// IPC is answered from FIXTURE.json (see preview-page.mjs), to lay out states the
// real app reaches only with a server (scripts/fixtures/).
// --lang en|az|ru starts the UI in that language (as a choice kept from before would).
// --open-sync taps the sync badge first; --hash opens another screen (`#/place/ID`,
// `#/visit/ID`, answered by the fixture's `place_detail` and `visit_detail`). A fixture answer
// `{"__error": {code, message, …}}` rejects instead (e.g. `unlock` with `wrong_passphrase`).
// --wait TEXT waits for TEXT instead of the places list (the lock screen); each
// --fill LABEL=VALUE types into the field labelled LABEL and each --click NAME presses the
// button NAME, in order, before the shot. Needs `npm run build` first and a
// Chromium at $CHROMIUM (default /usr/bin/chromium); downloads nothing.
import { readFile } from 'node:fs/promises';
import { startPreview } from './preview-page.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at === -1) return false;
  args.splice(at, 1);
  return true;
};
const option = (name) => {
  const at = args.indexOf(name);
  if (at === -1) return null;
  const [, value] = args.splice(at, 2);
  return value ?? null;
};
const mockPath = option('--mock');
const openSync = flag('--open-sync');
const hash = option('--hash');
const waitText = option('--wait');
const lang = option('--lang');
// --fill and --click may repeat and keep their order.
const steps = [];
for (let at = 0; at < args.length; ) {
  if (args[at] === '--fill' || args[at] === '--click') {
    steps.push([args[at], args[at + 1] ?? '']);
    args.splice(at, 2);
  } else at += 1;
}
const [out, size = '390x844'] = args;
const match = /^(\d+)x(\d+)$/.exec(size);
if (!out || !match) {
  console.error('usage: node scripts/screenshot-preview.mjs OUT.png [WIDTHxHEIGHT] [--mock FIXTURE.json] [--lang az] [--open-sync] [--hash #/place/ID]');
  process.exit(2);
}
const [width, height] = [Number(match[1]), Number(match[2])];
const fixture = mockPath === null ? null : JSON.parse(await readFile(mockPath, 'utf8'));

const preview = await startPreview();
try {
  const { page, problems } = await preview.page({ width, height, fixture, lang });
  const url = preview.url;
  if (waitText !== null) {
    await page.goto(url + (hash ?? ''));
    await page.getByText(waitText).first().waitFor({ timeout: 10_000 });
  } else if (hash === null) {
    await page.goto(url);
    // By id, not by its words: the heading is translated.
    await page.locator('#places-title').waitFor({ timeout: 10_000 });
    await page.locator('main').locator('[role=alert], .grid, .empty').first().waitFor({ timeout: 10_000 });
  } else {
    await page.goto(url + hash);
    await page.locator('main').locator('h1, [role=alert]').first().waitFor({ timeout: 10_000 });
  }
  if (openSync) {
    await page.locator('button.badge').click();
    await page.getByRole('dialog').waitFor({ timeout: 10_000 });
  }
  for (const [kind, value] of steps) {
    if (kind === '--fill') {
      const [label, ...text] = value.split('=');
      await page.getByLabel(label, { exact: true }).fill(text.join('='));
    } else {
      await page.getByRole('button', { name: value }).click();
    }
    await page.waitForTimeout(200);
  }
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out} (${width}x${height})`);
  for (const problem of problems) console.warn(`page: ${problem}`);
} finally {
  await preview.close();
}
