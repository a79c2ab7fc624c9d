import { useId, type ReactNode } from 'react';

/** A labelled form field whose error is visible and announced. */
export function Field({ label, error, hint, children }: {
  label: string;
  error?: string | null | undefined;
  hint?: string | undefined;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && <small id={hintId} className="hint">{hint}</small>}
      {error && <p id={errId} className="error" role="alert">{error}</p>}
    </div>
  );
}

/** A form-level error or success line. */
export function FormMessage({ kind, children }: { kind: 'error' | 'ok'; children: ReactNode }) {
  return <p className={kind === 'error' ? 'form-error' : 'form-ok'} role={kind === 'error' ? 'alert' : 'status'}>{children}</p>;
}
