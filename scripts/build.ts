/**
 * npm run build: everything clasp pushes, in build/ (git-ignored):
 *   build/Code.js        the server bundle (webpack + esbuild-loader + gas-webpack-plugin), its body minified by
 *                        terser with function and class names kept, so Apps Script stack traces name the source
 *   build/index.html     the resident's page, self-contained
 *   build/OnDemand.html  the server code only rarer runs need, minified the same way; Code.js reads and evaluates it
 *                        when one of those runs (src/server/on-demand.ts)
 *   build/admin.html     the owner's admin page, self-contained
 *   build/appsscript.json  the public web app's manifest (npm run deploy writes the admin one for its deployment)
 * Then checks the shape Apps Script needs, so a bad build fails here and not at clasp push.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import webpack from 'webpack';
import { buildAdminPage, buildClient } from './build-client';
import { onDemandChecksum } from '../src/gas/on-demand-file';

const ROOT = path.resolve(__dirname, '..');
// BOX_BUILD_DIR lets parallel work build elsewhere; clasp always pushes build/.
const OUT = process.env.BOX_BUILD_DIR ? path.resolve(process.env.BOX_BUILD_DIR) : path.join(ROOT, 'build');

const webpackConfigs = require(path.join(ROOT, 'webpack.config.js')) as {
  ON_DEMAND_VAR: string;
  server(outDir: string, onDemandChecksum: string): webpack.Configuration;
  onDemand(outDir: string): webpack.Configuration;
};

function runWebpack(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/**
 * build/OnDemand.html: the on-demand bundle (webpack.config.js), minified as Code.js is, after a comment that says
 * what it is. Returns its length and its checksum, which Code.js checks before evaluating it.
 */
export async function buildOnDemand(outDir: string): Promise<{ chars: number; checksum: string }> {
  const tmp = path.join(outDir, '.on-demand');
  await runWebpack(webpackConfigs.onDemand(tmp));
  const js = await minifyScript(readFileSync(path.join(tmp, 'OnDemand.js'), 'utf8'));
  rmSync(tmp, { recursive: true, force: true });
  const text = `${ON_DEMAND_HEADER}${js}`;
  writeFileSync(path.join(outDir, 'OnDemand.html'), text);
  return { chars: text.length, checksum: onDemandChecksum(text) };
}

const ON_DEMAND_HEADER = `// Server code Code.js reads and evaluates only when a rarer function runs (setup, posters, reports, the nightly
// run, the admin page): Apps Script evaluates .js files at every execution, and this file is not one. Built from
// src/server/on-demand-entry.ts; see src/server/on-demand.ts.
`;

/**
 * Minifies the bundle's body and keeps the entry stubs gas-webpack-plugin writes at the top as they are, one
 * declaration a line. Local variables get short names and dead code goes; function and class names stay (stack
 * traces show them, and compression may not drop or merge them), and
 * statements keep their own lines where a newline can stand for a semicolon, so an error's line number still points
 * somewhere readable. Apps Script evaluates the whole file at every execution: fewer bytes, less to parse.
 */
export async function minifyServerBundle(code: string): Promise<string> {
  // The last stub may run straight into webpack's bootstrap ("}/******/ (() => {").
  const stubs = /^(?:function [A-Za-z_$][\w$]*\(\) \{\n\}\n?)*/.exec(code)![0];
  return `${forwardingStubs(stubs)}${await minifyScript(code.slice(stubs.length))}`;
}

/**
 * The entry stubs gas-webpack-plugin writes at the top of Code.js, each made to call the function the bundle defines
 * under its name. Where Apps Script (or any script evaluation) runs the file, the bundle's assignments to the global
 * object replace the stubs and their bodies never run; a tool that evaluates the file inside a function and takes the
 * declared names still gets working functions. Each stub reaches only its own name: no new global can call another
 * function.
 */
export function forwardingStubs(stubs: string): string {
  const stub = /function ([A-Za-z_$][\w$]*)\(\) \{\n\}\n?/y;
  let out = '';
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = stub.exec(stubs)) !== null) {
    const name = m[1];
    out +=
      `function ${name}() {\n` +
      `  var bundled = globalThis.${name}\n` +
      `  if (typeof bundled !== 'function' || bundled === ${name}) throw new Error('${name} is not defined by the bundle of Code.js')\n` +
      `  return bundled.apply(this, arguments)\n}\n`;
    end = stub.lastIndex;
  }
  if (!out || end !== stubs.length) throw new Error('Code.js does not start with the entry stubs gas-webpack-plugin writes');
  return out;
}

async function minifyScript(code: string): Promise<string> {
  const out = await minify(code, {
    ecma: 2020,
    compress: { keep_fnames: true, keep_classnames: true, passes: 2 },
    mangle: { keep_fnames: true, keep_classnames: true },
    format: { comments: false, semicolons: false, ecma: 2020 },
  });
  if (!out.code) throw new Error('terser returned no code');
  return `${out.code}\n`;
}

/** Entry points must be plain top-level function declarations, and no ES module syntax may reach Apps Script. */
export function checkServerBundle(code: string, entryNames: string[]): string[] {
  const problems: string[] = [];
  for (const name of entryNames) {
    if (!new RegExp(`^function ${name}\\(`, 'm').test(code)) problems.push(`missing top-level function ${name}`);
  }
  if (/^\s*(import|export)\s/m.test(code)) problems.push('ES module syntax in Code.js');
  // A lazy require in the source is the bundler's to resolve: Apps Script has no require.
  if (/\brequire\s*\(/.test(code)) problems.push('require() left in Code.js');
  return problems;
}

/** The names src/server/index.ts re-exports. */
export function serverEntryNames(): string[] {
  const src = readFileSync(path.join(ROOT, 'src/server/index.ts'), 'utf8');
  const names: string[] = [];
  for (const m of src.matchAll(/export\s*\{([^}]*)\}\s*from/g)) {
    names.push(
      ...m[1]
        .split(',')
        .map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        )
        .filter(Boolean),
    );
  }
  return names;
}

async function main(): Promise<void> {
  const started = Date.now();
  if (existsSync(OUT)) rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const onDemand = await buildOnDemand(OUT);
  await runWebpack(webpackConfigs.server(OUT, onDemand.checksum));
  const codePath = path.join(OUT, 'Code.js');
  writeFileSync(codePath, await minifyServerBundle(readFileSync(codePath, 'utf8')));
  const page = await buildClient(OUT);
  const admin = await buildAdminPage(OUT);
  copyFileSync(path.join(ROOT, 'appsscript.json'), path.join(OUT, 'appsscript.json'));
  const code = readFileSync(codePath, 'utf8');
  const problems = checkServerBundle(code, serverEntryNames());
  if (problems.length) throw new Error(`build/Code.js is not what Apps Script needs:\n- ${problems.join('\n- ')}`);
  console.log(
    `build/ ready in ${Date.now() - started} ms: Code.js ${(code.length / 1024).toFixed(1)} KB, OnDemand.html ${(onDemand.chars / 1024).toFixed(1)} KB, ` +
      `index.html ${(page.bytes / 1024).toFixed(1)} KB (${(page.gzipBytes / 1024).toFixed(1)} KB gzipped), ` +
      `admin.html ${(admin.bytes / 1024).toFixed(1)} KB`,
  );
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
