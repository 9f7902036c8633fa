import { useEffect, useState } from 'preact/hooks';

/** The app's routes: `/` (list), `/c/{id}` (a conversation), `/settings`, `/login`, `/register`. */
export type Route = { name: 'home' } | { name: 'conversation'; id: string } | { name: 'settings' } | { name: 'login' } | { name: 'register' };

export function parseRoute(pathname: string): Route {
  const conversation = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (conversation) return { name: 'conversation', id: decodeURIComponent(conversation[1]!) };
  if (pathname === '/settings') return { name: 'settings' };
  if (pathname === '/login') return { name: 'login' };
  if (pathname === '/register') return { name: 'register' };
  return { name: 'home' };
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** A same-origin link that routes in the app instead of loading the page. */
export function onLinkClick(event: MouseEvent, path: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(path);
}
