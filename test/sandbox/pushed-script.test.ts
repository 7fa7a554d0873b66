/**
 * The built file is the product: load exactly what clasp pushes into a bare V8 context and check its shape.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { GoogleWorld } from '../../sandbox/fakes/world';
import { MISSING_GLOBALS, ROOT, Sandbox, loadPushedProject, makeContext, pushedFileList } from '../../sandbox/vm';
import { newBox, payload } from '../../sandbox/box';

describe('the pushed project', () => {
  test('clasp would push only the built files', () => {
    const files = pushedFileList();
    if (!process.env.BOX_BUILD_DIR) {
      expect(files.sort()).toEqual([
        'build/Code.js',
        'build/OnDemand.html',
        'build/admin.html',
        'build/appsscript.json',
        'build/index.html',
      ]);
    }
    const project = loadPushedProject(files);
    expect(project.manifest).toMatchObject({
      timeZone: 'Asia/Ho_Chi_Minh',
      runtimeVersion: 'V8',
      exceptionLogging: 'STACKDRIVER',
      webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' },
    });
    // A standalone script: no container UI scope; only what it uses.
    expect(project.manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets',
      'https://mail.google.com/',
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/drive',
      'https://www.googleapis.com/auth/documents',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect(Object.keys(project.html).sort()).toEqual(['OnDemand', 'admin', 'index']);
  });

  test('every link of the pages the script serves opens where the Apps Script frame lets it: a new tab, or tel: as it is', () => {
    const project = loadPushedProject();
    // Anchors in the markup; inside the inlined scripts "<a" is code (e.g. "i<a.length" in the minified solver).
    const markup = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    // OnDemand.html is server code Code.js evaluates, not a page: only the pages are markup.
    const pages = [project.html.index, project.html.admin];
    const anchors = pages.flatMap((html) => [...markup(html).matchAll(/<a\b[^>]*>/gi)].map((m) => m[0]));
    expect(anchors.length).toBeGreaterThanOrEqual(4);
    for (const a of anchors) {
      if (/href="tel:/.test(a)) expect(a).not.toMatch(/target=/);
      else expect(a).toMatch(/target="_blank" rel="noopener"/);
    }
    // Links the admin page makes at run time too.
    expect(project.html.admin).toMatch(/\.target="_blank"/);
    expect(project.html.admin).toMatch(/\.rel="noopener"/);
    expect(Object.values(project.html).join('')).not.toMatch(/_top|_parent/);
  });

  test('the sandbox offers none of the globals Apps Script lacks', () => {
    const world = new GoogleWorld();
    const sb = new Sandbox({ world });
    const ctx = makeContext(world, sb.newExecution());
    for (const name of MISSING_GLOBALS) {
      expect(vm.runInContext(`typeof ${name}`, ctx)).toBe('undefined');
    }
  });

  test('code that needs a missing global fails there, naming the global', () => {
    const world = new GoogleWorld();
    const fake = { ...loadPushedProject(), scripts: [] as ReturnType<typeof loadPushedProject>['scripts'] };
    for (const name of ['TextEncoder', 'Buffer', 'URL', 'setTimeout', 'atob', 'structuredClone']) {
      fake.scripts = [{ name: 'bad.js', code: new vm.Script(`function bad() { return ${name}; }`), bytes: 0 }];
      const sb = new Sandbox({ world, project: fake });
      expect(() => sb.run('bad')).toThrow(new RegExp(`${name} is not defined`));
    }
  });

  test('every public entry point is a top-level function of the pushed script', () => {
    const sb = newBox({ bare: true });
    const fns = sb.topLevelFunctions();
    for (const name of ['doGet', 'submitFeedback', 'lookupFeedback', 'setup', 'takeOverBox', 'onStaffEdit', 'sendPendingEmails']) {
      expect(fns).toContain(name);
    }
    // No Sheet menu: a standalone script has no spreadsheet UI.
    expect(fns).not.toContain('onOpen');
    // Nothing but functions meant as entry points leaks out of the bundle.
    expect(fns.filter((n) => !/^[a-z][A-Za-z]+$/.test(n))).toEqual([]);
  });

  test('evaluated inside a function, the names Code.js declares are still the working functions', () => {
    const sb = newBox();
    const code = readFileSync(
      path.join(
        ROOT,
        pushedFileList().find((f) => path.basename(f) === 'Code.js')!,
      ),
      'utf8',
    );
    const ctx = makeContext(sb.world, sb.newExecution());
    type Fns = {
      doGet(e: unknown): { getContent(): string };
      submitFeedback(p: unknown): { ok: boolean; trackingCode: string };
      lookupFeedback(code: string): { found: boolean };
    };
    const fns = vm.runInContext(`(function () {\n${code}\nreturn { doGet, submitFeedback, lookupFeedback };\n})()`, ctx) as Fns;
    expect(fns.doGet({ parameter: { loc: 'KDC01' } }).getContent()).toContain('Nhà văn hóa khu dân cư số 1');
    ctx.__payload = JSON.stringify(payload());
    const sent = fns.submitFeedback(vm.runInContext('JSON.parse(__payload)', ctx));
    expect(sent.ok).toBe(true);
    expect(fns.lookupFeedback(sent.trackingCode).found).toBe(true);
  });
});
