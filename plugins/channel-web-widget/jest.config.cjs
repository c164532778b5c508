module.exports = { ...require('../../jest.preset.cjs'), displayName: 'channel-web-widget', rootDir: __dirname, testPathIgnorePatterns: ['/node_modules/'] };
