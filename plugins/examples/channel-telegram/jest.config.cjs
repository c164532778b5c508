// forceExit: the server the e2e tests boot holds Bull's ioredis clients, which can outlive app.close() by a tick.
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'example-channel-telegram', rootDir: __dirname, forceExit: true };
