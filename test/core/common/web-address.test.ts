import { isWebAppAddress } from '../../../src/core/common/web-address';
import { posterUrl } from '../../../src/core/posters/poster';

test('a web app address is https, or plain http on this computer (the local preview) only', () => {
  for (const ok of [
    'https://script.google.com/macros/s/AKfyc/exec',
    'http://localhost:8080/exec',
    'http://localhost/exec',
    'http://box.localhost:8080/exec',
    'http://127.0.0.1:8081/exec',
    'http://[::1]:8080/exec',
  ])
    expect([ok, isWebAppAddress(ok)]).toEqual([ok, true]);
  for (const bad of [
    '',
    'http://example.org/exec',
    'http://192.168.1.10:8080/exec',
    'http://localhost.evil.example/exec',
    'http://127.0.0.1.evil.example/exec',
    'ftp://localhost/exec',
    'javascript:alert(1)',
    '//localhost/exec',
  ])
    expect([bad, isWebAppAddress(bad)]).toEqual([bad, false]);
});

test("the preview's own address makes poster links; other plain http addresses are refused", () => {
  expect(posterUrl('http://localhost:8080/exec', 'KDC01')).toEqual({ ok: true, url: 'http://localhost:8080/exec?loc=KDC01' });
  expect(posterUrl('http://example.org/exec', 'KDC01').ok).toBe(false);
});
