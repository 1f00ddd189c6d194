import type { ReactNode } from 'react';
import { Link } from '../Link.tsx';

/** A titled card of the portrait and analysis pages. */
export function Card({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={wide ? 'card card--wide' : 'card'} aria-label={title}>
      <h4 className="card__title">{title}</h4>
      {children}
    </section>
  );
}

/** A headline number; clicking it lists what it counts (or goes to its page). */
export function Figure({
  label,
  value,
  onClick,
  href,
  testId,
}: {
  label: string;
  value: string;
  onClick?: () => void;
  href?: string;
  testId?: string;
}) {
  const body = (
    <>
      <span className="figure__value" data-testid={testId}>
        {value}
      </span>
      <span className="figure__label">{label}</span>
    </>
  );
  if (href)
    return (
      <Link href={href} className="figure figure--link">
        {body}
      </Link>
    );
  return onClick ? (
    <button type="button" className="figure figure--link" onClick={onClick}>
      {body}
    </button>
  ) : (
    <div className="figure">{body}</div>
  );
}
