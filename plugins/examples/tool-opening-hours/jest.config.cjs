// forceExit: the server the e2e tests boot holds Bull's ioredis clients, which can outlive app.close() by a tick.
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'example-tool-opening-hours', rootDir: __dirname, forceExit: true };
