/**
 * fflate's decompressors, loaded on first use: webpack bundles a `require` inside a function as a module that runs
 * only when called, so no execution pays for these at start-up unless it decompresses something. (The PNG writer
 * still imports fflate's deflate at start-up; webpack.config.js makes both share one copy.)
 */
type Fflate = typeof import('fflate');

let loaded: Fflate | null = null;

function fflate(): Fflate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!loaded) loaded = require('fflate') as Fflate;
  return loaded;
}

/** Raw deflate (RFC 1951). */
export function inflateRaw(data: Uint8Array): Uint8Array {
  return fflate().inflateSync(data);
}

/** A zlib stream (RFC 1950), its Adler-32 checked. */
export function unzlib(data: Uint8Array): Uint8Array {
  return fflate().unzlibSync(data);
}
