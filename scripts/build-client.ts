/**
 * Builds each page into one self-contained file (HtmlService serves a single string; no external files): the
 * bundled script and the stylesheet are inlined into the page's HTML template. The server replaces the one
 * `%%BOOT_JSON%%` with the page's boot data. The resident's page carries the bot-cost puzzle's Web Worker inside its
 * script as a string (scripts/challenge-worker.ts), since there is no URL to load a Worker script from; the page
 * starts it from a Blob URL.
 *
 *   build/index.html   the resident's page: src/client/main.ts, styles.css, index.html
 *   build/admin.html   the owner's admin page: src/client/admin/main.ts, admin.css, admin.html
 *
 *   npx tsx scripts/build-client.ts [outDir]      (outDir defaults to build)
 */
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { CHALLENGE_WORKER_GLOBAL, challengeWorkerDefine } from './challenge-worker';

const ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..') : process.cwd();
const CLIENT = path.join(ROOT, 'src', 'client');

const BOOT_MARKER = '%%BOOT_JSON%%';
const STYLES_SLOT = '/*__STYLES__*/';
const SCRIPT_SLOT = '/*__SCRIPT__*/';
/** Android WebView/Chrome ≥ 70, iOS Safari ≥ 12. */
const JS_TARGET = 'es2017';
const CSS_TARGET = ['chrome70', 'safari12'];

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Places `value` into the one `slot` of the template; a function replacer, so `$&` in the code stays literal. */
function fill(template: string, slot: string, value: string, name: string): string {
  if (count(template, slot) !== 1) throw new Error(`src/client/${name} must contain ${slot} exactly once`);
  return template.replace(slot, () => value);
}

/**
 * Makes the bundle safe inside <script>…</script>: `</script` would end the element and `<!--` would switch
 * the HTML parser into its "escaped" state. Both are rewritten in ways that mean the same in JS strings,
 * templates and regular expressions.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--');
}

interface PageSpec {
  /** The script's entry, the stylesheet and the HTML template, relative to src/client. */
  entry: string;
  css: string;
  template: string;
  /** The file written into outDir. */
  out: string;
  /** esbuild `define` entries: inlined bundles the page needs (each identifier must be gone from the output). */
  define?: () => Promise<Record<string, string>>;
}

export interface BuiltPage {
  file: string;
  bytes: number;
  gzipBytes: number;
}

const RESIDENT_PAGE: PageSpec = {
  entry: 'main.ts',
  css: 'styles.css',
  template: 'index.html',
  out: 'index.html',
  define: challengeWorkerDefine,
};
const ADMIN_PAGE: PageSpec = { entry: 'admin/main.ts', css: 'admin/admin.css', template: 'admin/admin.html', out: 'admin.html' };

/** The resident's page, build/index.html. */
export function buildClient(outDir: string): Promise<BuiltPage> {
  return buildPage(RESIDENT_PAGE, outDir);
}

/** The owner's admin page, build/admin.html. */
export function buildAdminPage(outDir: string): Promise<BuiltPage> {
  return buildPage(ADMIN_PAGE, outDir);
}

async function buildPage(spec: PageSpec, outDir: string): Promise<BuiltPage> {
  const define = spec.define ? await spec.define() : {};
  const bundled = await build({
    entryPoints: [path.join(CLIENT, spec.entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: JS_TARGET,
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    define,
  });
  const script = bundled.outputFiles[0].text.trim();
  for (const id of Object.keys(define)) {
    if (script.indexOf(id) >= 0) throw new Error(`${id} was not inlined into ${spec.out}`);
  }
  if (spec === RESIDENT_PAGE && !(CHALLENGE_WORKER_GLOBAL in define)) throw new Error('the challenge Worker is not wired');
  const js = escapeInlineScript(script);

  const css = (
    await transform(readFileSync(path.join(CLIENT, spec.css), 'utf8'), {
      loader: 'css',
      minify: true,
      target: CSS_TARGET,
      charset: 'utf8',
    })
  ).code.trim();
  if (/<\/style/i.test(css)) throw new Error(`${spec.css} must not contain </style`);

  const template = readFileSync(path.join(CLIENT, spec.template), 'utf8');
  const html = fill(fill(template, STYLES_SLOT, css, spec.template), SCRIPT_SLOT, js, spec.template);

  const markers = count(html, BOOT_MARKER);
  if (markers !== 1) throw new Error(`built page must contain ${BOOT_MARKER} exactly once, found ${markers}`);
  const scriptlet = html.indexOf('<?');
  if (scriptlet >= 0)
    throw new Error(`built page contains "<?" (Apps Script scriptlet syntax) near: ${html.slice(scriptlet - 40, scriptlet + 40)}`);

  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, spec.out);
  const bytes = Buffer.from(html, 'utf8');
  writeFileSync(file, bytes);
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

if (/build-client\.[cm]?[jt]s$/.test(process.argv[1] || '')) {
  const outDir = path.resolve(process.argv[2] || 'build');
  Promise.all([buildClient(outDir), buildAdminPage(outDir)]).then(
    (pages) => {
      for (const r of pages) console.log(`${path.relative(process.cwd(), r.file)}: ${r.bytes} bytes, ${r.gzipBytes} bytes gzipped`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
