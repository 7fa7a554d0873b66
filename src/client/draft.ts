/**
 * What the page keeps on the resident's phone: the draft being typed (with the requestId that makes a retry
 * idempotent, and the challenge work done for it, so a retry sends the same nonce) and the large-text choice.
 * localStorage may be missing or throw (storage.ts): then nothing is kept and the page still works.
 */
import { readItem, writeItem } from './storage';
import { REQUEST_ID_PATTERN } from '../shared/types';

const DRAFT_KEY = 'homthu.draft.v1';
const BIG_TEXT_KEY = 'homthu.bigText';

/** What the resident has typed or chosen, as it stands in the form. */
export interface FormValues {
  location: string;
  category: string;
  kind: string;
  content: string;
  name: string;
  phone: string;
  email: string;
  address: string;
  consent: boolean;
}

export interface Draft extends FormValues {
  requestId: string;
  /** Photos are never stored (too big); this only tells the restored page to say so. */
  hadPhotos: boolean;
  /** Time already spent on this draft in earlier visits, so a restored draft is not mistaken for a bot. */
  elapsedMs: number;
  /** The challenge token and nonce solved for `requestId`, when the work is done. */
  work?: { token: string; nonce: string };
  /**
   * The fingerprint of what was sent under `requestId` while its outcome is unknown (state.sentSnapshot): after a
   * reload, an edit still starts a new request instead of being answered with the first send's code.
   */
  sent?: string;
}

const get = readItem;
const set = (key: string, value: string | null): void => void writeItem(key, value);

/** A draft is forgotten after a week; its contact details after a day (phones at the ward office are shared). */
const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const CONTACT_MAX_AGE_MS = 24 * 3600 * 1000;

export function loadDraft(now = Date.now()): Draft | null {
  try {
    const d = JSON.parse(get(DRAFT_KEY) || 'null') as (Partial<Draft> & { savedAt?: number }) | null;
    if (!d || typeof d !== 'object' || typeof d.requestId !== 'string' || !d.requestId) return null;
    // The server takes only UUID-shaped request ids: a draft with any other keeps its text under a new one.
    const uuid = REQUEST_ID_PATTERN.test(d.requestId);
    const age = typeof d.savedAt === 'number' ? now - d.savedAt : 0;
    if (age > DRAFT_MAX_AGE_MS) {
      set(DRAFT_KEY, null);
      return null;
    }
    const str = (x: unknown) => (typeof x === 'string' ? x : '');
    const keepContact = age <= CONTACT_MAX_AGE_MS;
    const contact = (x: unknown) => (keepContact ? str(x) : '');
    return {
      requestId: uuid ? d.requestId : newRequestId(),
      location: str(d.location),
      category: str(d.category),
      kind: str(d.kind),
      content: str(d.content),
      name: contact(d.name),
      phone: contact(d.phone),
      email: contact(d.email),
      address: contact(d.address),
      consent: keepContact && d.consent === true,
      hadPhotos: d.hadPhotos === true,
      elapsedMs: typeof d.elapsedMs === 'number' && d.elapsedMs > 0 ? d.elapsedMs : 0,
      work:
        uuid && d.work && typeof d.work.token === 'string' && typeof d.work.nonce === 'string'
          ? { token: d.work.token, nonce: d.work.nonce }
          : undefined,
      sent: uuid && typeof d.sent === 'string' ? d.sent : undefined,
    };
  } catch {
    return null;
  }
}

/** Keeps the draft on the phone (null forgets it); false when the phone would not keep it. */
export function saveDraft(d: Draft | null): boolean {
  return writeItem(DRAFT_KEY, d ? JSON.stringify({ ...d, savedAt: Date.now() }) : null);
}

export function loadBigText(): boolean {
  return get(BIG_TEXT_KEY) === '1';
}

export function saveBigText(on: boolean): void {
  set(BIG_TEXT_KEY, on ? '1' : null);
}

/** A v4 UUID from crypto.getRandomValues (every browser the page runs in, secure context or not), else Math.random. */
export function newRequestId(): string {
  const c = (window as { crypto?: Crypto }).crypto;
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let h = '';
  for (let i = 0; i < 16; i++) {
    h += (b[i] + 0x100).toString(16).slice(1);
    if (i === 3 || i === 5 || i === 7 || i === 9) h += '-';
  }
  return h;
}
