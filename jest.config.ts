import type { Config } from 'jest';

// One runner for the whole suite: domain units, API tests over HTTP, widget tests in Chromium.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/api', '<rootDir>/web-components'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: false, diagnostics: { warnOnly: false } },
    ],
    // @lit/localize ships only ES modules; the widgets' pure helpers call its msg(), which answers in
    // English (the source locale) in jest, so compile its files to CommonJS like our own.
    '^.+/node_modules/@lit/localize/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@lit/localize/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/web-components/dist/'],
  testTimeout: 60_000,
  setupFiles: ['reflect-metadata'],
};

export default config;
