import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, adminApi, credential, listenForAuthFailures } from './api';
import type { SystemInfo } from './admin-types';
import { describeError } from './components/status';
import { ConfigPage } from './pages/config';
import { Dashboard } from './pages/dashboard';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys';
import { PlaygroundPage } from './pages/playground';
import { ProvidersPage } from './pages/providers';
import { RequestsPage } from './pages/requests';
import { Route, parseRoute, routeHref } from './route';

const NAV: { route: Route; label: string }[] = [
  { route: { page: 'dashboard' }, label: 'Dashboard' },
  { route: { page: 'keys' }, label: 'Keys' },
  { route: { page: 'providers' }, label: 'Providers' },
  { route: { page: 'requests' }, label: 'Requests' },
  { route: { page: 'config' }, label: 'Configuration' },
  { route: { page: 'playground' }, label: 'Playground' },
];

type Access = { state: 'checking' } | { state: 'in'; info: SystemInfo } | { state: 'out'; reason: string };

/** The console's shell: sign-in, navigation, and the page the hash names. */
export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [access, setAccess] = useState<Access>({ state: 'checking' });

  const check = async () => {
    setAccess({ state: 'checking' });
    try {
      setAccess({ state: 'in', info: await adminApi<SystemInfo>('info') });
    } catch (error) {
      setAccess({ state: 'out', reason: credential.get() || !(error instanceof ApiError && error.status === 401) ? describeError(error) : '' });
    }
  };

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    listenForAuthFailures((error) => setAccess({ state: 'out', reason: describeError(error) }));
    void check();
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const firstRoute = useRef(true);
  useEffect(() => {
    document.title = `${NAV.find((entry) => entry.route.page === route.page)?.label ?? 'Key'} · latticelm admin`;
    // a new page is announced from its start, as a page load would be (not on the first one: focus stays put)
    if (!firstRoute.current) document.getElementById('main')?.focus();
    firstRoute.current = false;
  }, [route]);

  const signOut = () => {
    credential.clear();
    void check();
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">
          latticelm <small>admin</small>
        </span>
        {access.state === 'in' ? (
          <span class="who">
            <span id="signed-in">{credential.get() ? 'Signed in' : 'Open (no auth configured)'}</span> · v{access.info.version}
            {credential.get() ? (
              <button type="button" id="sign-out" onClick={signOut}>
                Sign out
              </button>
            ) : null}
          </span>
        ) : null}
      </header>
      {access.state === 'in' ? (
        <div class="layout">
          <nav aria-label="Console">
            <ul>
              {NAV.map((entry) => {
                const current = entry.route.page === route.page || (entry.route.page === 'keys' && route.page === 'key');
                return (
                  <li key={entry.label}>
                    <a href={routeHref(entry.route)} aria-current={current ? 'page' : undefined}>
                      {entry.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            <Page route={route} />
          </main>
        </div>
      ) : (
        <main id="main" tabIndex={-1} class="narrow">
          {access.state === 'checking' ? (
            <p class="note" role="status">
              Connecting…
            </p>
          ) : (
            <SignIn reason={access.reason} onSignedIn={() => void check()} />
          )}
        </main>
      )}
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <Dashboard />;
    case 'keys':
      return <KeysPage />;
    case 'key':
      return <KeyPage key={route.id} id={route.id} />;
    case 'providers':
      return <ProvidersPage />;
    case 'requests':
      return <RequestsPage />;
    case 'config':
      return <ConfigPage />;
    case 'playground':
      return <PlaygroundPage />;
    case 'not_found':
      return (
        <p class="note error" role="alert">
          No page at #/{route.path}. <a href="#/">Dashboard</a>
        </p>
      );
  }
}

function SignIn({ reason, onSignedIn }: { reason: string; onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  return (
    <form
      class="panel sign-in"
      id="sign-in"
      aria-labelledby="sign-in-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim()) credential.set(token.trim());
        else credential.clear();
        setToken('');
        onSignedIn();
      }}
    >
      <h1 id="sign-in-title">Sign in</h1>
      <p>
        An admin key (<code>auth.api_keys.admin_keys</code>) or an OIDC token whose <code>auth.admin_claim</code> holds <code>auth.admin_value</code>. It is kept for
        this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.
      </p>
      {reason ? (
        <p id="sign-in-problem" class="error" role="alert">
          {reason}
        </p>
      ) : null}
      <label>
        Admin key or token
        <input id="credential" name="credential" type="password" autocomplete="off" spellcheck={false} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
      </label>
      <button type="submit" class="primary">
        Sign in
      </button>
    </form>
  );
}
