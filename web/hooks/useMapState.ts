import { type Dispatch, type SetStateAction, useEffect, useState } from 'react';
import { formatMapState, type MapState, parseMapState } from '../map/state.ts';

/**
 * The map state, kept in the URL's query string (state.ts defines the form) so that reloading or
 * sharing a link reproduces the view: centre, zoom, layers, filters, selection, big-screen mode.
 * replaceState, not pushState: panning should not fill the back button's history.
 */
export function useMapState(): [MapState, Dispatch<SetStateAction<MapState>>] {
  const [state, setState] = useState<MapState>(() => parseMapState(window.location.search));

  useEffect(() => {
    const url = new URL(window.location.href);
    url.search = formatMapState(state);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }, [state]);

  // Back/forward to an entry another page pushed: follow the URL.
  useEffect(() => {
    const follow = () => setState(parseMapState(window.location.search));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  return [state, setState];
}

/** Drops the map state from the URL (on sign-out: the next person starts from the default view). */
export function clearMapStateFromUrl(): void {
  const url = new URL(window.location.href);
  url.search = '';
  window.history.replaceState(window.history.state, '', url);
}
