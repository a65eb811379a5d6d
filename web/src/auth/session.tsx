import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from '../api/types.ts';
import type { AppConfig } from './app-config.ts';

/** The signed-in user and what the app was configured with; provided by `App`. */
export interface Session {
  config: AppConfig;
  me: Me;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in SessionContext');
  return session;
}
