import type { CognitoAuthConfig } from './app-config.ts';

/**
 * Cognito's hosted UI with the authorization code flow and PKCE (S256): the app client has no
 * secret, so the code verifier is what proves the token request comes from the tab that started
 * the sign-in. The verifier and state live in sessionStorage only until the code is exchanged.
 */
const PENDING_KEY = 'total-customer.pkce';

interface PendingSignIn {
  verifier: string;
  state: string;
  returnTo: string;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteLength: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Sends the browser to the hosted UI; it comes back to `redirectUri` with `?code=&state=`. */
export async function startCognitoSignIn(config: CognitoAuthConfig): Promise<void> {
  const pending: PendingSignIn = {
    verifier: randomString(48),
    state: randomString(24),
    returnTo: `${location.pathname}${location.search}`,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: await challengeFor(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

export class CognitoSignInError extends Error {
  override name = 'CognitoSignInError';
}

/**
 * If this page load is the hosted UI's redirect back, exchanges the code for tokens, restores
 * the URL the user started from and returns the access token (the API's authorizer expects the
 * access token, whose `client_id` claim it checks). Returns null on any other page load.
 */
export async function completeCognitoSignIn(config: CognitoAuthConfig): Promise<string | null> {
  // Only the redirect URI's own path is the callback; a `code` anywhere else is not ours.
  if (location.pathname !== new URL(config.redirectUri, location.origin).pathname) return null;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state');
  const failure = params.get('error');
  if (!code && !failure) return null;

  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = stored ? (JSON.parse(stored) as PendingSignIn) : null;
  history.replaceState(null, '', pending?.returnTo ?? '/');

  if (failure) throw new CognitoSignInError(params.get('error_description') ?? failure);
  if (!pending || pending.state !== state) {
    throw new CognitoSignInError('The sign-in response did not match a sign-in started here. Please sign in again.');
  }

  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: code ?? '',
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new CognitoSignInError('The sign-in could not be completed. Please sign in again.');
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new CognitoSignInError('The sign-in returned no access token.');
  return tokens.access_token;
}

/** Ends the hosted UI's own session too, or the next sign-in would skip the login form. */
export function cognitoSignOut(config: CognitoAuthConfig): void {
  const url = new URL('/logout', config.domain);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: config.logoutUri ?? config.redirectUri,
  }).toString();
  location.assign(url.toString());
}
