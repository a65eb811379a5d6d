import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { LocationProvider } from 'preact-iso';
import { api, handleUnauthorized, request } from './api/client.ts';
import { ApiError } from './api/problem.ts';
import type { Me } from './api/types.ts';
import { type AppConfig, loadAppConfig } from './auth/app-config.ts';
import { CognitoSignInError, cognitoSignOut, completeCognitoSignIn } from './auth/cognito.ts';
import { type Session, SessionContext } from './auth/session.tsx';
import { tokenStore } from './auth/token-store.ts';
import { Layout } from './layout/layout.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { UnsubscribePage } from './pages/unsubscribe.tsx';

type AppState =
  | { status: 'starting' }
  | { status: 'failed'; message: string }
  | { status: 'signed-out'; config: AppConfig; notice?: string; failure?: string }
  | { status: 'signed-in'; config: AppConfig; me: Me; interactive: boolean };

async function fetchMe(): Promise<Me> {
  return request(api.api.me.$get());
}

/**
 * Where the app starts: read /config.json, finish a Cognito redirect if this load is one, and
 * resume the session if the tab holds a token the API still accepts.
 */
async function start(): Promise<AppState> {
  const config = await loadAppConfig();
  if (config.auth.mode === 'cognito') {
    try {
      const token = await completeCognitoSignIn(config.auth);
      if (token) tokenStore.set(token);
    } catch (error) {
      if (!(error instanceof CognitoSignInError)) throw error;
      return { status: 'signed-out', config, failure: error.message };
    }
  }
  if (!tokenStore.get()) return { status: 'signed-out', config };
  try {
    return { status: 'signed-in', config, me: await fetchMe(), interactive: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      tokenStore.clear();
      return { status: 'signed-out', config };
    }
    throw error;
  }
}

export function App() {
  const [state, setState] = useState<AppState>({ status: 'starting' });

  useEffect(() => {
    start().then(setState, (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      setState({ status: 'failed', message });
    });
  }, []);

  useEffect(() => {
    handleUnauthorized(() => {
      tokenStore.clear();
      setState((current) =>
        current.status === 'signed-in'
          ? { status: 'signed-out', config: current.config, notice: 'Your session has ended. Please sign in again.' }
          : current,
      );
    });
  }, []);

  const signedIn = useCallback(async (config: AppConfig, token: string) => {
    tokenStore.set(token);
    const me = await fetchMe();
    setState({ status: 'signed-in', config, me, interactive: true });
  }, []);

  const session = useMemo<Session | null>(() => {
    if (state.status !== 'signed-in') return null;
    return {
      config: state.config,
      me: state.me,
      signOut: () => {
        tokenStore.clear();
        if (state.config.auth.mode === 'cognito') cognitoSignOut(state.config.auth);
        else setState({ status: 'signed-out', config: state.config, notice: 'You have signed out.' });
      },
    };
  }, [state]);

  // An e-mail's unsubscribe link works signed in or not.
  if (window.location.pathname === '/unsubscribe') return <UnsubscribePage />;

  switch (state.status) {
    case 'starting':
      return <p class="boot-message">Loading Total Customer…</p>;
    case 'failed':
      return (
        <main class="boot-failure" id="main">
          <h1>Total Customer could not start</h1>
          <p role="alert">{state.message}</p>
          <p>Reload the page to try again.</p>
        </main>
      );
    case 'signed-out':
      return (
        <SignInPage
          config={state.config}
          notice={state.notice}
          failure={state.failure}
          onToken={(token) => signedIn(state.config, token)}
        />
      );
    case 'signed-in':
      return (
        <SessionContext.Provider value={session}>
          <LocationProvider>
            <Layout focusOnMount={state.interactive} />
          </LocationProvider>
        </SessionContext.Provider>
      );
  }
}
