const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

// Bundles the server and every lib and plugin it uses; node_modules stay external. Migrations are registered
// by class (migrationsList), so the bundle migrates itself without a migrations folder.
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/server') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
