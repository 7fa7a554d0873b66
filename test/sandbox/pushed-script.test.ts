/**
 * The built file is the product: load exactly what clasp pushes into a bare V8 context and check its shape.
 */
import vm from 'node:vm';
import { GoogleWorld } from '../../sandbox/fakes/world';
import { MISSING_GLOBALS, Sandbox, loadPushedProject, makeContext, pushedFileList } from '../../sandbox/vm';
import { newBox } from '../../sandbox/box';

describe('the pushed project', () => {
  test('clasp would push only the built files', () => {
    const files = pushedFileList();
    if (!process.env.BOX_BUILD_DIR) {
      expect(files.sort()).toEqual(['build/Code.js', 'build/appsscript.json', 'build/index.html']);
    }
    const project = loadPushedProject(files);
    expect(project.manifest).toMatchObject({
      timeZone: 'Asia/Ho_Chi_Minh',
      runtimeVersion: 'V8',
      exceptionLogging: 'STACKDRIVER',
      webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' },
    });
    expect(Object.keys(project.html)).toEqual(['index']);
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
    for (const name of ['doGet', 'submitFeedback', 'lookupFeedback', 'setup', 'onOpen', 'sendPendingEmails']) {
      expect(fns).toContain(name);
    }
    // Nothing but functions meant as entry points leaks out of the bundle.
    expect(fns.filter((n) => !/^[a-z][A-Za-z]+$/.test(n))).toEqual([]);
  });
});
