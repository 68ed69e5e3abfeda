import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False while React hydrates the server's HTML, true after (and on every client-only
 * render). Controls whose handlers only exist once hydrated stay disabled until then:
 * a choice made earlier would be lost, and React would report the page as not matching.
 */
export function useHydrated() {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
