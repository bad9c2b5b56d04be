// `npm run test:unit`: the tests that need no engine. Integration tests are `*.int.test.ts`;
// every other test must run with Kafka and MongoDB unreachable (no I/O beyond the process).
const { join } = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: join(__dirname, '..', '..'),
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '\\.int\\.test\\.ts$'],
  // Coverage belongs to the full run (`npm test`), which also has the integration tests.
  collectCoverage: false,
};
