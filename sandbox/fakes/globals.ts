/**
 * Builds the Apps Script globals that one execution sees, every service wrapped so its calls are counted.
 */
import { counted } from './counted';
import { FakeSpreadsheet } from './spreadsheet';
import { FakeConditionalFormatRuleBuilder } from './sheet-conditional';
import { FakeDataValidationBuilder, FakeFilterCriteriaBuilder, fakeUser } from './sheet-rules';
import { FakeGmailApp } from './gmail';
import { FakeDriveApp, FakeFile } from './drive';
import { FakeDocumentApp } from './docs';
import { FakeCharts } from './charts';
import { FakeCache, FakeHtmlOutput, FakeLock, FakeProperties, FakeTrigger, FakeTriggerBuilder, FakeUtilities } from './script';
import type { FakeSpreadsheetStore } from './spreadsheet';
import type { FakeGmailState } from './gmail';
import type { FakeDrive } from './drive';
import type { FakeDocs } from './docs';
import type { FakeScriptState } from './script';
import type { ExecutionInfo, WorldState } from './world-state';

const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** The world as the globals see it: the shared state and every service. */
export type GlobalsWorld = WorldState & {
  readonly sheets: FakeSpreadsheetStore;
  readonly gmail: FakeGmailState;
  readonly drive: FakeDrive;
  readonly docs: FakeDocs;
  readonly script: FakeScriptState;
};

export function makeGlobals(world: GlobalsWorld, exec: ExecutionInfo): Record<string, unknown> {
  const wrap = <T extends object>(o: T, type: string): T => counted(world, exec, o, type);
  const script = world.script;
  /** Whom this execution acts as: the owner unless told otherwise (see ExecutionInfo.effectiveUser). */
  const effective = () => exec.effectiveUser ?? script.ownerEmail;

  const SpreadsheetApp = {
    openById(id: string): FakeSpreadsheet {
      const ss = world.sheets.get(String(id));
      if (!ss) throw new Error(`Unexpected error while getting the method or property openById on object SpreadsheetApp.`);
      return ss;
    },
    /** The box's script is standalone: there is no spreadsheet it is bound to. */
    getActiveSpreadsheet(): FakeSpreadsheet | null {
      return null;
    },
    /** A new spreadsheet, owned by whom the script acts as, with the one empty sheet Sheets starts with. */
    create(name: string): FakeSpreadsheet {
      const ss = world.sheets.create(String(name), undefined, effective());
      ss.insertSheet('Trang tính1');
      world.drive.add(new FakeFile(world.drive, ss.id, String(name), SPREADSHEET_MIME, new Uint8Array(0), world.drive.root.id));
      return ss;
    },
    ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
    newDataValidation: () => new FakeDataValidationBuilder(),
    newConditionalFormatRule: () => new FakeConditionalFormatRuleBuilder(),
    newFilterCriteria: () => new FakeFilterCriteriaBuilder(),
    /** A standalone script has no spreadsheet UI in any context. */
    getUi(): never {
      throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
    },
    flush(): void {},
  };

  const LockService = {
    getScriptLock: () => new FakeLock(script, exec),
    getDocumentLock: () => null,
    getUserLock: () => new FakeLock(script, exec, 'userLockHolder'),
  };
  const CacheService = { getScriptCache: () => new FakeCache(script), getUserCache: () => new FakeCache(script, script.userCache) };
  const PropertiesService = {
    getScriptProperties: () => new FakeProperties(script.properties),
    getUserProperties: () => new FakeProperties(script.userProperties),
  };
  const ScriptApp = {
    WeekDay: {
      MONDAY: 'MONDAY',
      TUESDAY: 'TUESDAY',
      WEDNESDAY: 'WEDNESDAY',
      THURSDAY: 'THURSDAY',
      FRIDAY: 'FRIDAY',
      SATURDAY: 'SATURDAY',
      SUNDAY: 'SUNDAY',
    },
    EventType: { CLOCK: 'CLOCK', ON_EDIT: 'ON_EDIT', ON_OPEN: 'ON_OPEN' },
    TriggerSource: { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' },
    newTrigger: (fn: string) => new FakeTriggerBuilder(script, String(fn), effective()),
    /** The project's triggers that the account this execution runs as created; no other account's (script.triggers-own-account). */
    getProjectTriggers: () => script.triggersOf(effective()).map((t) => new FakeTrigger(t)),
    deleteTrigger(t: FakeTrigger): void {
      const uid = t.getUniqueId();
      const i = script.triggers.findIndex((r) => r.uid === uid);
      if (i < 0) return;
      if (script.triggers[i].owner.toLowerCase() !== effective().toLowerCase()) {
        // Unreachable in Apps Script: no execution of another account is given this trigger to delete.
        throw new Error('fake ScriptApp: a trigger another account created cannot be deleted here');
      }
      script.triggers.splice(i, 1);
    },
    getService: () => ({ serviceType: 'Service', getUrl: () => script.serviceUrl || null }),
    getScriptId: () => 'sandbox-script-id',
  };
  const Session = {
    getActiveUser: () => fakeUser(exec.user),
    getEffectiveUser: () => fakeUser(effective()),
    getScriptTimeZone: () => 'Asia/Ho_Chi_Minh',
  };
  const HtmlService = {
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    SandboxMode: { IFRAME: 'IFRAME' },
    createHtmlOutputFromFile(name: string): FakeHtmlOutput {
      const html = world.htmlFiles[String(name).replace(/\.html$/, '')];
      if (html === undefined) throw new Error(`No HTML file named ${name} was found.`);
      return new FakeHtmlOutput(html);
    },
    createHtmlOutput: (html?: string) => new FakeHtmlOutput(html === undefined ? '' : String(html)),
  };

  const log =
    (level: string) =>
    (...args: unknown[]) => {
      world.logs.push({ level, message: args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '), exec: exec.id });
    };
  const Logger = { log: log('log') };
  const consoleFake = { log: log('log'), info: log('info'), warn: log('warn'), error: log('error') };

  return {
    SpreadsheetApp: wrap(SpreadsheetApp, 'SpreadsheetApp'),
    GmailApp: wrap(new FakeGmailApp(world.gmail), 'GmailApp'),
    // One recipient pool for MailApp and GmailApp (assumptions.ts: mail.remaining-quota).
    MailApp: wrap({ getRemainingDailyQuota: () => world.gmail.remaining() }, 'MailApp'),
    DriveApp: wrap(new FakeDriveApp(world.drive), 'DriveApp'),
    DocumentApp: wrap(new FakeDocumentApp(world.docs), 'DocumentApp'),
    Charts: wrap(new FakeCharts(), 'Charts'),
    LockService: wrap(LockService, 'LockService'),
    CacheService: wrap(CacheService, 'CacheService'),
    PropertiesService: wrap(PropertiesService, 'PropertiesService'),
    ScriptApp: wrap(ScriptApp, 'ScriptApp'),
    Session: wrap(Session, 'Session'),
    HtmlService: wrap(HtmlService, 'HtmlService'),
    Utilities: wrap(new FakeUtilities(world), 'Utilities'),
    Logger,
    console: consoleFake,
  };
}

function safeJson(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
