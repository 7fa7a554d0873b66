/**
 * The page's one shared state: what the server put into the page (boot) and what the views share while the
 * resident works (the current request, the photos, the sending state, the last tracking code). Every other module
 * holds only constants and element references.
 */
import type { BootData, ChallengeOffer, LocationOption } from '../shared/types';
import { byId } from './dom';
import { newRequestId } from './draft';
import type { ReadyPhoto } from './photos';
import type { FormRules } from './validate';

function readBoot(): BootData {
  const base: BootData = {
    view: 'form',
    wardName: '',
    committeeName: '',
    location: null,
    unknownLocation: false,
    locations: [],
    categories: [],
    track: '',
    retentionMonths: 24,
    appUrl: '',
    challenge: null,
  };
  try {
    return { ...base, ...JSON.parse(byId('boot').textContent || '') };
  } catch {
    return base;
  }
}

export const boot = readBoot();

/**
 * The box has no active place (every place unticked in Địa điểm): the opinion is sent without one and no chooser is
 * shown, whatever `?loc=` the poster carried.
 */
export const noPlaces = !boot.location && boot.locations.length === 0;

const chooseAtStart = !noPlaces && (boot.unknownLocation || !boot.location);
const startLocations: LocationOption[] = chooseAtStart ? boot.locations : boot.location ? [boot.location] : [];

export const state = {
  /**
   * True when the resident must pick the place: no or unknown `?loc=` while the box has places, or the server
   * refused the poster's place (e.g. it was closed after the page was opened).
   */
  chooseLocation: chooseAtStart,
  /** The page's own checks before a send: the places and categories the resident may choose. */
  rules: { locations: startLocations, categories: boot.categories } as FormRules,
  photos: [] as ReadyPhoto[],
  photoWork: Promise.resolve() as Promise<void>,
  requestId: newRequestId(),
  /** Time spent on this draft before this visit (restored from the draft). */
  elapsedBase: 0,
  shownAt: Date.now(),
  restoredHadPhotos: false,
  sending: false,
  retryPending: false,
  /**
   * What was sent under the current requestId while its outcome is unknown. The server answers a retry with the first
   * row's code, so an edit made after that send would be lost: editing starts a new request instead (if the first did
   * arrive, the committee sees both, marked as possible duplicates).
   */
  sentSnapshot: null as string | null,
  autoTries: 0,
  retryTimer: 0,
  saveTimer: 0,
  /** The tracking code shown on the done view. */
  lastCode: '',
  /** The challenge the page solves for each new request: from boot, then from the last refusal that carried one. */
  challenge: boot.challenge as ChallengeOffer | null,
  /** The work done for a request: sent with it, and again with any retry of the same requestId (kept in the draft). */
  solution: null as WorkSolution | null,
};

/** A solved challenge: the token as received and the nonce found for it and `requestId`. */
export interface WorkSolution {
  requestId: string;
  token: string;
  nonce: string;
}
