// forceExit: Bull's ioredis clients can outlive app.close() by a tick; the suites close everything they start.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'server', rootDir: __dirname, forceExit: true, maxWorkers: 2 };
