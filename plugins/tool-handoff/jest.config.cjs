module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-handoff', rootDir: __dirname };
