/**
 * The resident's page: send an opinion, look one up, read how personal data is handled.
 * Everything the server or the resident supplies goes into the page through textContent only.
 *
 * One module per view (form/, done.ts, track.ts, privacy.ts) around the page frame (page.ts); the only state they
 * share is store.ts. This entry fills the page from boot, wires every view, then shows the first one.
 */
import { initDoneView } from './done';
import { initFormView, startForm } from './form/form';
import { fillNames, initBigText, initNav, initResultsLinks, show, type View } from './page';
import { initPrivacyView } from './privacy';
import { boot } from './store';
import { initTrackView, lookup, setTrackCode } from './track';

fillNames();
initResultsLinks();
initPrivacyView();
initFormView();
initBigText();
initNav();
initDoneView();
initTrackView();

const startView: View = boot.view === 'track' || boot.view === 'privacy' ? boot.view : 'form';
startForm(startView === 'form');
show(startView, false);
if (boot.track) {
  setTrackCode(boot.track);
  if (startView === 'track') void lookup();
}
