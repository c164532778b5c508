module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-appointments', rootDir: __dirname };
