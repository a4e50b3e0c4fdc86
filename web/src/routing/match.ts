/** Path patterns such as `/book/:slug` and matching of a path against a route table. */

export interface Match<R> {
  route: R;
  params: Record<string, string>;
}

interface Compiled {
  regex: RegExp;
  names: string[];
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  let c = compiled.get(pattern);
  if (!c) {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    c = { regex: new RegExp(`^${source}/?$`), names };
    compiled.set(pattern, c);
  }
  return c;
}

/**
 * The first route whose pattern matches `path`, with its decoded parameters.
 * @example matchRoute([{ pattern: '/book/:slug' }], '/book/anna') // { route, params: { slug: 'anna' } }
 */
export function matchRoute<R extends { pattern: string }>(
  routes: readonly R[],
  path: string,
): Match<R> | undefined {
  for (const route of routes) {
    const { regex, names } = compile(route.pattern);
    const m = regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    } catch {
      continue; // malformed percent-encoding: not this route
    }
    return { route, params };
  }
  return undefined;
}

/**
 * Reads `name` from a URL fragment such as `#token=abc&x=1`.
 * @example fragmentParam('#token=abc', 'token') // 'abc'
 */
export function fragmentParam(hash: string, name: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(name);
  return value || undefined;
}
