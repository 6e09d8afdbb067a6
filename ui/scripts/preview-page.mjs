// The built UI (ui/dist) in headless Chromium, outside the app, for screenshots and the
// browser tests. Outside Tauri there is no device store: with a fixture, the page gets a
// stand-in for Tauri's IPC that answers each command from the fixture
// (`{"list_places": [...], "sync_status": {...}}`; events never arrive). A fixture answer
// `{"__error": {code, message, …}}` rejects instead. Downloads nothing: Chromium comes
// from $CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { preview } from 'vite';

/** Serves ui/dist on 127.0.0.1 and starts Chromium; `close()` stops both. */
export async function startPreview() {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    url,
    /** A page at `width`×`height`, its IPC answered from `fixture`, in `lang` if given. */
    async page({ width, height, fixture = null, lang = null }) {
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      const problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      if (fixture !== null) await page.addInitScript(mockIpc, fixture);
      if (lang !== null) await page.addInitScript((code) => localStorage.setItem('vigil.locale', code), lang);
      return { page, problems };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// Runs in the page: the two globals @tauri-apps/api reads, `isTauri` and the IPC internals.
function mockIpc(answers) {
  let nextId = 1;
  window.isTauri = true;
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
  window.__TAURI_INTERNALS__ = {
    transformCallback: () => nextId++,
    invoke: async (command) => {
      if (command.startsWith('plugin:event|')) return nextId++;
      if (Object.hasOwn(answers, command)) {
        const answer = answers[command];
        if (answer !== null && typeof answer === 'object' && '__error' in answer) throw answer.__error;
        return answer;
      }
      throw { code: 'unknown', message: `the preview mock has no answer for ${command}` };
    },
  };
}
