import { networkError, problemFrom } from '../api/problem.ts';

/**
 * The local stack's identity provider (`/auth/*`). It is not part of the API (it never ships to
 * AWS), so it is not in `AppType`: these two small typed fetches stand in for the client.
 */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: string;
  teamId?: string;
  partnerId?: string;
  teamName?: string;
  partnerName?: string;
}

async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as T;
}

export async function listDemoUsers(): Promise<DemoUser[]> {
  const body = await fetchJson<{ users: DemoUser[] }>('/auth/users', { headers: { Accept: 'application/json' } });
  return body.users;
}

/** Mints a token for a demo user, as the sign-in page's buttons do. */
export async function requestDemoToken(userId: string): Promise<string> {
  const body = await fetchJson<{ token: string }>('/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return body.token;
}
