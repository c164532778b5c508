// Unit tests of the view rules (src/**/*.spec.ts) and browser tests against the real server (test/*.e2e-spec.ts).
// forceExit: the server's Bull and ioredis clients can outlive app.close() by a tick.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'dashboard', rootDir: __dirname, forceExit: true, maxWorkers: 1, testTimeout: 120_000 };
