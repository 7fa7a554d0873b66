// Bundles the server into two files Apps Script reads:
// - Code.js: src/server/index.ts and everything it imports. gas-webpack-plugin turns each named re-export of the
//   entry into a top-level function declaration, which is what google.script.run, triggers and menus need; library
//   type 'this' then binds the real code. Apps Script evaluates it at every execution.
// - OnDemand.html: src/server/on-demand-entry.ts, the code only rarer runs need (setup, posters, reports, the nightly
//   run, the admin page). Code.js reads and evaluates it the first time one of those functions is called
//   (src/server/on-demand.ts); as an .html file it is pushed but never evaluated at load.
const path = require('path');
const webpack = require('webpack');
const GasPlugin = require('gas-webpack-plugin');

const serverEntry = path.resolve(__dirname, 'src/server/index.ts');
const onDemandEntry = path.resolve(__dirname, 'src/server/on-demand-entry.ts');
/** The variable the on-demand bundle assigns its exports to (read back by src/server/on-demand.ts). */
const ON_DEMAND_VAR = 'onDemandExports';

function common(entry, filename, outDir) {
  return {
    mode: 'production',
    context: __dirname,
    entry,
    target: ['web', 'es2020'],
    devtool: false,
    output: { path: outDir, filename, clean: false },
    resolve: { extensions: ['.ts', '.js'] },
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
    // Readable stack traces in the Apps Script editor matter more than a few KB (scripts/build.ts minifies with
    // function and class names kept).
    optimization: { minimize: false, concatenateModules: true },
    performance: { hints: false },
  };
}

module.exports = {
  ON_DEMAND_VAR,
  /** Code.js; `onDemandChecksum`: the checksum of the built OnDemand.html, which Code.js checks before evaluating it. */
  server(outDir, onDemandChecksum) {
    const c = common(serverEntry, 'Code.js', outDir);
    c.output.library = { type: 'this' };
    c.plugins = [
      new webpack.DefinePlugin({ ON_DEMAND_CHECKSUM: JSON.stringify(onDemandChecksum), ON_DEMAND_VAR: JSON.stringify(ON_DEMAND_VAR) }),
      new GasPlugin({ autoGlobalExportsFiles: [serverEntry], include: ['src/**'] }),
    ];
    return c;
  },
  /** The on-demand bundle as plain script, its exports assigned to one variable. */
  onDemand(outDir) {
    const c = common(onDemandEntry, 'OnDemand.js', outDir);
    c.output.library = { type: 'var', name: ON_DEMAND_VAR };
    return c;
  },
};
