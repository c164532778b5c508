module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-collect-data', rootDir: __dirname };
