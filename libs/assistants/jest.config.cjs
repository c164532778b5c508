module.exports = { ...require('../../jest.preset.cjs'), displayName: 'assistants', rootDir: __dirname };
