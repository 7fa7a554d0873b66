/**
 * A look inside the page's photo decoding, for the photo tests and the bench: which sizes WebCodecs' ImageDecoder was
 * asked for, on the page and in its Workers, or the page without what the shrunk decode needs. Plain JavaScript
 * text, not functions handed to Playwright: a runner that compiles TypeScript may add helpers the page lacks.
 */
import type { Page } from 'playwright-core';

export type DecoderProbe = 'record' | 'no-decoder' | 'no-rotation' | 'smaller' | 'undrawable';

/**
 * Sets `decoderCalls` on scope `g` and, by `m`, records ImageDecoder's sizes ('smaller': and decodes at half the size
 * asked, as an engine may that takes the size as a loose hint; 'undrawable': and canvases refuse to draw its frames)
 * or takes the shrunk decode's means.
 */
const PATCH = `function (g, m) {
  var calls = [];
  g.decoderCalls = calls;
  if (m === 'no-decoder') delete g.ImageDecoder;
  if (m === 'no-rotation' && typeof g.VideoFrame === 'function') delete g.VideoFrame.prototype.rotation;
  if (m === 'undrawable')
    [g.CanvasRenderingContext2D, g.OffscreenCanvasRenderingContext2D].forEach(function (C) {
      if (!C) return;
      var draw = C.prototype.drawImage;
      C.prototype.drawImage = function (source) {
        if (source instanceof g.VideoFrame) throw new TypeError('this canvas cannot draw a VideoFrame');
        return draw.apply(this, arguments);
      };
    });
  var D = g.ImageDecoder;
  if (!D) return;
  g.ImageDecoder = class extends D {
    constructor(init) {
      calls.push([init.desiredWidth || 0, init.desiredHeight || 0]);
      if (m === 'smaller') init = Object.assign({}, init, { desiredWidth: init.desiredWidth >> 1, desiredHeight: init.desiredHeight >> 1 });
      super(init);
    }
  };
}`;

/**
 * A script to run before the page's own (`context.addInitScript({ content })`): records the size every ImageDecoder
 * is asked for, on the page and in its Workers (their scripts start from Blob URLs: the same lines are put before
 * them), or makes it decode smaller than asked or its frames impossible to draw, or takes away what the shrunk
 * decode needs: ImageDecoder itself, or VideoFrame's `rotation` (engines whose frames ignore EXIF).
 */
export function decoderProbeScript(mode: DecoderProbe): string {
  const call = `(${PATCH})(self, ${JSON.stringify(mode)});`;
  return `${call}
(function () {
  var prefix = ${JSON.stringify(call + '\n')};
  var create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = function (o) {
    return create(o instanceof Blob && o.type === 'text/javascript' ? new Blob([prefix, o], { type: o.type }) : o);
  };
})();`;
}

/** The sizes ImageDecoder was asked for, on the page and in every Worker it runs. */
export async function decoderCalls(page: Page): Promise<number[][]> {
  const read = 'self.decoderCalls || []';
  const all = [(await page.evaluate(read)) as number[][]];
  for (const w of page.workers()) all.push((await w.evaluate(read)) as number[][]);
  return all.flat();
}
