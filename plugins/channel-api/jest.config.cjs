module.exports = { ...require('../../jest.preset.cjs'), displayName: 'channel-api', rootDir: __dirname };
