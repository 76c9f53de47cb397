import { useEffect, useState } from 'react';

// Views live in the URL hash (#/triggers/12), so a reload or a second tab under `serve` lands on the
// same view, and no server routes are needed. Hash navigation is allowed by the CSP and by the
// desktop window's navigation policy (same document).

export type Route =
  | { view: 'triggers' }
  | { view: 'trigger-new' }
  | { view: 'trigger-edit'; id: number }
  | { view: 'accounts' }
  | { view: 'activity'; triggerId?: number }
  | { view: 'items'; triggerId?: number }
  | { view: 'settings' };

export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  const id = Number(second);
  switch (first) {
    case 'triggers':
      if (second === 'new') return { view: 'trigger-new' };
      if (Number.isInteger(id) && id > 0) return { view: 'trigger-edit', id };
      return { view: 'triggers' };
    case 'accounts':
      return { view: 'accounts' };
    case 'activity':
      return Number.isInteger(id) && id > 0 ? { view: 'activity', triggerId: id } : { view: 'activity' };
    case 'items':
      return Number.isInteger(id) && id > 0 ? { view: 'items', triggerId: id } : { view: 'items' };
    case 'settings':
      return { view: 'settings' };
    default:
      return { view: 'triggers' };
  }
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'trigger-new':
      return '#/triggers/new';
    case 'trigger-edit':
      return `#/triggers/${route.id}`;
    case 'activity':
    case 'items':
      return route.triggerId ? `#/${route.view}/${route.triggerId}` : `#/${route.view}`;
    default:
      return `#/${route.view}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
