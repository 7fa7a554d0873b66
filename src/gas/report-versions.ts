/**
 * Numbered versions of the synthesis report: each build of a period reserves the next number under the script lock
 * (in the script property REPORT_VERSIONS), renders a new Doc and PDF named "… (lần N)" from the second one on, and
 * records their links. Earlier files are never touched, so every link already sent keeps working.
 */
import {
  parseVersionRecord,
  periodKey,
  reserveVersion,
  updateVersion,
  versionedName,
  type ReportVersion,
  type VersionRecord,
} from '../core/reports/monthly';
import type { DocBlock } from '../core/reports/report-layout';
import type { Period } from '../core/reports/report';
import { renderToReports, type RenderedDoc } from './report-doc';

export const PROP_REPORT_VERSIONS = 'REPORT_VERSIONS';
const LOCK_WAIT_MS = 20000;

export const BUSY_MESSAGE = 'Hệ thống đang bận (một báo cáo khác đang được lập). Vui lòng thử lại sau ít phút.';

export function readVersions(): VersionRecord {
  return parseVersionRecord(PropertiesService.getScriptProperties().getProperty(PROP_REPORT_VERSIONS));
}

/** Changes the record under the script lock (short: only the property is read and written). */
function changeVersions<T>(change: (record: VersionRecord) => { record: VersionRecord; value: T }): T {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) throw new Error(BUSY_MESSAGE);
  try {
    const props = PropertiesService.getScriptProperties();
    const { record, value } = change(parseVersionRecord(props.getProperty(PROP_REPORT_VERSIONS)));
    props.setProperty(PROP_REPORT_VERSIONS, JSON.stringify(record));
    return value;
  } finally {
    lock.releaseLock();
  }
}

export interface VersionedDoc extends RenderedDoc {
  /** The file's name, "(lần N)" included from the second version on. */
  name: string;
  version: number;
  key: string;
}

/** Renders a new version of the report of `period` into the reports folder and records it. */
export function renderNewVersion(
  name: string,
  period: Period,
  blocks: DocBlock[],
  auto: boolean,
  extra: Partial<ReportVersion> = {},
): VersionedDoc {
  const key = periodKey(period);
  const version = changeVersions((record) => {
    const r = reserveVersion(record, key, auto, new Date());
    return { record: r.record, value: r.version };
  });
  const fileName = versionedName(name, version.v);
  const doc = renderToReports(fileName, blocks);
  markVersion(key, version.v, { ...extra, name: fileName, docUrl: doc.docUrl, pdfUrl: doc.pdfUrl });
  return { ...doc, name: fileName, version: version.v, key };
}

export function markVersion(key: string, v: number, patch: Partial<ReportVersion>): void {
  changeVersions((record) => ({ record: updateVersion(record, key, v, patch), value: undefined }));
}
