// Lint and layering rules, run by `npm test` (npm run lint). Formatting is Prettier's (package.json).
import tseslint from 'typescript-eslint';

const DOMAINS = ['organizations', 'numbers', 'users', 'cycles', 'notifications', 'number-requests', 'auth'];

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
    // Rules are plain functions and services are small: a function a reader takes in at once.
    files: ['api/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  ...DOMAINS.map((domain) => ({
    // The layers run one way: the GraphQL layer and the wiring import the domains, never the reverse.
    files: [`api/src/${domain}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/graphql', '**/graphql/**'],
              message: 'Domain code must not import the GraphQL layer (api/src/graphql).',
            },
            {
              group: ['**/services'],
              message: 'Domain code must not import the service wiring (api/src/services.ts).',
            },
          ],
        },
      ],
    },
  })),
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
);
