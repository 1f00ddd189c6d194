import { useCallback, useEffect, useState } from 'react';

/**
 * Whether the page is in the browser's full-screen mode, and a toggle. The big-screen layout works
 * without it (a wall display may already run the browser in kiosk mode).
 */
export function useFullscreen(): { active: boolean; supported: boolean; toggle: () => void } {
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  const toggle = useCallback(() => {
    const request = document.fullscreenElement
      ? document.exitFullscreen()
      : document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    // Refused (no user gesture, policy): stay as we are; the layout does not depend on it.
    request.catch(() => {});
  }, []);
  return { active, supported: document.fullscreenEnabled, toggle };
}

/** Leaves the browser's full-screen mode if it is on. */
export function exitFullscreen(): void {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
}
