/**
 * pngjs and jsQR do per-pixel Math calls, which run ~7× slower inside Jest's sandboxed globals. Load them with Node's
 * own loader (outside the sandbox) when it can; same code, same results.
 */
import vm from 'node:vm';
import type JsQr from 'jsqr';
import type * as PngJs from 'pngjs';

const outsideRequire: NodeRequire = (() => {
  try {
    const mk = vm.runInThisContext(
      "typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('module').createRequire : null",
    ) as ((f: string) => NodeRequire) | null;
    return mk ? mk(__filename) : require;
  } catch {
    return require;
  }
})();

export const jsQR = outsideRequire('jsqr') as typeof JsQr;
export const { PNG } = outsideRequire('pngjs') as typeof PngJs;
