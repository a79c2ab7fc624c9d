import { lazy, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TabletsApi } from '../../sync/enrol';
import { Lazy } from '../../ui/lazy';

/** The dialog loads on first use (a manager's, rarely opened): not part of the first screen's JavaScript. */
const TabletsDialog = lazy(() => import('./tablets-dialog').then((m) => ({ default: m.TabletsDialog })));

/** The top bar's button that opens the tablets dialog (shown to managers of a synced tablet). */
export function TabletsButton(props: { api: TabletsApi; branchId: string; origin: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="settings-btn" onClick={() => setOpen(true)}>{t('tablets.open')}</button>
      {open && createPortal(<Lazy><TabletsDialog {...props} onClose={() => setOpen(false)} /></Lazy>, document.body)}
    </>
  );
}
