import type { Config } from 'jest';

// Tests run from TypeScript sources (no build step): @tfzoo/* imports resolve to
// each package's src/, and swc strips types. Type errors are caught by `tsc -b`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@tfzoo/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  // tfjs on wasm is CPU-bound; two workers match this machine's two cores.
  maxWorkers: 2,
  testTimeout: 60000,
};

export default config;
