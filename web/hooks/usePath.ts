import { useCallback, useEffect, useState } from 'react';

/** The page's path and a way to go to another without a reload (history.pushState). */
export function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: string) => {
    window.history.pushState(null, '', next);
    setPath(window.location.pathname);
  }, []);
  return [path, navigate];
}
