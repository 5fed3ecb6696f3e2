// Layering (ARCHITECTURE.md): common imports nothing; core never imports electron; renderer never imports node,
// electron or core; main and preload are the only places that may import electron.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'events', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'firmware/build', 'firmware/.pio', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: ['**/electron/main/**', '**/electron/preload/**'] },
      ],
    },
  },
  {
    files: ['electron/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: ['node:*', '**/core/**', '**/main/**', '**/preload/**', '**/renderer/**'] },
      ],
    },
  },
  {
    // The core (and its browser-mode server) runs without Electron and never reaches into the shells or the UI.
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'] },
      ],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'ws', ...nodeBuiltins],
          patterns: ['node:*', '**/electron/core/**', '**/electron/main/**', '**/electron/preload/**'],
        },
      ],
      // Only renderer/src/api talks to the core: nothing else touches the preload bridge.
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'twinscope', message: 'use renderer/src/api' },
      ],
    },
  },
  {
    files: ['renderer/src/api/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
