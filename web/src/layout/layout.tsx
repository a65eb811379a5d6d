import { useEffect, useRef, useState } from 'preact/hooks';
import { Route, Router, useLocation } from 'preact-iso';
import { useSession } from '../auth/session.tsx';
import { roleLabel } from '../components/roles.ts';
import { NotFoundPage } from '../pages/not-found.tsx';
import { isCurrent, navigation, navigationGroups } from './navigation.ts';
import { NotificationBell } from './notification-bell.tsx';

/** Sends `/` to the role's first screen. */
function Home() {
  const { me } = useSession();
  const { route } = useLocation();
  const first = navigation[me.role][0];
  useEffect(() => {
    if (first) route(first.href, true);
  }, [first, route]);
  return null;
}

/**
 * The signed-in frame: skip link, header with the account menu, the role's navigation in
 * sections beside the routed page in `<main>` (above it on a narrow screen). On every client-side navigation focus moves to `<main>`, so
 * keyboard and screen-reader users start at the new page rather than on the link they used.
 */
export function Layout({ focusOnMount }: { focusOnMount: boolean }) {
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const items = navigation[me.role];
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef<string | null>(null);
  // On a phone the menu folds away behind a toggle, so the page starts at the top of the screen.
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    setMenuOpen(false);
    const from = previousPath.current;
    previousPath.current = path;
    // Not on the first render (unless the user just signed in), nor on the redirect from `/`.
    const isFirst = from === null;
    if ((isFirst && !focusOnMount) || from === '/') return;
    main.current?.focus();
  }, [path, focusOnMount]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">
              T
            </span>
            Total Customer
          </a>
          <button
            type="button"
            class="button button-quiet nav-toggle"
            aria-expanded={menuOpen ? 'true' : 'false'}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <div class="account">
            <NotificationBell />
            <span class="account-name">
              {me.name}
              <span class="account-role">{roleLabel(me.role)}</span>
            </span>
            <button type="button" class="button button-quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <div class="shell">
        <nav id="main-nav" class={menuOpen ? 'main-nav main-nav-open' : 'main-nav'} aria-label="Main">
          {navigationGroups(me.role).map((group) => (
            <div class="nav-group" key={group.name}>
              {group.name ? (
                <p class="nav-group-label" id={`nav-${group.name.toLowerCase()}`}>
                  {group.name}
                </p>
              ) : null}
              <ul aria-labelledby={group.name ? `nav-${group.name.toLowerCase()}` : undefined}>
                {group.items.map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={isCurrent(item, path, items) ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" ref={main} class="page" tabIndex={-1}>
          <Router>
            <Route path="/" component={Home} />
            {items.map((item) => (
              <Route key={item.path} path={item.path} component={item.component} />
            ))}
            <Route default component={NotFoundPage} />
          </Router>
        </main>
      </div>
    </>
  );
}
