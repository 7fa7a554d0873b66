/**
 * The form's rules on the page. They are the server's own rules: src/core/intake/validate.ts and src/core/intake/text.ts are
 * plain TypeScript with no Apps Script globals, so the page runs the very same checks (and shows the very same
 * Vietnamese messages) before sending. The server still decides; its errors[] are shown the same way.
 */
import { fieldErrors } from '../core/intake/validate';
import { charCount, cleanLine, cleanMultiline } from '../core/intake/text';
import { PHOTO_LIMITS } from '../shared/types';
import type { FeedbackPayload, FieldError, LocationOption } from '../shared/types';

export { cleanLine, cleanMultiline };

export interface FormRules {
  /** Places the payload's location may name: the QR's own place, or the list the resident picks from. */
  locations: LocationOption[];
  categories: string[];
}

/** What the live counter shows: code points of the text as the server will store it. */
export function contentLength(raw: string): number {
  return charCount(cleanMultiline(raw));
}

/** Field errors for a payload about to be sent, in the server's words. Empty when it may be sent. */
export function checkPayload(payload: FeedbackPayload, rules: FormRules): FieldError[] {
  const errors = fieldErrors(payload, rules);
  if (payload.photos && payload.photos.length > PHOTO_LIMITS.maxCount)
    errors.push({ field: 'photos', message: `Chỉ gửi được tối đa ${PHOTO_LIMITS.maxCount} ảnh.` });
  return errors;
}
