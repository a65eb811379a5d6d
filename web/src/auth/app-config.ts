import { problemFrom } from '../api/problem.ts';

/** The local stack's identity provider: demo users, tokens minted by the dev server. */
export interface LocalAuthConfig {
  mode: 'local';
}

/** Cognito's hosted UI, authorization code flow with PKCE. `domain` includes the scheme. */
export interface CognitoAuthConfig {
  mode: 'cognito';
  domain: string;
  clientId: string;
  redirectUri: string;
  /** Where Cognito sends the browser after signing out; defaults to `redirectUri`. */
  logoutUri?: string;
}

/** `/config.json`: what differs between the two homes, read once at start. */
export interface AppConfig {
  auth: LocalAuthConfig | CognitoAuthConfig;
}

function isAppConfig(value: unknown): value is AppConfig {
  const auth = (value as AppConfig | null)?.auth;
  if (!auth) return false;
  if (auth.mode === 'local') return true;
  return (
    auth.mode === 'cognito' &&
    typeof auth.domain === 'string' &&
    typeof auth.clientId === 'string' &&
    typeof auth.redirectUri === 'string'
  );
}

export async function loadAppConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw await problemFrom(response);
  const body: unknown = await response.json();
  if (!isAppConfig(body)) throw new Error('/config.json does not describe a sign-in method');
  return body;
}
