// Shared jest settings: swc for speed (it does not type-check; CI runs tsc separately),
// legacy decorators with metadata for Nest and MikroORM, and path aliases from tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
// A wildcard alias ("@confab/channel-*") stands for every plugin of that family, so a new plugin needs no alias line.
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const pattern = alias.replace('/', '\\/').replace('*', '(.*)');
  moduleNameMapper[`^${pattern}$`] = path.join(__dirname, target).replace('*', '$1');
}

module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|integration-spec|e2e-spec).ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  reporters: ['default', path.join(__dirname, 'tools/test-summary/jest-count-reporter.cjs')],
  testTimeout: 30000,
};
