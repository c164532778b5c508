module.exports = { ...require('../../jest.preset.cjs'), displayName: 'channel-whatsapp', rootDir: __dirname };
