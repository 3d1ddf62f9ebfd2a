import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The embeddable chat widget: one self-contained IIFE (`dist/widget/widget.js`), styles and strings inside. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
    minify: true,
    lib: { entry: fileURLToPath(new URL('src/index.ts', import.meta.url)), formats: ['iife'], name: 'TawasulWidget', fileName: () => 'widget.js' },
  },
});
