module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-lookup', rootDir: __dirname };
