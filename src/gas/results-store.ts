/**
 * Where the public results page's summary lives: one script property per location (and one for the index), the
 * lasting copy a trigger rewrites, and the rendered pages (and the index's value) in the script cache. A view reads
 * the cache, and only when that expired the properties it needs, in one read: at most five service calls either way.
 */
import type { PublicResults } from '../core/reports/public-results';

export const RESULTS_PROP_PREFIX = 'PUBLIC_RESULTS:';
/** '*' is never a location code (LOCATION_CODE_PATTERN). */
export const RESULTS_INDEX = '*';
/**
 * The cache keys carry the format of what they hold (a location's rendered page; the index's stored value; the list
 * of codes that have a page), so a new format never reads an old entry.
 */
const CACHE_PREFIX = 'results:2:';
/** Apps Script's longest cache lifetime: 6 hours. */
export const RESULTS_CACHE_SECONDS = 21600;

export function resultsKey(code: string): string {
  return code === RESULTS_INDEX ? RESULTS_INDEX : code.trim().toUpperCase();
}

/** The property and the cache key of a location code (or RESULTS_INDEX). */
export function resultsPropertyKey(code: string): string {
  return RESULTS_PROP_PREFIX + resultsKey(code);
}

export function resultsCacheKey(code: string): string {
  return CACHE_PREFIX + resultsKey(code);
}

/**
 * The cache key of the codes that have a stored page (comma-separated, RESULTS_INDEX not among them), taken from the
 * property keys by the view that read them: a code not among them is answered with the index, no property read.
 */
export const RESULTS_CODES_CACHE_KEY = `${CACHE_PREFIX}codes`;

/** The location codes among these property keys. */
export function storedCodes(keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    if (k.startsWith(RESULTS_PROP_PREFIX) && k !== resultsPropertyKey(RESULTS_INDEX)) out.push(k.slice(RESULTS_PROP_PREFIX.length));
  }
  return out;
}

/** A stored value with its build time blanked: two builds of the same content compare equal. */
function content(json: string | undefined): string {
  return json ? json.replace(/"t":"[^"]*"/, '"t":""') : '';
}

/**
 * Saves a rebuilt summary, writing only the values whose content changed (an unchanged location keeps its value, its
 * "Cập nhật lúc" and its cached page), deleting those of locations no longer listed, and forgetting the cached pages
 * of what changed so the next view renders from the new values. One read and at most one write of the properties.
 */
export function saveResults(results: PublicResults): { written: number; removed: number } {
  const props = PropertiesService.getScriptProperties();
  const values: Record<string, string> = { [resultsPropertyKey(RESULTS_INDEX)]: JSON.stringify(results.index) };
  for (const [key, loc] of results.locations) values[resultsPropertyKey(key)] = JSON.stringify(loc);
  const stored = props.getProperties();
  const changed: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (content(stored[k]) !== content(v)) changed[k] = v;
  const stale = Object.keys(stored).filter((k) => k.startsWith(RESULTS_PROP_PREFIX) && !(k in values));
  if (Object.keys(changed).length) props.setProperties(changed);
  for (const k of stale) props.deleteProperty(k);
  const cacheKeys = [...Object.keys(changed), ...stale].map((k) => CACHE_PREFIX + k.slice(RESULTS_PROP_PREFIX.length));
  // The list of codes goes with any change: a location added or removed changes the index too.
  if (cacheKeys.length) CacheService.getScriptCache().removeAll([...cacheKeys, RESULTS_CODES_CACHE_KEY]);
  return { written: Object.keys(changed).length, removed: stale.length };
}
