import { useT } from '../i18n/context.ts';

/** Props of {@link PanelStatus}. */
export type PanelStatusProps =
  | { kind: 'loading'; message: string }
  | { kind: 'error'; message: string; onRetry: () => void }
  | { kind: 'empty'; message: string };

/** A loading, error or empty state inside a panel; errors offer a retry. */
export function PanelStatus(props: PanelStatusProps) {
  const t = useT();
  if (props.kind === 'error') {
    return (
      <div className="panel-status panel-status--error" role="alert">
        <p>{props.message}</p>
        <button type="button" className="button button--secondary" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className={`panel-status panel-status--${props.kind}`} role="status" aria-live="polite">
      {props.kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      <p>{props.message}</p>
    </div>
  );
}
