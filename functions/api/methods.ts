/**
 * The methods each known path answers, for the `Allow` of a 405 (RFC 9110 §15.5.6): a wrong
 * method on a path the API has is not "no such thing here". Read from the app's own route
 * table, so a new route is covered without being listed anywhere.
 */
export function allowedMethods(routes: readonly { method: string; path: string }[]): (path: string) => string[] {
  let compiled: { method: string; pattern: RegExp }[] | undefined;
  return (path) => {
    // Compiled on first use: by then every router has been mounted.
    compiled ??= routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({ method: route.method, pattern: patternOf(route.path) }));
    const methods = new Set(compiled.filter((route) => route.pattern.test(path)).map((route) => route.method));
    // Hono answers HEAD with the GET route.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      // `:name` or `:name{regex}`: one segment, whatever the parameter's own rule (the route
      // itself says whether the value is good).
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
