module.exports = { ...require('../../jest.preset.cjs'), displayName: 'benchmarks', rootDir: __dirname };
