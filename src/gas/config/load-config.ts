/**
 * The box's configuration as every execution sees it: read from the Cấu hình and Địa điểm sheets (cached for all
 * executions, memoised within one), problems written to Nhật ký once, the expected header of each of the box's sheets,
 * and the web app's address for residents.
 */
import {
  CONFIG_SHEET,
  DEFAULT_CONFIG,
  LOCATION_HEADERS,
  LOCATIONS_SHEET,
  LOG_HEADERS,
  LOG_SHEET,
  noActiveLocationProblem,
  parseConfigRows,
  parseLocationRows,
  type BoxConfig,
  type ConfigProblem,
  type LocationRow,
} from '../../core/config/config';
import { LOCATION_CODE_PATTERN, checkLocationCodes, checkPosterBase, residentsBase } from '../../core/posters/poster';
import { HEADERS, RESPONSES_SHEET } from '../../core/records/feedback-record';
import { headerProblemCell, headerProblemMessage, headerProblems } from '../../core/staff/header-check';

import { SNAPSHOT_MAX_AGE_MS, SNAPSHOT_PROPERTY, SNAPSHOT_REFRESH_MS, readSnapshot, snapshotProperties } from '../../core/config/snapshot';
import { consoleLogger, scriptCache, settingsProperties } from '../services';
import { PROP_SPREADSHEET_ID, openBoxSpreadsheet, openSpreadsheet, readHeaderRow } from './box-spreadsheet';
import { writeLog } from '../log';

export const PROP_LAST_GOOD_CONFIG = 'LAST_GOOD_CONFIG';
export const PROP_PHOTOS_FOLDER_ID = 'PHOTOS_FOLDER_ID';
export const CONFIG_CACHE_KEY = 'config:v1';

/**
 * A location as executions use it from the cached configuration: the form, typed rows and the notices need only
 * these. The poster job reads the rest of Địa điểm (links, notes) from the sheet itself.
 */
export type CachedLocation = Pick<LocationRow, 'code' | 'name' | 'active'>;

/**
 * What every execution needs to know about the box, in one cache entry, and nothing more: each execution that
 * misses the cache pays for the entry's size. Problems are not here: they go to Nhật ký when found, and setup
 * gets them from reloadConfig.
 */
export interface LoadedConfig {
  config: BoxConfig;
  locations: CachedLocation[];
  spreadsheetId: string;
  spreadsheetUrl: string;
  responsesGid: number;
  /** The private Drive folder for residents' photos (made by setup). */
  photosFolderId: string;
  /**
   * The Địa điểm sheet's last row when it was read (0 without the sheet). A row deleted there fires no edit trigger;
   * the pending trigger compares this with the sheet's last row now (one cheap call) and reads again when it differs.
   */
  locationRows: number;
}

let memo: LoadedConfig | null = null;

/**
 * Forgets the configuration everywhere, e.g. when the box changes hands: the next execution reads the sheets. (Staff
 * edits of Cấu hình and Địa điểm rebuild it at once: reloadConfig.)
 */
export function invalidateConfig(): void {
  memo = null;
  scriptCache().remove(CONFIG_CACHE_KEY);
  dropSnapshot();
}

/** Deletes the snapshot (its other parts are never read without the first), and this execution's copy of it. */
function dropSnapshot(): void {
  try {
    PropertiesService.getScriptProperties().deleteProperty(SNAPSHOT_PROPERTY);
    delete settingsProperties()[SNAPSHOT_PROPERTY];
  } catch (e) {
    consoleLogger.error('config.snapshot-delete-failed', e);
  }
}

/**
 * The configuration for this execution: from the script cache, else from the snapshot in script properties (read
 * with the one property read a cold execution makes anyway), else from the sheets. `persist: false` reads the sheets
 * without writing the cache, the snapshot or the last good configuration, for callers that must have no side effect
 * yet; with `spreadsheetId` it reads that spreadsheet (one setup is about to adopt) instead of the box's.
 */
export function loadConfig(opts: { persist?: boolean; spreadsheetId?: string } = {}): LoadedConfig {
  if (opts.spreadsheetId) return readConfigFromSheets(false, opts.spreadsheetId).loaded;
  const persist = opts.persist !== false;
  if (memo) return memo;
  const cache = scriptCache();
  const hit = cache.get(CONFIG_CACHE_KEY);
  if (hit) {
    try {
      memo = withDefaults(JSON.parse(hit) as LoadedConfig);
      return memo;
    } catch {
      // fall through and rebuild
    }
  }
  if (persist) {
    const snap = readSnapshot<LoadedConfig>(settingsProperties());
    const age = snap ? Date.now() - snap.at : Infinity;
    if (snap && age >= 0 && age < SNAPSHOT_MAX_AGE_MS && snap.data.spreadsheetId) {
      memo = withDefaults(snap.data);
      cacheConfig(memo);
      return memo;
    }
  }
  const fresh = readConfigFromSheets(persist);
  if (!persist) return fresh.loaded;
  return remember(fresh.loaded);
}

