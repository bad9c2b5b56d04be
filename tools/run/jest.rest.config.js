// `npm test`'s second jest run: every suite but libs/domain's, without coverage. The domain's
// suites run first on their own with coverage, where the 100 % gate is (ADR 0031).
const { join } = require('node:path');
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: join(__dirname, '..', '..'),
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/libs/domain/'],
  collectCoverage: false,
};
