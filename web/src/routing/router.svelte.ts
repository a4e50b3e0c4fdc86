/**
 * A tiny history-API router: the current location as reactive state, `navigate()` to move, and
 * interception of same-origin link clicks so plain `<a href="/…">` links stay inside the SPA.
 */

export interface Location {
  path: string;
  search: string;
  hash: string;
}

function read(): Location {
  return { path: window.location.pathname, search: window.location.search, hash: window.location.hash };
}

let current = $state<Location>(read());

export const router = {
  get location(): Location {
    return current;
  },
};

export interface NavigateOptions {
  replace?: boolean;
}

/**
 * Goes to `to` (a same-origin path, optionally with query and fragment) without reloading.
 * @example navigate('/app', { replace: true })
 */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  if (options.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  const next = read();
  if (next.path !== current.path || next.search !== current.search) window.scrollTo(0, 0);
  current = next;
}

/**
 * Replaces the address bar's URL without a navigation: used to drop a secret fragment
 * (`#token=…`) once it has been read.
 */
export function replaceUrlQuietly(to: string): void {
  history.replaceState(history.state, '', to);
  current = read();
}

function shouldIntercept(event: MouseEvent, anchor: HTMLAnchorElement): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== '_self') return false;
  if (anchor.hasAttribute('download') || anchor.dataset.native !== undefined) return false;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return false;
  const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
  if (samePage && url.hash) return false; // in-page anchor: let the browser scroll and focus
  if (url.pathname.startsWith('/api/')) return false;
  return true;
}

/** Starts listening to back/forward and link clicks; returns a function that stops it. */
export function startRouter(): () => void {
  const onPop = () => (current = read());
  const onClick = (event: MouseEvent) => {
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || !(anchor instanceof HTMLAnchorElement) || !anchor.href) return;
    if (!shouldIntercept(event, anchor)) return;
    event.preventDefault();
    navigate(anchor.href);
  };
  window.addEventListener('popstate', onPop);
  document.addEventListener('click', onClick);
  return () => {
    window.removeEventListener('popstate', onPop);
    document.removeEventListener('click', onClick);
  };
}
