/**
 * Which addresses may stand for the residents' web app in posters, emails and the done page's link: https, as every
 * Apps Script deployment is, or plain http on this computer's own loopback address, which only the local preview
 * (npm start) serves: nobody else can open such a link, and Apps Script never gives one.
 */
const LOOPBACK_HTTP = /^http:\/\/(?:localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?:[/?#]|$)/i;

export function isWebAppAddress(url: string): boolean {
  const u = String(url ?? '').trim();
  return /^https:\/\/[^\s/?#]+/i.test(u) || LOOPBACK_HTTP.test(u);
}