/** Stored by an earlier release, a setting added since is missing: its default holds until the next read. */
function withDefaults(stored: LoadedConfig): LoadedConfig {
  return { ...stored, config: { ...DEFAULT_CONFIG, ...stored.config } };
}

/** The configuration read again from the sheets now (cached and snapshotted), with the problems found in it. */
export function reloadConfig(): { loaded: LoadedConfig; problems: ConfigProblem[] } {
  memo = null;
  const fresh = readConfigFromSheets(true);
  remember(fresh.loaded);
  return fresh;
}

/**
 * Rebuilds the configuration from the sheets when its snapshot is missing or older than SNAPSHOT_REFRESH_MS, when
 * the script cache holds another configuration than the snapshot, or when the Địa điểm sheet's last row moved: the
 * pending trigger calls it, so edits that fire no edit trigger (made through the API, by another script) reach the
 * form within hours, a place whose row was deleted (no edit trigger either) leaves it within one run, an entry
 * written back over a newer one is put right within one run, and no resident waits for the sheets to be read. True
 * when it rebuilt.
 */
export function refreshConfigIfOld(now = Date.now()): boolean {
  const snap = readSnapshot<LoadedConfig>(settingsProperties());
  const young = snap && now - snap.at >= 0 && now - snap.at < SNAPSHOT_REFRESH_MS;
  if (young && !cacheDisagrees(snap.data) && !locationRowsMoved(snap.data)) return false;
  reloadConfig();
  return true;
}

/** True when the Địa điểm sheet's last row is not the one `loaded` was read with (a row deleted or added). */
function locationRowsMoved(loaded: LoadedConfig): boolean {
  const sheet = openSpreadsheet(loaded.spreadsheetId).getSheetByName(LOCATIONS_SHEET);
  return (sheet ? sheet.getLastRow() : 0) !== loaded.locationRows;
}

/**
 * True when the cache holds a configuration other than `snapshot`. An execution that found the cache cold writes
 * what it read back at its end: if staff edited Cấu hình or Địa điểm meanwhile, that older entry lands over the one
 * the edit trigger wrote, and the cache would serve it for hours (a place deactivated still taking opinions). The
 * read is the one loadConfig makes next anyway.
 */
function cacheDisagrees(snapshot: LoadedConfig): boolean {
  const hit = scriptCache().get(CONFIG_CACHE_KEY);
  if (!hit) return false;
  try {
    return JSON.stringify(withDefaults(JSON.parse(hit) as LoadedConfig)) !== JSON.stringify(withDefaults(snapshot));
  } catch {
    return true;
  }
}

function cacheConfig(loaded: LoadedConfig): void {
  try {
    scriptCache().putLater(CONFIG_CACHE_KEY, JSON.stringify(loaded), 21600);
  } catch (e) {
    consoleLogger.error('config.cache-failed', e);
  }
}

/** Keeps what was read from the sheets: this execution, the cache and the snapshot (written only when it changed). */
function remember(loaded: LoadedConfig): LoadedConfig {
  memo = loaded;
  cacheConfig(loaded);
  try {
    const stored = readSnapshot<LoadedConfig>(settingsProperties());
    const age = stored ? Date.now() - stored.at : Infinity;
    if (!stored || JSON.stringify(stored.data) !== JSON.stringify(loaded) || !(age >= 0 && age < SNAPSHOT_REFRESH_MS)) {
      const set = snapshotProperties(loaded, Date.now());
      PropertiesService.getScriptProperties().setProperties(set, false);
      // This execution's copy of the properties follows, so a second reload in it compares with what is stored now.
      Object.assign(settingsProperties(), set);
    }
  } catch (e) {
    consoleLogger.error('config.snapshot-failed', e);
    // The older snapshot must not stand in for what could not be written (a place added or deactivated since):
    // without one, an execution that misses the cache reads the sheets.
    dropSnapshot();
  }
  return loaded;
}

