import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, MEDIA_SCHEME } from './contract/bridge';

// The renderer is built to static files and served from app://osce (Electron) or the test bridge.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [
    react(),
    // The page's policy comes from the one definition main's header and the test bridge use too.
    {
      name: 'content-security-policy',
      transformIndexHtml: (html) =>
        html.replace('%OSCE_CSP%', contentSecurityPolicy({ mediaScheme: MEDIA_SCHEME, meta: true })),
    },
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
