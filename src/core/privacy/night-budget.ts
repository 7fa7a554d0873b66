/**
 * The service calls one nightly run may make. Whatever it finds (the photos of a flood, a folder of photos no row
 * points to, a purge of hundreds of rows, years of old mail or reports), the run stays within NIGHT_CALLS: the pieces
 * of known size (reading and writing Góp ý, its upkeep, Rác, the opening of each piece) are kept NIGHT_FIXED_CALLS,
 * and the loops whose size depends on the backlog (photos of purged rows to the trash, the photo sweep, old sent
 * mail, old reports) draw on one shared budget for the rest, each unit paid before its calls are made, at the most
 * calls it can make (CALL_COST). What a night cannot pay for is done by the next nights.
 */

/** The most service calls a nightly run makes: the bound every trigger run keeps. */
export const NIGHT_CALLS = 400;

/**
 * Kept for the pieces of known size: a quiet night makes about 170 calls there (Góp ý read and written, the upkeep
 * of its validations, highlight and protections, Rác, the openings of the sweep, the mail searches and the reports
 * listing); the rest is room for rows rewritten when staff sort during the purge and Rác's deletions.
 */
export const NIGHT_FIXED_CALLS = 230;

/** The most calls one unit of each loop makes, paid before it starts. */
export const CALL_COST = {
  /** A photo of a purged row: getFileById, getParents, hasNext, next, getId, isTrashed, setTrashed. */
  purgePhoto: 7,
  /** A file the sweep looks at: hasNext, next, getId, and getName when no row links it. */
  sweepScan: 4,
  /** A code the sweep links: the title search and its last hasNext. */
  sweepCode: 2,
  /** A file that search finds: hasNext, next, getId, getName, getDateCreated, and getUrl when it is linked. */
  sweepFound: 6,
  /** Links written into a row: the script lock, a read, the write and the read after it, a few rounds. */
  sweepLink: 24,
  /** A file the scan saw, whose row is gone or past retention or linked already: getDateCreated. */
  sweepDate: 1,
  /** A file in hand the sweep trashes: isTrashed, setTrashed. */
  sweepTrash: 2,
  /** One Gmail search page and its move to the trash. */
  mailPage: 2,
  /** A thread of a page: its first subject. */
  mailThread: 1,
  /** A file of the reports folder: hasNext, next, getDateCreated, setTrashed. */
  reportFile: 4,
  /** A sheet of the box's spreadsheet looked at for rows of Góp ý staff put there: its getName. */
  sheetName: 1,
  /** A sheet staff made there read: getDataRange, getValues. */
  otherSheet: 2,
  /**
   * The writing into one such sheet, whatever its rows: the script lock taken and given back, the sheet's id, the
   * reads of the row changes (up to 8 rounds), the photo queue read and written, the line in Nhật ký.
   */
  otherSheetWrite: 14,
  /** A row purged there: its share of the writes. */
  otherSheetRow: 2,
} as const;

/** Calls left to the backlog loops of one night; each unit is paid before its calls. */
export class CallBudget {
  private spent = 0;

  constructor(readonly total: number = NIGHT_CALLS - NIGHT_FIXED_CALLS) {}

  get left(): number {
    return this.total - this.spent;
  }

  get used(): number {
    return this.spent;
  }

  /** Pays `cost` when that leaves at least `keep` for later pieces; false (nothing paid) otherwise. */
  take(cost: number, keep = 0): boolean {
    if (cost < 0 || this.left - cost < keep) return false;
    this.spent += cost;
    return true;
  }

  /** Gives back what was paid for calls not made (a search page that came back short). */
  refund(calls: number): void {
    this.spent = Math.max(0, this.spent - Math.max(0, calls));
  }

  /** How many units of `cost` fit, leaving `keep`. */
  fits(cost: number, keep = 0): number {
    return Math.max(0, Math.floor((this.left - keep) / cost));
  }
}

/**
 * What each backlog loop leaves for the loops after it, in the night's order: the photos of purged rows first
 * (personal data past its date), then rows of Góp ý in staff's own sheets, then the photo sweep, then old sent mail,
 * then old reports.
 */
export const NIGHT_KEEP = {
  /** The purge's photos leave this much for staff's own sheets, the sweep, the mail and the reports. */
  afterPurgePhotos: 80,
  /** Staff's own sheets leave this much for the sweep, the mail and the reports. */
  afterOtherSheets: 60,
  /** The sweep leaves this much for the mail and the reports. */
  afterSweep: 30,
  /** Old mail leaves this much for the reports. */
  afterMail: 10,
} as const;
