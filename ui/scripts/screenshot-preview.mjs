// Screenshots the built UI (ui/dist) in headless Chromium, outside the app.
//
//   node scripts/screenshot-preview.mjs OUT.png [WIDTHxHEIGHT]
//
// Outside Tauri there is no device store, so the page shows its "Not running
// inside the Vigil app" error: this checks layout, CSS and the error path, not
// data (scripts/screenshot-app.sh shoots the real app). Needs `npm run build`
// first and a Chromium at $CHROMIUM (default /usr/bin/chromium); downloads nothing.
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const [out, size = '390x844'] = process.argv.slice(2);
const match = /^(\d+)x(\d+)$/.exec(size);
if (!out || !match) {
  console.error('usage: node scripts/screenshot-preview.mjs OUT.png [WIDTHxHEIGHT]');
  process.exit(2);
}
const [width, height] = [Number(match[1]), Number(match[2])];

const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  await page.goto(url);
  await page.getByRole('heading', { name: 'Places' }).waitFor({ timeout: 10_000 });
  await page.locator('[role=alert], .grid, .empty').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out} (${width}x${height})`);
  for (const problem of problems) console.warn(`page: ${problem}`);
} finally {
  await browser.close();
  await server.close();
}
