/**
 * The owner's admin page (`?view=admin`, served by the admin deployment whose manifest lets only the owner in). doGet
 * asks actsAsThemselves() before building anything: anyone else gets a plain refusal and no data.
 */
import { jsonForScript } from '../../core/common/html';
import { sameEmail } from '../../core/admin/guard';
import { defaultPeriod } from '../../core/reports/report';
import type { AdminBootData, AdminLink } from '../../shared/types';
import { PROP_ROOT_FOLDER_ID } from '../../gas/folders';
import { PROP_SPREADSHEET_ID } from '../../gas/config/box-spreadsheet';
import { loadConfig, residentsLink } from '../../gas/config/load-config';
import { consoleLogger } from '../../gas/services';
import { recordedOwner } from './guard';

/**
 * Whether the caller runs the project as themselves: signed in, and the one the script acts as. True for the owner on
 * the admin deployment (access MYSELF, executing as the deployer), for a successor on a deployment of their own
 * (they may only take the box over), and before the first setup for the deployer. A resident or staff member on the
 * public deployment is never the account it executes as.
 */
export function actsAsThemselves(): boolean {
  const active = Session.getActiveUser().getEmail();
  return Boolean(active) && sameEmail(active, Session.getEffectiveUser().getEmail());
}

export function adminRefusal(): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutput(
    '<!doctype html><meta charset="utf-8"><p style="font:18px sans-serif;padding:16px">Trang này chỉ dành cho chủ sở hữu hòm thư.</p>',
  )
    .setTitle('Hòm thư số góp ý')
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

function monthText(d: Date): string {
  // The period starts on the 1st of a month, Vietnam time: its month and year as the owner would type them.
  const vn = new Date(d.getTime() + 7 * 3600 * 1000);
  return `${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
}

function bootData(): AdminBootData {
  const props = PropertiesService.getScriptProperties();
  const owner = recordedOwner() ?? '';
  const isOwner = !owner || sameEmail(owner, Session.getActiveUser().getEmail());
  const boot: AdminBootData = {
    wardName: '',
    owner,
    isOwner,
    setUp: false,
    links: [],
    defaultPeriod: monthText(defaultPeriod(new Date()).from),
    reminders: [],
  };
  // Nothing of the box for someone who is not its owner (a successor before taking over).
  if (!isOwner) return boot;
  if (!props.getProperty(PROP_SPREADSHEET_ID)) return boot;
  try {
    const loaded = loadConfig();
    const links: AdminLink[] = [{ label: 'Bảng tính của hòm thư', url: loaded.spreadsheetUrl }];
    const folderId = props.getProperty(PROP_ROOT_FOLDER_ID);
    if (folderId) links.push({ label: 'Thư mục trên Drive', url: DriveApp.getFolderById(folderId).getUrl() });
    // The configured address only: this page's own deployment is the admin page's.
    const residents = residentsLink(loaded);
    if (residents.ok) links.push({ label: 'Trang góp ý cho người dân', url: residents.url });
    const reminders = residents.ok ? [] : [residents.message];
    return { ...boot, wardName: loaded.config.wardName, setUp: true, links, reminders };
  } catch (err) {
    consoleLogger.error('admin-page.boot', err);
    return boot;
  }
}

/** The admin page with its boot data; only called once actsAsThemselves() said yes. */
export function adminPage(): GoogleAppsScript.HTML.HtmlOutput {
  const boot = bootData();
  const page = HtmlService.createHtmlOutputFromFile('admin').getContent();
  const html = page.replace('%%BOOT_JSON%%', () => jsonForScript(boot));
  return HtmlService.createHtmlOutput(html)
    .setTitle(`Quản trị – Hòm thư số góp ý${boot.wardName ? ` – ${boot.wardName}` : ''}`)
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}
