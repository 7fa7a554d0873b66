/**
 * Builds each page into one self-contained file (HtmlService serves a single string; no external files): the
 * bundled script and the stylesheet are inlined into the page's HTML template. The server replaces the one
 * `%%BOOT_JSON%%` with the page's boot data.
 *
 *   build/index.html   the resident's page: src/client/main.ts, styles.css, index.html
 *   build/admin.html   the owner's admin page: src/client/admin/main.ts, admin.css, admin.html
 *
 * A page's Workers (the resident's photo Worker, src/client/photo-worker.ts, and the puzzle solver,
 * src/client/challenge/worker.ts) are bundled first and carried inside
 * its script as strings (e.g. `__PHOTO_WORKER_JS__`), since there is no URL to load a Worker script from; the page
 * starts them from Blob URLs.
 *
 *   npx tsx scripts/build-client.ts [outDir]      (outDir defaults to build)
 */
import { build, transform, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { minify } from 'terser';
import { gzipSync } from 'zlib';

const ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..') : process.cwd();
const CLIENT = path.join(ROOT, 'src', 'client');

const BOOT_MARKER = '%%BOOT_JSON%%';
const STYLES_SLOT = '/*__STYLES__*/';
const SCRIPT_SLOT = '/*__SCRIPT__*/';
const KERNEL_SLOT = '/*__KERNEL__*/';
/** The resident's phones: Android WebView/Chrome ≥ 70, iOS Safari ≥ 12 (Zalo's in-app browser is the phone's WebView). */
const BROWSERS = ['chrome70', 'safari12'];

/** Which syntax a page's script may use: esbuild lowers anything newer, and terser writes nothing newer. */
interface ScriptTarget {
  esbuild: string | string[];
  terser: 2017 | 2019;
}
/** The phones above read all of ES2019 (optional catch binding, object spread) but not ES2020 (`??`, `?.`). */
const PHONES: ScriptTarget = { esbuild: BROWSERS, terser: 2019 };
/** The owner's computer. (The admin script keeps a destructuring form esbuild cannot lower for Safari 12.) */
const DESKTOP: ScriptTarget = { esbuild: 'es2017', terser: 2017 };

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

/**
 * The template without the indentation at the start of its lines. HTML treats a newline followed by spaces as the
 * newline alone wherever whitespace is collapsed; a template with <pre> or a non-empty <textarea> would need care.
 */
export function dropIndentation(html: string): string {
  if (/<pre\b|<textarea\b[^>]*>[^<]/i.test(html)) throw new Error('template with preformatted text: keep its indentation');
  return html.replace(/\n[ \t]+/g, '\n');
}

interface PageSpec {
  /** The script's entry, the stylesheet and the HTML template, relative to src/client. */
  entry: string;
  css: string;
  template: string;
  /** The file written into outDir. */
  out: string;
  /**
   * The kernel's entry (relative to src/client): its own inline script before the page's, which the page's Workers
   * start from; the page's script takes the kernel's functions from it (kernel-api.ts → kernel-global.ts).
   */
  kernel?: string;
  target: ScriptTarget;
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
  // The bot-cost puzzle's solver and the photo shrinker, on the main thread or in Workers started from its text.
  kernel: 'kernel.ts',
  target: PHONES,
};
const ADMIN_PAGE: PageSpec = {
  entry: 'admin/main.ts',
  css: 'admin/admin.css',
  template: 'admin/admin.html',
  out: 'admin.html',
  target: DESKTOP,
};

/** The resident's page, build/index.html. */
export function buildClient(outDir: string): Promise<BuiltPage> {
  return buildPage(RESIDENT_PAGE, outDir);
}

/** The owner's admin page, build/admin.html. */
export function buildAdminPage(outDir: string): Promise<BuiltPage> {
  return buildPage(ADMIN_PAGE, outDir);
}

/** The page's imports of kernel-api.ts go to kernel-global.ts: the kernel script already in the page. */
const kernelFromPage: Plugin = {
  name: 'kernel-from-page',
  setup(b) {
    b.onResolve({ filter: /(^|\/)kernel-api$/ }, () => ({ path: path.join(CLIENT, 'kernel-global.ts') }));
  },
};

/**
 * One classic script (IIFE), minified, for a page or its kernel: esbuild bundles and lowers the syntax, then terser
 * compresses further (it inlines functions used once, joins statements and declarations, and names variables by how
 * often they occur, which gzip rewards). Only safe transforms: no `unsafe*`
 * options, property names untouched.
 */
async function bundle(entry: string, target: ScriptTarget, plugins: Plugin[] = []): Promise<string> {
  const out = await build({
    entryPoints: [path.join(CLIENT, entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: target.esbuild,
    // esbuild rewrites every template literal into .concat() calls for Safari 12, whose one flaw with them is the
    // caching of a tagged template's strings (WebKit bug 190756). Nothing here is tagged: they are kept as written.
    supported: { 'template-literal': true },
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const min = await minify(out.outputFiles[0].text, {
    ecma: target.terser,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false, ecma: target.terser },
  });
  if (!min.code) throw new Error(`terser returned no code for ${entry}`);
  return min.code.trim();
}

async function buildPage(spec: PageSpec, outDir: string): Promise<BuiltPage> {
  const script = await bundle(spec.entry, spec.target, spec.kernel ? [kernelFromPage] : []);
  const js = escapeInlineScript(script);
  const kernel = spec.kernel ? escapeInlineScript(await bundle(spec.kernel, spec.target)) : '';
  // SHA-256 (its constants come from Math.cbrt) lives in the kernel only: the page's script takes it from there.
  if (kernel && /Math\.cbrt/.test(script)) throw new Error(`${spec.entry} must take the kernel's functions from the page`);

  const css = (
    await transform(readFileSync(path.join(CLIENT, spec.css), 'utf8'), {
      loader: 'css',
      minify: true,
      target: BROWSERS,
      charset: 'utf8',
    })
  ).code.trim();
  if (/<\/style/i.test(css)) throw new Error(`${spec.css} must not contain </style`);

  const template = dropIndentation(readFileSync(path.join(CLIENT, spec.template), 'utf8'));
  let html = fill(fill(template, STYLES_SLOT, css, spec.template), SCRIPT_SLOT, js, spec.template);
  if (spec.kernel) html = fill(html, KERNEL_SLOT, kernel, spec.template);

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
