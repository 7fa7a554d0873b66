/**
 * The privacy view (`?view=privacy`): its text is in index.html; the page fills in how many months personal data is
 * kept. The committee's name is filled in with the rest of the page (page.ts).
 */
import { fillClass } from './page';
import { boot } from './store';

export function initPrivacyView() {
  fillClass('t-months', String(boot.retentionMonths));
}
