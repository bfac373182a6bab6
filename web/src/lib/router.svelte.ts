// Path + query string routing on the History API. Filters live in the query string so a view
// can be shared by copying the address.
class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  private sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  get query(): URLSearchParams {
    return new URLSearchParams(this.search);
  }

  /** Go to `href` (path and optional query); `replace` for redirects and filter tweaks. */
  navigate(href: string, options: { replace?: boolean } = {}): void {
    if (href === location.pathname + location.search) return;
    if (options.replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    this.sync();
    if (!options.replace) scrollTo(0, 0);
  }

  /** Merge `params` into the query string (null or '' removes a key). Replaces history by default. */
  setQuery(
    params: Record<string, string | null | undefined>,
    options: { replace?: boolean } = { replace: true },
  ): void {
    const q = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(params)) {
      if (v == null || v === '') q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString();
    this.navigate(location.pathname + (s ? `?${s}` : ''), options);
  }
}

export const router = new Router();

/** Use on <a> clicks so in-app links do not reload the page. */
export function link(event: MouseEvent): void {
  const a = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target)
    return;
  event.preventDefault();
  router.navigate(a.pathname + a.search);
}
