// Bundles the server (src/server/index.ts and everything it imports) into one Apps Script file.
// gas-webpack-plugin turns each named re-export of the entry into a top-level function declaration,
// which is what google.script.run, triggers and menus need; library type 'this' then binds the real code.
const path = require('path');
const GasPlugin = require('gas-webpack-plugin');

const entry = path.resolve(__dirname, 'src/server/index.ts');

module.exports = {
  mode: 'production',
  context: __dirname,
  entry,
  target: ['web', 'es2020'],
  devtool: false,
  output: {
    path: path.resolve(__dirname, 'build'),
    filename: 'Code.js',
    library: { type: 'this' },
    clean: false,
  },
  resolve: {
    extensions: ['.ts', '.js'],
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        include: path.resolve(__dirname, 'src'),
        loader: 'esbuild-loader',
        options: { loader: 'ts', target: 'es2020' },
      },
    ],
  },
  // Readable stack traces in the Apps Script editor matter more than a few KB.
  optimization: { minimize: false, concatenateModules: true },
  performance: { hints: false },
  plugins: [new GasPlugin({ autoGlobalExportsFiles: [entry], include: ['src/**'] })],
};
