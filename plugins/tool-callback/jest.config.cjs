module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-callback', rootDir: __dirname };
