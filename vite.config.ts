import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built to static files and served from app://osce (Electron) or the test bridge.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
