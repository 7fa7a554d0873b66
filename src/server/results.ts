/**
 * The public results page: what staff ticked "Công khai" in Góp ý, per location, for anyone. `resultsPage` serves it
 * from the script cache, or from the one script property it needs when the cache expired; `refreshPublicResults`
 * (results-refresh.ts) rebuilds that stored summary, so editing the Sheet never costs a resident's view anything.
 */
import { LOCATION_CODE_PATTERN } from '../core/posters/poster';
import { parseStored, type StoredIndex, type StoredLocation } from '../core/reports/public-results';
import { resultsIndexHtml, resultsLocationHtml, resultsUnavailableHtml } from '../core/reports/results-page';
import {
  RESULTS_CACHE_SECONDS,
  RESULTS_CODES_CACHE_KEY,
  RESULTS_INDEX,
  resultsCacheKey,
  resultsKey,
  resultsPropertyKey,
  storedCodes,
} from '../gas/results-store';
import { consoleLogger, visitorCache } from '../gas/services';

type Rendered = { title: string; html: string };

/** The cached form: the title on the first line, then the page. */
function packPage(p: Rendered): string {
  return `${p.title.replace(/\n/g, ' ')}\n${p.html}`;
}

function unpackPage(s: string): Rendered | null {
  const nl = s.indexOf('\n');
  return nl > 0 ? { title: s.slice(0, nl), html: s.slice(nl + 1) } : null;
}

/** The index with the notice a code nobody has gets (never the typed text: the page is the ward's). */
function indexPage(index: StoredIndex, typed: string): Rendered {
  return typed ? resultsIndexHtml(index, NOT_FOUND) : resultsIndexHtml(index);
}

export const NOT_FOUND = 'Không tìm thấy địa điểm này. Hãy chọn trong danh sách dưới đây.';

/**
 * The page for `?view=results` (loc '' = the index). Never throws: a failure shows "being updated" and is logged.
 *
 * Anyone may ask for any code, so a code nobody has must cost no property read (Apps Script counts those a day per
 * account, and the web app runs as the owner): the cache holds, beside the index, the codes that have a page, and a
 * code not among them is answered from the cached index. Made-up codes are never cached, so they cannot push the
 * real pages out of the cache.
 */
function renderResults(loc: string): Rendered {
  const typed = loc.trim();
  // Text that cannot be a location code is never looked up: it gets the index with a notice.
  const wanted = typed && LOCATION_CODE_PATTERN.test(typed) ? resultsKey(typed) : '';
  const cache = visitorCache();
  const indexKey = resultsCacheKey(RESULTS_INDEX);
  const pageKey = wanted ? resultsCacheKey(wanted) : '';
  const hits = cache.getAll(wanted ? [pageKey, indexKey, RESULTS_CODES_CACHE_KEY] : [indexKey]);
  const cachedPage = wanted ? unpackPage(hits[pageKey] ?? '') : null;
  if (cachedPage) return cachedPage;
  let index = parseStored<StoredIndex>(hits[indexKey], 'index');
  const codes = hits[RESULTS_CODES_CACHE_KEY];
  if (index && !wanted) return indexPage(index, typed);
  if (index && codes !== undefined && codes.split(',').indexOf(wanted) < 0) return indexPage(index, typed);

  const props = PropertiesService.getScriptProperties();
  const toCache: Record<string, string> = {};
  let location: string | null = null;
  if (index && codes !== undefined) {
    location = props.getProperty(resultsPropertyKey(wanted));
  } else {
    // One read brings the index, the code's own value and the list of codes (the property keys).
    const stored = wanted
      ? props.getProperties()
      : { [resultsPropertyKey(RESULTS_INDEX)]: props.getProperty(resultsPropertyKey(RESULTS_INDEX)) };
    const indexJson = stored[resultsPropertyKey(RESULTS_INDEX)];
    index = parseStored<StoredIndex>(indexJson, 'index');
    if (index && indexJson) toCache[indexKey] = indexJson;
    if (wanted) {
      location = stored[resultsPropertyKey(wanted)] ?? null;
      toCache[RESULTS_CODES_CACHE_KEY] = storedCodes(Object.keys(stored)).join(',');
    }
  }
  const page = parseStored<StoredLocation>(location, 'location');
  let rendered: Rendered;
  if (page) {
    rendered = resultsLocationHtml(page);
    toCache[pageKey] = packPage(rendered);
  } else if (index) rendered = indexPage(index, typed);
  else return resultsUnavailableHtml();
  if (Object.keys(toCache).length) cache.putAll(toCache, RESULTS_CACHE_SECONDS);
  return rendered;
}

/** doGet's answer for `?view=results`: at most five service calls, also when the cache has expired. */
export function resultsPage(loc: string): GoogleAppsScript.HTML.HtmlOutput {
  let page: Rendered;
  try {
    page = renderResults(loc);
  } catch (err) {
    consoleLogger.error('results.view-failed', err);
    page = resultsUnavailableHtml();
  }
  return HtmlService.createHtmlOutput(page.html).setTitle(page.title).addMetaTag('viewport', 'width=device-width, initial-scale=1');
}
