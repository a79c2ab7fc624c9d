import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useSession } from '../session/store';

/**
 * Modal dialog: labelled, Esc closes, focus moves inside on open. While it
 * is open it counts as a busy form, so an app update never takes over in
 * the middle of it.
 */
export function Dialog({ title, onClose, children, wide = false }: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { formOpened, formClosed } = useSession.getState();
    formOpened();
    return formClosed;
  }, []);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([data-close])');
    first?.focus();
  }, []);
  return (
    <div className="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div ref={ref} className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon" data-close onClick={onClose} aria-label="×">×</button>
        </div>
        {children}
      </div>
    </div>
  );
}