function readConfigFromSheets(persist: boolean, spreadsheetId?: string): { loaded: LoadedConfig; problems: ConfigProblem[] } {
  const props = PropertiesService.getScriptProperties();
  // Every property this read needs, in one call (a cold cache must cost the resident as few round trips as it can).
  const known = settingsProperties(true);
  const id = spreadsheetId || known[PROP_SPREADSHEET_ID] || '';
  const ss = openBoxSpreadsheet(id || undefined);
  // The id the box recorded is the spreadsheet's own: asked only when it came from elsewhere.
  const ssId = id || ss.getId();
  let lastGood: BoxConfig = DEFAULT_CONFIG;
  const stored = known[PROP_LAST_GOOD_CONFIG];
  if (stored) {
    try {
      // Keys an older box stored and nothing reads any more (the admin list) are dropped.
      const saved = JSON.parse(stored) as Record<string, unknown>;
      lastGood = { ...DEFAULT_CONFIG };
      for (const key of Object.keys(DEFAULT_CONFIG) as (keyof BoxConfig)[]) {
        if (key in saved) (lastGood as unknown as Record<string, unknown>)[key] = saved[key];
      }
    } catch {
      lastGood = DEFAULT_CONFIG;
    }
  }
  const problems: ConfigProblem[] = [];
  let config = lastGood;
  const configSheet = ss.getSheetByName(CONFIG_SHEET);
  if (!configSheet) {
    problems.push({ cell: CONFIG_SHEET, message: `Không thấy trang "${CONFIG_SHEET}" — đang dùng cấu hình cũ.` });
  } else {
    const last = configSheet.getLastRow();
    const rows = last >= 2 ? configSheet.getRange(2, 1, last - 1, 2).getValues() : [];
    const parsed = parseConfigRows(rows, lastGood);
    config = parsed.config;
    problems.push(...parsed.problems);
    if (persist && parsed.problems.length === 0 && JSON.stringify(config) !== stored) {
      try {
        props.setProperty(PROP_LAST_GOOD_CONFIG, JSON.stringify(config));
      } catch (e) {
        consoleLogger.error('config.save-last-good-failed', e);
      }
    }
    // Reported with the problems (so once, in Nhật ký), but they never hold back the configuration.
    problems.push(...parsed.retired);
  }
  let locations: CachedLocation[] = [];
  let locationRows = 0;
  const locSheet = ss.getSheetByName(LOCATIONS_SHEET);
  if (!locSheet) {
    problems.push({ cell: LOCATIONS_SHEET, message: `Không thấy trang "${LOCATIONS_SHEET}".` });
  } else {
    const last = locSheet.getLastRow();
    locationRows = last;
    const all = last >= 2 ? parseLocationRows(locSheet.getRange(2, 1, last - 1, 9).getValues(), 2, true) : [];
    // A code no QR can carry is left out of the form and reported, never changed.
    for (const p of checkLocationCodes(all)) {
      problems.push({ cell: `${LOCATIONS_SHEET}!A${all[p.index].row}`, message: `"${p.code}": ${p.problem}` });
    }
    locations = all.filter((l) => LOCATION_CODE_PATTERN.test(l.code)).map((l) => ({ code: l.code, name: l.name, active: l.active }));
    const none = noActiveLocationProblem(locations);
    if (none) problems.push(none);
  }
  const responses = ss.getSheetByName(RESPONSES_SHEET);
  if (!responses) {
    problems.push({ cell: RESPONSES_SHEET, message: `Không thấy trang "${RESPONSES_SHEET}": hãy chạy "Cài đặt / sửa chữa hòm thư".` });
  } else {
    // Rows are written by column position: an edited header means staff and the box no longer agree.
    for (const p of headerProblems(readHeaderRow(responses, HEADERS.length), HEADERS)) {
      problems.push({ cell: headerProblemCell(RESPONSES_SHEET, p), message: headerProblemMessage(p) });
    }
  }
  if (problems.length) consoleLogger.warn('config.problems', { problems });
  if (persist) reportProblemsOnce(props, known[PROP_PROBLEMS_SEEN] ?? '', problems, ssId);
  return {
    loaded: {
      config,
      locations,
      spreadsheetId: ssId,
      spreadsheetUrl: ss.getUrl(),
      responsesGid: responses ? responses.getSheetId() : 0,
      photosFolderId: known[PROP_PHOTOS_FOLDER_ID] ?? '',
      locationRows,
    },
    problems,
  };
}

/** The header row of the Cấu hình sheet. */
export const CONFIG_HEADERS: readonly string[] = ['Mục', 'Giá trị', 'Hướng dẫn'];

