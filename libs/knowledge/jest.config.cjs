module.exports = { ...require('../../jest.preset.cjs'), displayName: 'knowledge', rootDir: __dirname };
