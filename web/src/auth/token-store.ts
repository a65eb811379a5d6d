/**
 * The bearer token lives in sessionStorage: it survives a reload but not closing the tab, and
 * is never shared between tabs. Nothing else about the session is persisted.
 */
const TOKEN_KEY = 'total-customer.token';

export const tokenStore = {
  get(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};
