import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// Native and protocol packages stay external in the main process and load from node_modules at run time.
const external = ['better-sqlite3', 'serialport', 'mqtt', 'nodemailer'];

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: resolve('electron/main/index.ts'), external } },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: resolve('electron/preload/index.ts'),
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: resolve('out/renderer'),
      // three and React are large; browser mode serves this over the network, so ship it minified.
      minify: true,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
    esbuild: { jsx: 'automatic' },
  },
});
