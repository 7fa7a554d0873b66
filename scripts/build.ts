/**
 * npm run build: everything clasp pushes, in build/ (git-ignored):
 *   build/Code.js        the server bundle (webpack + esbuild-loader + gas-webpack-plugin), its body minified by
 *                        terser with function and class names kept, so Apps Script stack traces name the source
 *   build/index.html     the resident's page, self-contained
 *   build/admin.html     the owner's admin page, self-contained
 *   build/appsscript.json  the public web app's manifest (npm run deploy writes the admin one for its deployment)
 * Then checks the shape Apps Script needs, so a bad build fails here and not at clasp push.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import webpack from 'webpack';
import { buildAdminPage, buildClient } from './build-client';

const ROOT = path.resolve(__dirname, '..');
// BOX_BUILD_DIR lets parallel work build elsewhere; clasp always pushes build/.
const OUT = process.env.BOX_BUILD_DIR ? path.resolve(process.env.BOX_BUILD_DIR) : path.join(ROOT, 'build');

function runWebpack(): Promise<void> {
  const config = { ...(require(path.join(ROOT, 'webpack.config.js')) as webpack.Configuration) };
  config.output = { ...config.output, path: OUT };
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/**
 * Minifies the bundle's body and keeps the entry stubs gas-webpack-plugin writes at the top as they are, one
 * declaration a line. Local variables get short names and dead code goes; function and class names stay (stack
 * traces show them, and compression may not drop or merge them), and
 * statements keep their own lines where a newline can stand for a semicolon, so an error's line number still points
 * somewhere readable. Apps Script evaluates the whole file at every execution: fewer bytes, less to parse.
 */
export async function minifyServerBundle(code: string): Promise<string> {
  const stubs = /^(?:function [A-Za-z_$][\w$]*\(\) \{\n\}\n)*/.exec(code)![0];
  const out = await minify(code.slice(stubs.length), {
    ecma: 2020,
    compress: { keep_fnames: true, keep_classnames: true, passes: 2 },
    mangle: { keep_fnames: true, keep_classnames: true },
    format: { comments: false, semicolons: false, ecma: 2020 },
  });
  if (!out.code) throw new Error('terser returned no code');
  return `${stubs}${out.code}\n`;
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
  await runWebpack();
  const codePath = path.join(OUT, 'Code.js');
  writeFileSync(codePath, await minifyServerBundle(readFileSync(codePath, 'utf8')));
  const page = await buildClient(OUT);
  const admin = await buildAdminPage(OUT);
  copyFileSync(path.join(ROOT, 'appsscript.json'), path.join(OUT, 'appsscript.json'));
  const code = readFileSync(codePath, 'utf8');
  const problems = checkServerBundle(code, serverEntryNames());
  if (problems.length) throw new Error(`build/Code.js is not what Apps Script needs:\n- ${problems.join('\n- ')}`);
  console.log(
    `build/ ready in ${Date.now() - started} ms: Code.js ${(code.length / 1024).toFixed(1)} KB, ` +
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
