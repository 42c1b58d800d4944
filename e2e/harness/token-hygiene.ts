// "No token in storage, cookies or URLs", checked against the tokens the page actually held: every
// token a token route gave it and every bearer token it sent, plus anything shaped like a JWT.
import assert from 'node:assert/strict';
import type { RecordedPage } from './browser.js';

/** Three base64url parts, the first two JSON objects (`eyJ` is `{"`). */
const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/;

/** Where a token could have been left, each as text to search, named for the failure message. */
async function placesOf(tab: RecordedPage): Promise<{ where: string; text: string }[]> {
  const storage = await tab.inPage<{ local: [string, string][]; session: [string, string][]; cookie: string }>('storage');
  const cookies = await tab.allCookies();
  return [
    ...tab.requests.map((request) => ({ where: `URL requested (${request.resourceType})`, text: request.url })),
    ...tab.navigations.map((url) => ({ where: 'URL navigated to', text: url })),
    { where: 'the address bar', text: tab.page.url() },
    ...storage.local.map(([key, value]) => ({ where: `localStorage[${key}]`, text: `${key}=${value}` })),
    ...storage.session.map(([key, value]) => ({ where: `sessionStorage[${key}]`, text: `${key}=${value}` })),
    { where: 'document.cookie', text: storage.cookie },
    ...cookies.map((cookie) => ({ where: `cookie ${cookie.name} of ${cookie.domain}`, text: `${cookie.name}=${cookie.value}` })),
  ];
}

/**
 * Fails when a token the page held (or anything shaped like one) is in a URL the page requested or
 * navigated to, in the page origin's localStorage or sessionStorage, or in any cookie; and when the
 * API's origin has a cookie at all or an API response set one. Call it while the page is open.
 */
export async function assertNoTokenLeft(tab: RecordedPage, apiUrl: string, what: string): Promise<void> {
  const tokens = await tab.tokensSeen();
  assert.ok(tokens.length > 0, `${what}: the page held at least one token (else this check proves nothing)`);
  // The signature alone is enough to find a token copied whole, split or re-encoded around it.
  const signatures = tokens.map((token) => token.split('.')[2] ?? token);
  // Failure messages show where, with the token itself blanked out (test output is a log too).
  const redacted = (text: string) => text.replace(new RegExp(JWT_SHAPE.source, 'g'), '<token>').replace(/[\w-]{32,}/g, '<redacted>').slice(0, 160);
  for (const place of await placesOf(tab)) {
    assert.ok(!signatures.some((signature) => place.text.includes(signature)), `${what}: a token is in ${place.where}: ${redacted(place.text)}`);
    assert.ok(!JWT_SHAPE.test(place.text), `${what}: something shaped like a JWT is in ${place.where}: ${redacted(place.text)}`);
  }
  const apiHost = new URL(apiUrl).hostname;
  const apiCookies = (await tab.allCookies()).filter((cookie) => cookie.domain.replace(/^\./, '') === apiHost);
  assert.deepEqual(apiCookies.map((c) => c.name), [], `${what}: cookies of the API's origin`);
  const apiOrigin = new URL(apiUrl).origin;
  const setters = tab.responses.filter((response) => response.url.startsWith(apiOrigin) && response.setCookie);
  assert.deepEqual(setters.map((r) => r.url), [], `${what}: API responses that set a cookie`);
}
