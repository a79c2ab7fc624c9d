import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { Points } from '../../ui/badges';

function BeforeAfter({ before, after }: { before: number; after: number }) {
  const { t } = useTranslation();
  return (
    <dl className="redeem-figures">
      <dt>{t('redeem.before')}</dt><dd data-testid="redeem-before"><Points value={before} /></dd>
      <dt>{t('redeem.after')}</dt><dd data-testid="redeem-after"><Points value={after} /></dd>
    </dl>
  );
}

/** One redemption spelled out before anything is spent: who, what, and the points before and after. */
export function RedeemConfirm({ memberName, item, quantity, cost, balance, busy, onConfirm, onCancel }: {
  memberName: string; item: string; quantity: number | null; cost: number; balance: number; busy: boolean;
  onConfirm: () => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('redeem.confirmTitle')} onClose={onCancel}>
      <p className="summary">{t('redeem.confirmText', { name: memberName, item: quantity === null ? item : t('redeem.itemHours', { item, hours: quantity }), cost })}</p>
      <BeforeAfter before={balance} after={balance - cost} />
      {balance < cost && <FormLine text={t('redeem.confirmShort', { shortBy: cost - balance })} />}
      <footer className="dialog-foot">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>{t('redeem.confirm')}</button>
      </footer>
    </Dialog>
  );
}

function FormLine({ text }: { text: string }) {
  return <p className="form-error" role="alert">{text}</p>;
}

/** The manager's undo of a mistaken redemption: a reversal line gives the points back. */
export function UndoConfirm({ memberName, item, points, balance, busy, onConfirm, onCancel }: {
  memberName: string; item: string; points: number; balance: number; busy: boolean;
  onConfirm: () => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('redeem.undoTitle')} onClose={onCancel}>
      <p className="summary">{t('redeem.undoText', { name: memberName, item, points })}</p>
      <BeforeAfter before={balance} after={balance + points} />
      <footer className="dialog-foot">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>{t('redeem.undoConfirm')}</button>
      </footer>
    </Dialog>
  );
}
