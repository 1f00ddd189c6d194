import { useT } from '../i18n/context.ts';
import { MAX_STAR } from '../lib/orgs.ts';

/** Props of {@link StarRating}. */
export interface StarRatingProps {
  /** 1–5, or null when the organisation has not been rated. */
  star: number | null;
  /** Show "未评星" for unrated organisations; off in dense rows, where an empty slot reads better. */
  showUnrated?: boolean;
}

/** 星级 as filled and empty stars, announced as one image ("4 星级"). */
export function StarRating({ star, showUnrated = false }: StarRatingProps) {
  const t = useT();
  if (star === null) {
    return showUnrated ? (
      <span className="stars stars--none">{t('star.none')}</span>
    ) : (
      <span className="stars stars--empty">
        <span className="sr-only">{t('star.none')}</span>
      </span>
    );
  }
  const filled = Math.max(0, Math.min(MAX_STAR, Math.round(star)));
  return (
    <span
      className="stars"
      role="img"
      aria-label={t('star.label', { n: filled })}
      title={t('star.label', { n: filled })}
    >
      <span className="stars__on">{'★'.repeat(filled)}</span>
      <span className="stars__off">{'★'.repeat(MAX_STAR - filled)}</span>
    </span>
  );
}
