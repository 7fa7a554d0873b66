/**
 * The public results page: what staff ticked "Công khai" in Góp ý, per location, for anyone. `resultsPage` serves it
 * from the script cache, or from the one script property it needs when the cache expired; `refreshPublicResults`
 * (results-refresh.ts) rebuilds that stored summary, so editing the Sheet never costs a resident's view anything.
 */
import { LOCATION_CODE_PATTERN } from '../core/posters/poster';
import { parseStored, type StoredIndex, type StoredLocation } from '../core/reports/public-results';
import { resultsIndexHtml, resultsLocationHtml, resultsUnavailableHtml } from '../core/reports/results-page';
import { RESULTS_CACHE_SECONDS, RESULTS_INDEX, resultsCacheKey, resultsKey, resultsPropertyKey } from '../gas/results-store';
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

/** The page for `?view=results` (loc '' = the index). Never throws: a failure shows "being updated" and is logged. */
function renderResults(loc: string): Rendered {
  const typed = loc.trim();
  // Text that cannot be a location code is never looked up: it gets the index with a notice.
  const key = typed && LOCATION_CODE_PATTERN.test(typed) ? resultsKey(typed) : RESULTS_INDEX;
  const cache = visitorCache();
  if (!typed || key !== RESULTS_INDEX) {
    const hit = cache.get(resultsCacheKey(key));
    const cached = hit ? unpackPage(hit) : null;
    if (cached) return cached;
  }
  const props = PropertiesService.getScriptProperties();
  let page: Rendered | null = null;
  if (key !== RESULTS_INDEX) {
    const stored = parseStored<StoredLocation>(props.getProperty(resultsPropertyKey(key)), 'location');
    if (stored) page = resultsLocationHtml(stored);
  }
  if (!page) {
    const index = parseStored<StoredIndex>(props.getProperty(resultsPropertyKey(RESULTS_INDEX)), 'index');
    if (!index) return resultsUnavailableHtml();
    // A code nobody has (mistyped, or a removed location) is answered with the index, and not cached: made-up
    // codes must not fill the cache.
    if (typed) return resultsIndexHtml(index, `Không tìm thấy địa điểm "${typed.slice(0, 40)}". Hãy chọn trong danh sách dưới đây.`);
    page = resultsIndexHtml(index);
  }
  cache.put(resultsCacheKey(key), packPage(page), RESULTS_CACHE_SECONDS);
  return page;
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