/** The header row each of the box's sheets must have, by sheet name. */
export const BOX_SHEET_HEADERS: Readonly<Record<string, readonly string[]>> = {
  [RESPONSES_SHEET]: HEADERS,
  [CONFIG_SHEET]: CONFIG_HEADERS,
  [LOCATIONS_SHEET]: LOCATION_HEADERS,
  [LOG_SHEET]: LOG_HEADERS,
};

export const PROP_PROBLEMS_SEEN = 'CONFIG_PROBLEMS_SEEN';

/** FNV-1a over UTF-16 code units: enough to notice that a text changed. */
function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Writes configuration problems to Nhật ký when they change, so staff see them once, not on every reload. */
function reportProblemsOnce(
  props: GoogleAppsScript.Properties.Properties,
  seen: string,
  problems: ConfigProblem[],
  spreadsheetId: string,
): void {
  const signature = problems.map((p) => `${p.cell}: ${p.message}`).join('\n');
  // A short fingerprint: the text itself could pass the 9 KB a property may hold.
  const fingerprint = signature ? `${signature.length}:${hashText(signature)}` : '';
  if (fingerprint === seen) return;
  try {
    if (signature) {
      writeLog('Cấu hình', `Cần sửa:\n${signature}`, spreadsheetId);
      props.setProperty(PROP_PROBLEMS_SEEN, fingerprint);
    } else {
      writeLog('Cấu hình', 'Cấu hình đã hợp lệ trở lại.', spreadsheetId);
      props.deleteProperty(PROP_PROBLEMS_SEEN);
    }
  } catch (e) {
    consoleLogger.error('config.report-failed', e);
  }
}

/**
 * The address a page doGet serves links to itself with (the form's lookup link, the results links): the configured
 * residents' address, else the address of the deployment serving this very request (ScriptApp's getUrl, right for
 * the page it is serving); '' when unknown or a /dev (test deployment) URL. Only for the served page: links that
 * leave the box (emails, printed notices, the stored results page, the admin page) use residentsLink.
 */
export function servedPageUrl(loaded: LoadedConfig): string {
  let serviceUrl: string | null;
  try {
    serviceUrl = loaded.config.posterUrl ? null : ScriptApp.getService().getUrl();
  } catch {
    serviceUrl = null;
  }
  const checked = checkPosterBase(loaded.config.posterUrl, serviceUrl);
  return checked.ok ? checked.base : '';
}

/**
 * The residents' page for links that leave the box: only "Đường dẫn cho poster" as configured. An admin-page run or
 * a trigger's run has no page of its own, and getUrl there may be the admin deployment's or /dev. No service call.
 */
export function residentsLink(loaded: LoadedConfig): { ok: true; url: string } | { ok: false; message: string } {
  const base = residentsBase(loaded.config.posterUrl);
  return base.ok ? { ok: true, url: base.base } : base;
}

/** residentsLink's address, '' when there is none (the link is left out). */
export function residentsUrl(loaded: LoadedConfig): string {
  const link = residentsLink(loaded);
  return link.ok ? link.url : '';
}

/** The "Đường dẫn cho poster" text last said in Nhật ký to be missing or unusable. */
export const PROP_RESIDENTS_LINK_NOTED = 'RESIDENTS_LINK_NOTED';

/**
 * Says once in Nhật ký that what a run sent or built (`what`: "Thư trả lời vừa gửi") has no link to the
 * residents' page, and why; again only after setup saw the link usable, or when the configured text changes. Never
 * throws: a note that cannot be written is logged.
 */
export function noteResidentsLinkLeftOut(loaded: LoadedConfig, kind: string, what: string): void {
  const link = residentsLink(loaded);
  if (link.ok) return;
  try {
    const noted = `v1:${loaded.config.posterUrl}`;
    if (settingsProperties()[PROP_RESIDENTS_LINK_NOTED] === noted) return;
    writeLog(
      kind,
      `${what} không kèm đường dẫn tới trang góp ý cho người dân. Cho đến khi có đường dẫn, thư trả lời, trang kết quả công khai và bản kết quả theo địa điểm đều không có liên kết này. ${link.message}`,
      loaded.spreadsheetId,
    );
    PropertiesService.getScriptProperties().setProperty(PROP_RESIDENTS_LINK_NOTED, noted);
    settingsProperties()[PROP_RESIDENTS_LINK_NOTED] = noted;
  } catch (e) {
    consoleLogger.error('residents-link.note-failed', e);
  }
}
