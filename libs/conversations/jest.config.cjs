module.exports = { ...require('../../jest.preset.cjs'), displayName: 'conversations', rootDir: __dirname };
