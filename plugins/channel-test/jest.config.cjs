module.exports = { ...require('../../jest.preset.cjs'), displayName: 'channel-test', rootDir: __dirname };
