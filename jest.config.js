/** Unit tests sit next to the code (`*.spec.ts`); end-to-end tests run real processes against real Kafka and PostgreSQL. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@swx/(config|contracts|messaging|observability|persistence|platform|testing)$': '<rootDir>/libs/$1/src',
};

module.exports = {
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/dist-.*'],
  // End-to-end tests start real processes; unit tests finish far below this.
  testTimeout: 180_000,
  // Suite order (a global option): see test/e2e-sequencer.js.
  testSequencer: '<rootDir>/test/e2e-sequencer.js',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.e2e-spec\\.ts$', '/node_modules/', '/dist/', '/dist-'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/e2e-global-setup.ts',
      setupFiles: ['<rootDir>/test/e2e-setup.ts'],
    },
  ],
};
