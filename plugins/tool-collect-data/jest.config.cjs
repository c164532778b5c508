// forceExit: the server a plugin's e2e tests boot holds Bull's ioredis clients, which can outlive app.close() by a tick.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-collect-data', rootDir: __dirname, forceExit: true };
