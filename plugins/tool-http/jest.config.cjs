module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-http', rootDir: __dirname };
