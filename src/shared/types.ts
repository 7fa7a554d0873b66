/**
 * Request/response types shared by the page (src/client) and the server (src/server).
 * Both sides import only types from here, plus the small constant lists below.
 */

/** The three kinds of opinion the box accepts (Góp ý / Phản ánh / Kiến nghị). */
export const FEEDBACK_KINDS = ['Góp ý', 'Phản ánh', 'Kiến nghị'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Shown in the kind list, but never accepted: petitions must go through the formal channel. */
export const PETITION_KIND = 'Khiếu nại, tố cáo';

/** Statuses staff may set on a row. The first is given to every new opinion. */
export const FEEDBACK_STATUSES = [
  'Mới',
  'Đang xử lý',
  'Đã chuyển cơ quan có thẩm quyền',
  'Đã trả lời',
  'Không thuộc thẩm quyền',
  'Trùng lặp',
  /** Junk from a flood: the owner's "Dọn ý kiến rác" moves these rows to the Rác sheet. Always the last. */
  'Rác / spam',
] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Field limits, enforced on the page (as hints) and on the server (as rules). */
export const LIMITS = {
  contentMin: 10,
  contentMax: 4000,
  nameMax: 100,
  phoneMax: 20,
  emailMax: 254,
  addressMax: 300,
  /** Submissions faster than this are treated as bots. */
  minFillMs: 3000,
  /** A payload whose JSON is larger than this is refused before any other work. */
  payloadMaxChars: 60000,
} as const;

/**
 * A request id is UUID-shaped: 8-4-4-4-12 hexadecimal digits (either case), as crypto.randomUUID makes them. The
 * server refuses anything else before any other work.
 */
export const REQUEST_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A proof-of-work challenge (the protocol is in src/core/intake/challenge.ts and the README): the page finds a nonce
 * such that SHA-256 of `token + ":" + requestId + ":" + nonce` starts with `bits` zero bits.
 */
export interface ChallengeOffer {
  /** Opaque to the page; sent back exactly as received. */
  token: string;
  bits: number;
}

/** What the form sends to `submitFeedback`. Every field may be missing or of the wrong type when it arrives. */
export interface FeedbackPayload {
  /** A UUID made by the page once per draft; a retry sends the same one. */
  requestId: string;
  /** The challenge token the nonce was found for, exactly as the server issued it. */
  token?: string;
  /** The puzzle's answer for this token and requestId; a retry of the same requestId sends the same one. */
  nonce?: string;
  /** Location code from the poster's QR (`?loc=`), or chosen from the list. */
  location: string;
  category: string;
  kind: string;
  content: string;
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  consent: boolean;
  /** Honeypot: a hidden field that people leave empty. */
  website: string;
  /** Milliseconds since the form was shown. */
  elapsedMs: number;
  /** Up to 3 photos, already re-encoded to JPEG by the page. */
  photos?: PhotoUpload[];
}

/** A photo as the page sends it: base64 of JPEG bytes made in the browser (no EXIF). */
export interface PhotoUpload {
  name: string;
  /** Declared MIME type; the server trusts only the magic bytes. */
  type: string;
  dataBase64: string;
}

/**
 * Photos: at most maxCount, the long side at most maxSide px. The page aims at targetBytes per photo (a typical phone
 * photo lands there in one encode pass); the server accepts up to maxBytes, which leaves room for a detailed photo
 * after the page's second pass and for pages opened before a change of target.
 */
export const PHOTO_LIMITS = { maxCount: 3, targetBytes: 130 * 1024, maxBytes: 300 * 1024, maxSide: 1600 } as const;

/** The fields a field-level message can point at. */
export type FeedbackField =
  'requestId' | 'location' | 'category' | 'kind' | 'content' | 'name' | 'phone' | 'email' | 'address' | 'consent' | 'photos';

export interface FieldError {
  /** Missing for messages about the whole submission. */
  field?: FeedbackField;
  /** Vietnamese, ready to show. */
  message: string;
}

export type SubmitResult =
  | {
      ok: true;
      trackingCode: string;
      /**
       * Things the resident should know although the opinion was recorded, e.g. a photo that was refused
       * (Vietnamese, ready to show). Absent when there is nothing to say.
       */
      warnings?: FieldError[];
      /** The challenge for this page's next opinion (the one sent has used its token). */
      challenge?: ChallengeOffer;
    }
  | {
      ok: false;
      errors: FieldError[];
      /** True when sending the same draft again later may succeed (busy server, rate cap). */
      retryable?: boolean;
      /**
       * A new challenge, valid at once: the page solves it and sends the same requestId again by itself (the token
       * was missing, stale or forged, or the server now wants more work than the payload carries).
       */
      challenge?: ChallengeOffer;
    };

export type LookupResult =
  | { found: false; message?: string }
  | {
      found: true;
      trackingCode: string;
      status: string;
      /** ISO 8601 with the +07:00 offset. */
      receivedAt: string;
      updatedAt: string;
      reply?: string;
    };

export interface LocationOption {
  code: string;
  name: string;
}

/** Data the server puts into the page when serving it, so the page needs no extra round trip. */
export interface BootData {
  view: 'form' | 'track' | 'privacy';
  wardName: string;
  committeeName: string;
  /** The location named by `?loc=`, when it is known and active. */
  location: LocationOption | null;
  /** True when `?loc=` was given but names no active location. */
  unknownLocation: boolean;
  locations: LocationOption[];
  categories: string[];
  /** `?track=` value: the tracking code in canonical form, or the cleaned text as given when it is not a valid code. */
  track: string;
  /** Months personal data is kept before it is blanked. */
  retentionMonths: number;
  /** The web app's own URL when known (for the lookup link); empty in the preview. */
  appUrl: string;
  /** The bot-cost challenge to solve before sending; null when the server could not issue one (the first send gets one). */
  challenge: ChallengeOffer | null;
}

/** The server functions the page may call through google.script.run. */
export interface PublicApi {
  submitFeedback(payload: FeedbackPayload): SubmitResult;
  lookupFeedback(trackingCode: string): LookupResult;
}

// ---- The owner's admin page ----

export interface AdminLink {
  label: string;
  url: string;
}

/**
 * What every owner action returns to the admin page (and writes to the execution log): a title, lines of plain text
 * (shown as text, never as HTML) and links to what it made. `ok` is false when the action could not do its job.
 */
export interface AdminResult {
  title: string;
  ok: boolean;
  lines: string[];
  links?: AdminLink[];
}

/** What the server puts into the admin page. */
export interface AdminBootData {
  wardName: string;
  /** The owner recorded by setup; '' before the first setup. */
  owner: string;
  /** Whether the person who opened the page is the owner (or, before the first setup, the deployer). */
  isOwner: boolean;
  /** False until setup has recorded the box's spreadsheet. */
  setUp: boolean;
  /** The box's spreadsheet and Drive folder, when set up. */
  links: AdminLink[];
  /** The period a report covers when none is typed, e.g. "10/2026" (last month). */
  defaultPeriod: string;
  /** What the owner should do next (e.g. fill in the residents' URL), shown above the buttons. */
  reminders: string[];
}

/** Arguments of the owner actions that need an answer from the owner. */
export interface SetupOptions {
  /** An existing spreadsheet to adopt: its id or URL. Empty: the one recorded, or a new one. */
  spreadsheet?: string;
}

/** A resident's request about their personal data, as the owner enters it on the admin page. */
export interface ResidentRequestOptions {
  /** The tracking code of the resident's opinion. */
  code?: string;
  /** 'erase': erase their personal data; 'correct': set the contact values given below. */
  request?: 'erase' | 'correct';
  /** New values for a correction; empty: unchanged; "-": emptied. */
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface RestoreOptions {
  /** Tracking codes to bring back from the Rác sheet, separated by commas, spaces or lines. */
  codes?: string;
}

export interface PeriodOptions {
  /** "MM/yyyy", or "dd/MM/yyyy - dd/MM/yyyy". Empty: last month. */
  period?: string;
}

/** The owner actions the admin page calls through google.script.run, each refused to anyone but the owner. */
export interface AdminApi {
  setup(opts: SetupOptions): AdminResult;
  generatePosters(): AdminResult;
  regenerateAllPosters(): AdminResult;
  assignCodesToManualRows(): AdminResult;
  buildSynthesisReport(opts: PeriodOptions): AdminResult;
  buildLocationNotices(opts: PeriodOptions): AdminResult;
  sendWeeklyDigest(): AdminResult;
  sendPendingEmails(): AdminResult;
  moveSpamToTrash(): AdminResult;
  restoreFromTrash(opts: RestoreOptions): AdminResult;
  purgeExpiredPersonalData(): AdminResult;
  handleResidentRequest(opts: ResidentRequestOptions): AdminResult;
  refreshPublicResults(): AdminResult;
  takeOverBox(): AdminResult;
  /**
   * The platform self-check: a structured report of its own, shown as text. A run that ends holding the script lock
   * says `lockLeftHeld`; the page then calls it again with { phase: 'lock-at-end' } for the check that needs a second
   * execution.
   */
  verifyPlatform(opts?: { phase: 'lock-at-end' }): unknown;
}
