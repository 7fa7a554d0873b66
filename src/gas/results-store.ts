/**
 * Where the public results page's summary lives: one script property per location (and one for the index), the
 * lasting copy a trigger rewrites, and the rendered pages in the script cache. A view reads the cache, and only
 * when that expired the one property it needs: at most five service calls either way.
 */
import type { PublicResults } from '../core/reports/public-results';

export const RESULTS_PROP_PREFIX = 'PUBLIC_RESULTS:';
/** '*' is never a location code (LOCATION_CODE_PATTERN). */
export const RESULTS_INDEX = '*';
/** The rendered page's cache key carries the stored format, so a new format never serves an old page. */
const CACHE_PREFIX = 'results:1:';
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

/** Cached page, or null. One call. */
export function cachedPage(cache: GoogleAppsScript.Cache.Cache, code: string): string | null {
  return cache.get(resultsCacheKey(code));
}

/**
 * Saves a rebuilt summary: every value in one setProperties, locations no longer listed deleted, and the cached pages
 * of every location forgotten so the next view renders from the new values.
 */
export function saveResults(results: PublicResults): { written: number; removed: number } {
  const props = PropertiesService.getScriptProperties();
  const values: Record<string, string> = { [resultsPropertyKey(RESULTS_INDEX)]: JSON.stringify(results.index) };
  for (const [key, loc] of results.locations) values[resultsPropertyKey(key)] = JSON.stringify(loc);
  const stale = props.getKeys().filter((k) => k.startsWith(RESULTS_PROP_PREFIX) && !(k in values));
  props.setProperties(values);
  for (const k of stale) props.deleteProperty(k);
  const cacheKeys = [...Object.keys(values), ...stale].map((k) => CACHE_PREFIX + k.slice(RESULTS_PROP_PREFIX.length));
  CacheService.getScriptCache().removeAll(cacheKeys);
  return { written: Object.keys(values).length, removed: stale.length };
}
