/**
 * Builds the resident's page into one self-contained file, build/index.html: the bundled script and the
 * stylesheet are inlined into src/client/index.html (HtmlService serves a single string; no external files).
 * The server replaces the one `%%BOOT_JSON%%` with the page's BootData. The photo Worker (src/client/photo-worker.ts)
 * is bundled first and carried inside the page's script as a string (`__PHOTO_WORKER_JS__`), since there is no URL
 * to load a Worker script from; the page starts it from a Blob URL.
 *
 *   npx tsx scripts/build-client.ts [outDir]      (outDir defaults to build)
 */
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';

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
function fill(template: string, slot: string, value: string): string {
  if (count(template, slot) !== 1) throw new Error(`src/client/index.html must contain ${slot} exactly once`);
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

/** One classic script (IIFE), minified, for the page or one of its Workers. */
async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const out = await build({
    entryPoints: [path.join(CLIENT, entry)],
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
  return out.outputFiles[0].text.trim();
}

export async function buildClient(outDir: string): Promise<{ file: string; bytes: number; gzipBytes: number }> {
  const photoWorker = await bundle('photo-worker.ts');
  const script = await bundle('main.ts', { __PHOTO_WORKER_JS__: JSON.stringify(photoWorker) });
  if (script.indexOf('__PHOTO_WORKER_JS__') >= 0) throw new Error('the photo Worker did not reach the page bundle');
  const js = escapeInlineScript(script);

  const css = (
    await transform(readFileSync(path.join(CLIENT, 'styles.css'), 'utf8'), {
      loader: 'css',
      minify: true,
      target: CSS_TARGET,
      charset: 'utf8',
    })
  ).code.trim();
  if (/<\/style/i.test(css)) throw new Error('styles.css must not contain </style');

  const template = readFileSync(path.join(CLIENT, 'index.html'), 'utf8');
  const html = fill(fill(template, STYLES_SLOT, css), SCRIPT_SLOT, js);

  const markers = count(html, BOOT_MARKER);
  if (markers !== 1) throw new Error(`built page must contain ${BOOT_MARKER} exactly once, found ${markers}`);
  const scriptlet = html.indexOf('<?');
  if (scriptlet >= 0)
    throw new Error(`built page contains "<?" (Apps Script scriptlet syntax) near: ${html.slice(scriptlet - 40, scriptlet + 40)}`);

  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'index.html');
  const bytes = Buffer.from(html, 'utf8');
  writeFileSync(file, bytes);
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

if (/build-client\.[cm]?[jt]s$/.test(process.argv[1] || '')) {
  const outDir = path.resolve(process.argv[2] || 'build');
  buildClient(outDir).then(
    (r) => console.log(`${path.relative(process.cwd(), r.file)}: ${r.bytes} bytes, ${r.gzipBytes} bytes gzipped`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
