/**
 * The dev-only `google.script.run` the preview server puts into the page it serves. In Apps Script the page runs
 * inside Google's iframe, which provides google.script.*; locally this shim stands in for it, posting each call
 * as JSON to the preview server (`POST /__rpc/<function>`) and calling the handlers asynchronously, as Apps Script
 * does. It is injected by sandbox/preview/app.ts only: it never exists in src/ or build/.
 *
 * Mirrors Apps Script where the page could notice:
 * - `withSuccessHandler`, `withFailureHandler` and `withUserObject` each return a new runner (chainable, reusable);
 * - any function name is callable (the server answers "not found" for names the script lacks, or ending in _);
 * - arguments must be primitives, arrays and objects of those (or a <form>); a Date, function, DOM node, Map…
 *   throws synchronously, like the real client;
 * - the success handler gets (value, userObject), the failure handler an Error and the userObject;
 *   without a failure handler the error is reported on the console.
 */

/**
 * The shim's source, ES2017 like the page's own bundle, posting to `rpcBase` (the public web app's /__rpc/, or the
 * admin deployment's /__admin-rpc/). Must never contain a closing script tag.
 */
export function shimSource(rpcBase: string): string {
  if (!/^\/[\w-]+\/$/.test(rpcBase)) throw new Error(`not an RPC base path: ${rpcBase}`);
  return SHIM_TEMPLATE.replace("'%%RPC_BASE%%'", () => JSON.stringify(rpcBase));
}

const SHIM_TEMPLATE = String.raw`(function () {
  'use strict';
  var RPC = '%%RPC_BASE%%';
  function illegal(path) {
    return new Error('Failed due to illegal value in property: ' + path);
  }
  function formToObject(form) {
    var out = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled) continue;
      if (el.type === 'file') throw new Error('The local preview does not send files from a <form>; send base64 in an object instead.');
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      out[el.name] = el.value;
    }
    return out;
  }
  function check(v, path) {
    if (v === null || v === undefined) return v === undefined ? null : v;
    var t = typeof v;
    if (t === 'string' || t === 'boolean') return v;
    if (t === 'number') return isFinite(v) ? v : null;
    if (t === 'function' || t === 'symbol' || t === 'bigint') throw illegal(path);
    if (typeof HTMLFormElement !== 'undefined' && v instanceof HTMLFormElement) return formToObject(v);
    if (Array.isArray(v)) return v.map(function (x, i) { return check(x, path + '.' + i); });
    // Dates, DOM nodes, Maps, Blobs…: only plain data crosses to the server.
    if (Object.prototype.toString.call(v) !== '[object Object]') throw illegal(path);
    var out = {};
    Object.keys(v).forEach(function (k) {
      if (v[k] !== undefined) out[k] = check(v[k], path + '.' + k);
    });
    return out;
  }
  function later(fn) {
    setTimeout(fn, 0);
  }
  function toError(e) {
    var err = new Error(e && e.message ? String(e.message) : 'Unknown error');
    if (e && e.name) err.name = String(e.name);
    return err;
  }
  function call(name, args, success, failure, userObject) {
    var body = JSON.stringify({ args: args.map(function (a, i) { return check(a, String(i)); }) });
    function fail(e) {
      later(function () {
        if (failure) failure(e, userObject);
        else console.error('google.script.run.' + name + ' failed (no failure handler):', e);
      });
    }
    fetch(RPC + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body,
      credentials: 'same-origin',
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (_e) { data = null; }
        if (!data || typeof data.ok !== 'boolean') {
          fail(new Error('NetworkError: Connection failure due to HTTP ' + res.status));
        } else if (data.ok) {
          later(function () { if (success) success(data.value, userObject); });
        } else {
          fail(toError(data.error));
        }
      });
    }, function () {
      fail(new Error('NetworkError: Connection failure due to HTTP 0'));
    });
  }
  function runner(success, failure, userObject) {
    var own = {
      withSuccessHandler: function (fn) { return runner(fn, failure, userObject); },
      withFailureHandler: function (fn) { return runner(success, fn, userObject); },
      withUserObject: function (obj) { return runner(success, failure, obj); },
    };
    return new Proxy(own, {
      get: function (target, prop) {
        if (typeof prop !== 'string') return undefined;
        if (Object.prototype.hasOwnProperty.call(target, prop)) return target[prop];
        if (prop === 'then' || prop === 'toJSON') return undefined;
        return function () {
          call(prop, Array.prototype.slice.call(arguments), success, failure, userObject);
        };
      },
    });
  }
  function query() {
    var parameter = {};
    var parameters = {};
    new URLSearchParams(location.search).forEach(function (v, k) {
      if (!(k in parameter)) parameter[k] = v;
      (parameters[k] = parameters[k] || []).push(v);
    });
    return { parameter: parameter, parameters: parameters, hash: location.hash.replace(/^#/, '') };
  }
  var g = (window.google = window.google || {});
  var script = (g.script = g.script || {});
  script.run = runner(null, null, undefined);
  script.host = script.host || {
    origin: location.origin,
    close: function () {},
    setHeight: function () {},
    setWidth: function () {},
    editor: { focus: function () {} },
  };
  script.url = script.url || {
    getLocation: function (cb) { later(function () { cb(query()); }); },
  };
  script.history = script.history || {
    push: function (state, params, hash) { history.pushState(state, '', buildUrl(params, hash)); },
    replace: function (state, params, hash) { history.replaceState(state, '', buildUrl(params, hash)); },
    setChangeHandler: function (fn) {
      window.addEventListener('popstate', function (e) {
        var q = query();
        fn({ state: e.state, location: q });
      });
    },
  };
  function buildUrl(params, hash) {
    var sp = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      (Array.isArray(v) ? v : [v]).forEach(function (x) { sp.append(k, String(x)); });
    });
    var s = sp.toString();
    return location.pathname + (s ? '?' + s : '') + (hash ? '#' + hash : '');
  }
})();`;

