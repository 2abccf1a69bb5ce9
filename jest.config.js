// Tests are TypeScript run as native ES modules (node --experimental-vm-modules),
// transformed by swc: fast, and import.meta works as it does in dist/.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testTimeout: 120000,
  globalSetup: '<rootDir>/tests/globalSetup.js',
  reporters: ['default', '<rootDir>/scripts/jest-summary.js'],
};
