// Lint rules, run by `npm test` (npm run lint). Formatting is Prettier's (package.json); the layers of
// api/src are dependency-cruiser's (api/.dependency-cruiser.cjs, npm run lint:deps).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'node_modules/**',
      'web-components/custom-elements.json',
      'data/**',
      '**/*.generated.ts',
      'web-components/src/generated/**',
      'web-components/types/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Rules are plain functions, services and views are small: a function a reader takes in at once.
    files: ['api/src/**/*.ts', 'api/bench/**/*.ts', 'web-components/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  {
    // A widget uses shared/ and its own folder; it may compose another widget only by its entry module
    // (mp-dashboard holds them all, the pie holds the details dialog), never by its internals.
    files: ['web-components/src/mp-*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./mp-[\\w-]+/(?!mp-[\\w-]+(\\.js)?$)',
              message: "A widget may import another widget's entry module only, never its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // Domain code waits only through the shared helpers, which stop on shutdown: the polling loop
    // (common/polling-loop.ts), common/sleep.ts and the lease heartbeat (db/lease-heartbeat.ts).
    files: [
      'api/src/{auth,rating,organizations,users,usage,webhooks,notifications}/**/*.ts',
      'api/src/{cycles,plans,numbers,alerts,ingestion,reports,number-requests}/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Domain code waits through common/polling-loop.ts (or common/sleep.ts).' },
        { name: 'setInterval', message: 'Domain code repeats work through common/polling-loop.ts.' },
      ],
    },
  },
);
