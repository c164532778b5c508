module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tool-mcp', rootDir: __dirname };
