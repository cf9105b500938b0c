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
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/web-components/dist/'],
  testTimeout: 60_000,
  setupFiles: ['reflect-metadata'],
};

export default config;
