import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/problem.ts';
import type { Role } from '../api/types.ts';
import type { AppConfig, CognitoAuthConfig } from '../auth/app-config.ts';
import { startCognitoSignIn } from '../auth/cognito.ts';
import { type DemoUser, listDemoUsers, requestDemoToken } from '../auth/local-identity.ts';
import { ErrorAlert, StatusMessage } from '../components/alert.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { roleLabels, roles } from '../components/roles.ts';

interface SignInPageProps {
  config: AppConfig;
  /** A confirmation ("You have signed out."). */
  notice?: string | undefined;
  /** Why the last sign-in did not complete. */
  failure?: string | undefined;
  onToken: (token: string) => Promise<void>;
}

/** The one screen shown before sign-in, whatever the URL: after sign-in the URL is honoured. */
export function SignInPage({ config, notice, failure, onToken }: SignInPageProps) {
  usePageTitle('Sign in');
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <span class="brand">
            <span class="brand-mark" aria-hidden="true">
              T
            </span>
            Total Customer
          </span>
        </div>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        <h1>Sign in</h1>
        <p class="lede">
          Record referrals, internal handoffs and customer-impacting issues, and see how every customer is served.
        </p>
        <StatusMessage>{notice}</StatusMessage>
        <ErrorAlert>{failure}</ErrorAlert>
        {config.auth.mode === 'cognito' ? <CognitoSignIn config={config.auth} /> : <DemoUserSignIn onToken={onToken} />}
      </main>
    </>
  );
}

function CognitoSignIn({ config }: { config: CognitoAuthConfig }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section class="card card-narrow" aria-labelledby="cognito-heading">
      <h2 id="cognito-heading">Your organisation account</h2>
      <p>You will be taken to the sign-in page, then brought back here.</p>
      <ErrorAlert>{error}</ErrorAlert>
      <button
        type="button"
        class="button button-primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          startCognitoSignIn(config).catch(() => {
            setBusy(false);
            setError('The sign-in page could not be opened. Please try again.');
          });
        }}
      >
        Sign in
      </button>
    </section>
  );
}

function DemoUserSignIn({ onToken }: { onToken: (token: string) => Promise<void> }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState<DemoUser | null>(null);

  useEffect(() => {
    listDemoUsers().then(setUsers, (cause: unknown) => setError(describeError(cause)));
  }, []);

  async function signInAs(user: DemoUser) {
    setSigningIn(user);
    setError(null);
    try {
      await onToken(await requestDemoToken(user.id));
    } catch (cause) {
      setSigningIn(null);
      setError(describeError(cause));
    }
  }

  return (
    <>
      <p>
        This is the local stack: choose a demo user to sign in as. Each role sees the portal as that kind of customer
        would.
      </p>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{signingIn ? `Signing in as ${signingIn.name}…` : undefined}</StatusMessage>
      {users === null && !error && <p>Loading demo users…</p>}
      {users?.length === 0 && <p>There are no demo users. Start the local stack with its demo seed.</p>}
      {users &&
        roles.map((role) => (
          <RoleGroup key={role} role={role} users={users} disabled={signingIn !== null} onPick={signInAs} />
        ))}
    </>
  );
}

interface RoleGroupProps {
  role: Role;
  users: DemoUser[];
  disabled: boolean;
  onPick: (user: DemoUser) => void;
}

function RoleGroup({ role, users, disabled, onPick }: RoleGroupProps) {
  const members = users.filter((user) => user.role === role);
  if (members.length === 0) return null;
  const headingId = `sign-in-${role}`;
  return (
    <section class="user-group" aria-labelledby={headingId}>
      <h2 id={headingId}>{roleLabels[role].many}</h2>
      <ul class="user-choices">
        {members.map((user) => (
          <li key={user.id}>
            <button type="button" class="user-choice" disabled={disabled} onClick={() => onPick(user)}>
              <span class="user-choice-name">{user.name}</span>
              <span class="user-choice-meta">{user.email}</span>
              {(user.teamName ?? user.partnerName) && (
                <span class="user-choice-meta">{user.teamName ?? user.partnerName}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
