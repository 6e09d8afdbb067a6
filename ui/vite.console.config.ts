import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The office's web console: a second entry (console.html) built into dist-console, which
// vigil-server embeds and serves under /console (see crates/vigil-server/src/console).
export default defineConfig({
  plugins: [svelte()],
  base: '/console/',
  clearScreen: false,
  build: {
    outDir: 'dist-console',
    emptyOutDir: true,
    target: ['es2022', 'safari16'],
    // No data: URLs: the console's Content-Security-Policy allows only its own files.
    assetsInlineLimit: 0,
    rollupOptions: { input: 'console.html' },
  },
});
