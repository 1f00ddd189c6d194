import { normaliseQuery } from '../lib/orgs.ts';

/** Props of {@link Highlight}. */
export interface HighlightProps {
  text: string;
  /** The search text; its first occurrence in `text` is marked. */
  query: string;
}

/** Marks where a search matched, so the eye finds it in a long organisation name. */
export function Highlight({ text, query }: HighlightProps) {
  const q = normaliseQuery(query);
  const at = q === '' ? -1 : text.toLocaleLowerCase().indexOf(q);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}