/** The shim the resident's page gets: calls go to the public web app, as an anonymous visitor. */
export const SHIM_SOURCE = shimSource('/__rpc/');

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

export interface PageDecorations {
  title?: string;
  metaTags?: { name: string; content: string }[];
}

/**
 * What the browser gets for an HtmlOutput: the page's content with the title and meta tags Apps Script puts on its
 * outer page moved into <head>, and the shim placed before the page's first script.
 */
export function preparePage(content: string, deco: PageDecorations, shim = SHIM_SOURCE): string {
  if (/<\/script/i.test(shim)) throw new Error('the shim must not contain a closing script tag');
  let html = content;
  if (!/<head[\s>]/i.test(html)) {
    html = /<html[^>]*>/i.test(html) ? html.replace(/<html[^>]*>/i, (m) => `${m}<head></head>`) : `<head></head>${html}`;
  }
  const headEnd = () => html.search(/<\/head\s*>/i);
  if (deco.title) {
    const titleTag = `<title>${escapeHtmlText(deco.title)}</title>`;
    const head = html.slice(0, headEnd());
    if (/<title[\s>][\s\S]*?<\/title\s*>/i.test(head)) html = html.replace(/<title[\s>][\s\S]*?<\/title\s*>/i, () => titleTag);
    else html = html.slice(0, headEnd()) + titleTag + html.slice(headEnd());
  }
  for (const m of deco.metaTags ?? []) {
    const head = html.slice(0, headEnd());
    const already = new RegExp(`<meta[^>]+name\\s*=\\s*["']?${m.name.replace(/[^\w-]/g, '')}["'\\s>]`, 'i').test(head);
    if (!already)
      html = html.slice(0, headEnd()) + `<meta name="${escapeAttr(m.name)}" content="${escapeAttr(m.content)}">` + html.slice(headEnd());
  }
  const tag = `<script data-preview-shim>${shim}</script>`;
  // Before the first executable script, so the page's own code finds google.script.run; JSON data blocks do not count.
  const scriptRe = /<script\b([^>]*)>/gi;
  let at = -1;
  for (let m = scriptRe.exec(html); m; m = scriptRe.exec(html)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1]);
    if (!type || /^(text|application)\/(javascript|ecmascript)$|^module$/i.test(type[1])) {
      at = m.index;
      break;
    }
  }
  const end = headEnd();
  if (at < 0 || (end >= 0 && end < at)) at = end;
  return html.slice(0, at) + tag + html.slice(at);
}
