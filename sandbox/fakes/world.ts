/**
 * One fake "Google account" that outlives executions: the shared state (world-state.ts) with every fake service on
 * top of it. Each execution of the built script gets its own globals (see globalsFor), like Apps Script does, but all
 * of them read and write this one world.
 */
import { FakeSpreadsheetStore, type FakeSpreadsheet } from './spreadsheet';
import { FakeGmailState } from './gmail';
import { FakeDrive } from './drive';
import { FakeDocs } from './docs';
import { FakeScriptState } from './script';
import { makeGlobals } from './globals';
import { WorldState, type ExecutionInfo, type WorldOptions } from './world-state';

/** The script property in which setup records the box's spreadsheet. */
export const BOX_SPREADSHEET_PROPERTY = 'SPREADSHEET_ID';

export class GoogleWorld extends WorldState {
  readonly sheets: FakeSpreadsheetStore;
  readonly gmail: FakeGmailState;
  readonly drive: FakeDrive;
  readonly docs: FakeDocs;
  readonly script: FakeScriptState;

  constructor(opts: WorldOptions = {}) {
    super(opts);
    this.drive = new FakeDrive(this);
    this.sheets = new FakeSpreadsheetStore(this);
    this.gmail = new FakeGmailState(this, opts.emailQuota ?? 100);
    this.docs = new FakeDocs(this);
    this.script = new FakeScriptState(this, opts.serviceUrl ?? '');
  }

  /** The box's spreadsheet: the one setup recorded in the script properties (tests and the preview look at it). */
  boxSpreadsheet(): FakeSpreadsheet | undefined {
    const id = this.script.properties.get(BOX_SPREADSHEET_PROPERTY);
    return id ? this.sheets.get(id) : undefined;
  }

  /** The Apps Script globals one execution sees. */
  globalsFor(exec: ExecutionInfo): Record<string, unknown> {
    return makeGlobals(this, exec);
  }
}
