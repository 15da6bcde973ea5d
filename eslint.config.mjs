// Lint that keeps the layout: TypeScript and React hooks rules, no import cycles, and which folder
// may import which (the boundaries the README's architecture section describes). `npm test` runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'tests/**', 'bench/**'];

/** A zone of import-x/no-restricted-paths: files under `target` may not import from `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

/** Only main/ and preload/ may load Electron; only db/ opens SQLite. */
const electronOnlyInShell = {
  name: 'electron',
  message: 'Only main/ and preload/ load Electron; everything else runs in plain Node or the page.',
};
const sqliteOnlyInDb = {
  name: 'better-sqlite3',
  message: 'SQL lives in db/: add a function to a db/queries module instead.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.electron-native/**',
      '.tmp/**',
      'bench/results.json',
      'resources/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle parses the files an import leads to: it must know TypeScript files and their parser.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'renderer/tsconfig.json', 'tests/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
    },
  },
  {
    // Which folder may import which. Tests may import anything they test, and tests/support.
    files: ['main/**', 'preload/**', 'renderer/**', 'services/**', 'db/**', 'domain/**', 'contract/**', 'cli/**'],
    ignores: TESTS,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              './renderer',
              ['./main', './preload', './db', './services', './cli', './tests'],
              'The renderer talks to the backend only through the contract (window.osce).',
            ),
            zone(
              './preload',
              ['./main', './renderer', './db', './services', './cli', './domain', './tests'],
              'The preload is the bridge and nothing else: Electron and the contract.',
            ),
            zone(
              './contract',
              ['./main', './preload', './renderer', './db', './services', './cli', './tests'],
              'The contract is plain shapes and schemas the renderer shares.',
            ),
            zone(
              './domain',
              ['./main', './preload', './renderer', './db', './services', './cli', './tests'],
              'Domain logic is pure and runs anywhere.',
            ),
            zone(
              './db',
              ['./main', './preload', './renderer', './services', './cli', './contract', './tests'],
              'db/ is the bottom layer: it knows tables and domain types only.',
            ),
            zone(
              './services',
              ['./main', './preload', './renderer', './cli'],
              'Services are shared by the app worker, the CLI and the test bridge: they never reach up into a host.',
            ),
            zone(
              './services/core',
              './services',
              'services/core is what every feature builds on; it imports no feature.',
              ['./core'],
            ),
            zone(
              './cli',
              ['./main', './preload', './renderer', './tests'],
              'The CLI calls the services, as the app does.',
            ),
            zone(
              './main',
              ['./renderer', './cli'],
              'The main process hosts the worker; it does not import the page or the CLI.',
            ),
            zone('./', './tests', 'Product code never imports test tooling (tests/support is for tests).'),
          ],
        },
      ],
    },
  },
  {
    files: ['db/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }] },
  },
  {
    files: ['services/**', 'cli/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell, sqliteOnlyInDb] }] },
  },
  {
    files: ['main/**', 'preload/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: [sqliteOnlyInDb] }] },
  },
  {
    // The page, the contract and pure domain logic run in the renderer too: no Node built-ins.
    files: ['renderer/**', 'contract/**', 'domain/**'],
    ignores: TESTS,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, sqliteOnlyInDb],
          patterns: [{ group: ['node:*'], message: 'This code also runs in the page: no Node built-ins.' }],
        },
      ],
    },
  },
  {
    files: ['services/**', 'cli/**', 'main/**', 'preload/**', 'renderer/**', 'domain/**', 'contract/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
          message: 'SQL lives in db/: add a function to a db/queries module instead.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Every word the page shows comes from the catalogues (domain/i18n), in English and Chinese.
    files: ['renderer/src/**/*.tsx'],
    ignores: TESTS,
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          // Symbols, numbers and punctuation alone (✚, ·, 0.75) are not words to translate.
          words: { exclude: [/^[^\p{L}]*$/u, /^[A-Z_-]+$/] },
          'jsx-attributes': {
            include: ['title', 'aria-label', 'aria-description', 'placeholder', 'alt', 'label'],
          },
        },
      ],
    },
  },
  {
    files: TESTS,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
