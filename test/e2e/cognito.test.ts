import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  demoUser,
  e2e,
  mainNavigation,
  roleNavigation,
  screenshot,
  seriousAxeViolations,
  url,
  useBrowser,
} from './browser.ts';

/**
 * The deployed sign-in (Cognito hosted UI, authorization code + PKCE) without Cognito: the
 * browser is told by /config.json to use a stand-in domain, and Playwright answers that domain's
 * authorize, token and logout endpoints. The access token it hands back is a real one from the
 * local identity provider, so the API accepts it exactly as it would Cognito's.
 */
const domain = 'https://auth.total-customer.test';
const clientId = 'e2e-client';

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe.runIf(e2e)('signing in with the Cognito hosted UI', () => {
  const browser = useBrowser();

  test('redirects with a S256 challenge, exchanges the code with its verifier, and uses the access token', async () => {
    const leader = await demoUser('leader');
    const minted = await fetch(url('/auth/token'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: leader.id }),
    });
    const { token } = (await minted.json()) as { token: string };
    const redirectUri = url('/');

    // The page's CSP allows only its own origin; deployed, CloudFront's adds the Cognito domain.
    const { page, errors } = await browser.open({ bypassCSP: true });
    await page.route('**/config.json', (route) =>
      route.fulfill({ json: { auth: { mode: 'cognito', domain, clientId, redirectUri } } }),
    );
    const authorizeRequests: URL[] = [];
    await page.route(`${domain}/oauth2/authorize**`, (route) => {
      authorizeRequests.push(new URL(route.request().url()));
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Hosted UI</title><p>Hosted UI</p>',
      });
    });
    const tokenRequests: URLSearchParams[] = [];
    await page.route(`${domain}/oauth2/token`, (route) => {
      tokenRequests.push(new URLSearchParams(route.request().postData() ?? ''));
      return route.fulfill({
        json: { access_token: token, id_token: 'not-used', token_type: 'Bearer', expires_in: 3600 },
        headers: { 'Access-Control-Allow-Origin': '*' },
      });
    });
    const logoutRequests: URL[] = [];
    await page.route(`${domain}/logout**`, (route) => {
      logoutRequests.push(new URL(route.request().url()));
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Signed out</title>' });
    });

    // Start on a deep link: after the round trip the user is back on it.
    await page.goto(url('/directory/users'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('total-customer.pkce'))).toBeNull();
    expect(await page.getByRole('button').filter({ hasText: '@' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-cognito');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${domain}/oauth2/authorize**`);

    const authorize = authorizeRequests[0];
    if (!authorize) throw new Error('The app did not go to the hosted UI');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe(clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const state = authorize.searchParams.get('state');
    const challenge = authorize.searchParams.get('code_challenge');
    expect(state).toBeTruthy();
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The hosted UI sends the browser back with a code.
    await page.goto(`${redirectUri}?code=the-code&state=${encodeURIComponent(state ?? '')}`);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/directory/users');
    expect(new URL(page.url()).search).toBe('');
    expect(await mainNavigation(page)).toEqual(roleNavigation.leader);

    const exchange = tokenRequests[0];
    if (!exchange) throw new Error('The app did not exchange the code');
    expect(exchange.get('grant_type')).toBe('authorization_code');
    expect(exchange.get('code')).toBe('the-code');
    expect(exchange.get('client_id')).toBe(clientId);
    expect(exchange.get('redirect_uri')).toBe(redirectUri);
    // The verifier sent is the one whose SHA-256 the challenge was.
    const sentVerifier = exchange.get('code_verifier') ?? '';
    expect(base64Url(createHash('sha256').update(sentVerifier).digest())).toBe(challenge);
    expect(await page.evaluate(() => sessionStorage.getItem('total-customer.token'))).toBe(token);
    expect(await page.evaluate(() => sessionStorage.getItem('total-customer.pkce'))).toBeNull();

    // Signing out ends the hosted UI's session too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${domain}/logout**`);
    const logout = logoutRequests[0];
    expect(logout?.searchParams.get('client_id')).toBe(clientId);
    expect(logout?.searchParams.get('logout_uri')).toBe(redirectUri);
    await page.goto(url('/me'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });

  test('a return whose state does not match a sign-in started in this tab is refused', async () => {
    const { page, errors } = await browser.open({ bypassCSP: true });
    await page.route('**/config.json', (route) =>
      route.fulfill({ json: { auth: { mode: 'cognito', domain, clientId, redirectUri: url('/') } } }),
    );
    let exchanged = false;
    await page.route(`${domain}/oauth2/token`, (route) => {
      exchanged = true;
      return route.abort();
    });

    await page.goto(url('/?code=forged&state=forged'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'did not match a sign-in started here' }).waitFor();
    expect(exchanged).toBe(false);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('total-customer.token'))).toBeNull();
    expect(errors).toEqual([]);
  });
});
