import type { ReactNode } from 'react';
import { useT } from '../../../i18n/context.ts';

/** One fact: its label and what to show (text, a badge, a link). */
export type Fact = [label: string, value: ReactNode];

/** Facts as a description list, the drawer's one layout for every kind of feature. */
export function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl className="drawer-facts">
      {facts.map(([label, value]) => (
        <div key={label} className="drawer-facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A button that reads as a link: opens another feature in the drawer. */
export function FeatureLink({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button type="button" className="link-button drawer-link" onClick={onClick}>
      {children}
    </button>
  );
}

/** A titled list inside the drawer (members, partners, linked organisations). */
export function DrawerSection({
  title,
  empty,
  children,
}: {
  title: string;
  /** Shown instead of the list when there is nothing in it. */
  empty?: string;
  children: ReactNode[];
}) {
  return (
    <section className="drawer-section">
      <h3 className="drawer-section__title">{title}</h3>
      {children.length > 0 ? (
        <ul className="drawer-section__list">{children}</ul>
      ) : (
        <p className="drawer-section__empty">{empty}</p>
      )}
    </section>
  );
}

/** "定位": flies the map to the feature. */
export function LocateButton({ name, onClick }: { name: string; onClick: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="button button--secondary drawer-locate"
      aria-label={t('panels.drawer.locateLabel', { name })}
      onClick={onClick}
    >
      <span className="drawer-locate__icon" aria-hidden="true" />
      {t('panels.drawer.locate')}
    </button>
  );
}

/** The note that a record is synthetic demo data. */
export function DemoNote() {
  return <p className="drawer-demo">{useT()('panels.drawer.demo')}</p>;
}
