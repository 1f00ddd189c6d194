import { useCallback, useState } from 'react';

const PARAM = 'org';

function readFromUrl(): number | null {
  const raw = new URLSearchParams(window.location.search).get(PARAM);
  const id = raw === null ? Number.NaN : Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * The selected organisation, mirrored in `?org=<id>` so a view can be shared as a link (DESIGN §4).
 * replaceState, not pushState: selecting rows should not fill the back button's history.
 */
export function useSelectedOrg(): [number | null, (id: number | null) => void] {
  const [selected, setSelected] = useState<number | null>(readFromUrl);
  const select = useCallback((id: number | null) => {
    setSelected(id);
    const url = new URL(window.location.href);
    if (id === null) url.searchParams.delete(PARAM);
    else url.searchParams.set(PARAM, String(id));
    window.history.replaceState(window.history.state, '', url);
  }, []);
  return [selected, select];
}
