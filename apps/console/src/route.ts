/** The console's pages, addressed by the URL's hash (#/keys/key_…) so that the gateway serves one page. Pure. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'keys' }
  | { page: 'key'; id: string }
  | { page: 'providers' }
  | { page: 'requests' }
  | { page: 'config' }
  | { page: 'playground' }
  | { page: 'not_found'; path: string };

const SIMPLE = ['keys', 'providers', 'requests', 'config', 'playground'] as const;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+|\/+$/g, '');
  if (path === '') return { page: 'dashboard' };
  const [first, second, ...rest] = path.split('/');
  if (first === 'keys' && second && rest.length === 0) return { page: 'key', id: decodeURIComponent(second) };
  if (second === undefined && (SIMPLE as readonly string[]).includes(first)) return { page: first as (typeof SIMPLE)[number] };
  return { page: 'not_found', path };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'key':
      return `#/keys/${encodeURIComponent(route.id)}`;
    case 'not_found':
      return `#/${route.path}`;
    default:
      return `#/${route.page}`;
  }
}
