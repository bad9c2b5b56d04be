// One jest run for the whole workspace: on 2 cores a single process pool beats one jest per project.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/-]/g, (c) => `\\${c}`)}$`,
    `<rootDir>/${target}`,
  ]),
);

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper,
  // ESM-only packages are compiled to CommonJS for jest like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testMatch: ['<rootDir>/{apps,libs,tools,e2e}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/console/'],
  coverageProvider: 'v8',
  collectCoverageFrom: [
    'libs/domain/*/src/**/*.ts',
    '!libs/domain/*/src/**/*.test.ts',
    '!libs/domain/*/src/index.ts',
  ],
  coverageThreshold: {
    './libs/domain/': { lines: 100, branches: 100, functions: 100, statements: 100 },
  },
  coverageReporters: ['text-summary', 'json-summary'],
};
