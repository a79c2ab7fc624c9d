import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Modal dialog: labelled, Esc closes, focus moves inside on open. */
export function Dialog({ title, onClose, children, wide = false }: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([data-close])');
    first?.focus();
  }, []);
  return (
    <div className="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div ref={ref} className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon" data-close onClick={onClose} aria-label="×">×</button>
        </header>
        {children}
      </div>
    </div>
  );
}
