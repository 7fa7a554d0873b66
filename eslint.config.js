// Flat config: TypeScript rules everywhere; Apps Script globals only where the adapters and entry points live.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

const appsScriptGlobals = Object.fromEntries(
  [
    'SpreadsheetApp',
    'GmailApp',
    'DriveApp',
    'DocumentApp',
    'Charts',
    'LockService',
    'CacheService',
    'PropertiesService',
    'ScriptApp',
    'Session',
    'HtmlService',
    'Utilities',
    'Logger',
    'GoogleAppsScript',
  ].map((g) => [g, 'readonly']),
);

module.exports = tseslint.config(
  { ignores: ['build/', 'node_modules/', '.local/', 'coverage/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    languageOptions: { globals: { console: 'readonly' } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'TextEncoder',
          'TextDecoder',
          'URL',
          'URLSearchParams',
          'Buffer',
          'setTimeout',
          'fetch',
          'atob',
          'btoa',
          'structuredClone',
          'process',
          'require',
        ].map((name) => ({ name, message: `${name} does not exist in Apps Script.` })),
        ...Object.keys(appsScriptGlobals).map((name) => ({ name, message: 'src/core stays pure: use a port and an adapter in src/gas.' })),
      ],
    },
  },
  { files: ['src/gas/**/*.ts', 'src/server/**/*.ts'], languageOptions: { globals: { ...appsScriptGlobals, console: 'readonly' } } },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
          message: 'Math.min/max(...list) overflows the call stack on a big sheet: use a loop or reduce.',
        },
      ],
    },
  },
  { files: ['src/client/**/*.ts'], languageOptions: { globals: { ...globals.browser, google: 'readonly' } } },
  {
    files: ['test/**/*.ts', 'test/**/*.js', 'sandbox/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
