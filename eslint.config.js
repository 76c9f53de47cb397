import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';

// Lint enforces the boundaries of design.md: only src/main/desktop imports electron; workers hold
// no database; the renderer talks only through the contract in src/shared; src/shared is pure.

const electron = { name: 'electron', message: 'Only src/main/desktop may import electron (the engine runs in plain Node).' };
const nodeBuiltins = { group: ['node:*'], message: 'This code must run without Node.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bin/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value=/utils?$/]", message: 'No utils dumping ground: name the file after what it is.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain-JS scripts run in Node; code they hand to a browser page (page.evaluate) sees the DOM.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/main/engine/**', 'src/main/cli/**', 'src/workers/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  {
    files: ['src/workers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'better-sqlite3', message: 'Workers hold no database.' }],
          patterns: [
            { group: ['**/main/**'], message: 'Workers hold no database and know nothing of the engine: plain data in, plain data out.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [nodeBuiltins, { group: ['**/main/**', '**/workers/**', '**/renderer/**', 'react', 'react-dom'], message: 'src/shared is the contract: it depends on nothing else of ours.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    plugins: { react, 'react-hooks': reactHooks, 'no-unsanitized': noUnsanitized },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      'react/prop-types': 'off',
      'react/no-danger': 'error',
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            nodeBuiltins,
            { group: ['**/main/**', '**/workers/**'], message: 'The renderer talks only through the contract in src/shared.' },
          ],
        },
      ],
    },
  },
);
