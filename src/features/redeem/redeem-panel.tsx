import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../../domain/model';
import { reversedIds } from '../../domain/overdraft';
import { DEFAULT_RULES, REDEMPTION_ITEMS, type RedemptionItem } from '../../domain/rules';
import { can } from '../../domain/staff';
import { redeemPoints, reverseRedemption } from '../../data/commands/redeem';
import { balance$, ledger$, member$ } from '../../data/queries';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { useSession } from '../../session/store';
import { FormMessage } from '../../ui/field';
import { ManagerPinDialog } from '../../ui/manager-pin';
import { msg, tr, type Msg } from '../../ui/msg';
import type { Staff } from '../../domain/staff';
import { RedeemConfirm, UndoConfirm } from './redeem-confirm';

type Message = { kind: 'ok' | 'error'; text: Msg };

/** The redemptions a manager may still undo, newest first. */
function undoable(lines: readonly LedgerEntry[]): LedgerEntry[] {
  const reversed = reversedIds(lines);
  return lines.filter((l) => l.kind === 'redeem' && l.points < 0 && !reversed.has(l.id)).sort((a, b) => b.createdAt - a.createdAt).slice(0, 5);
}

/**
 * Redeem points for a member at the desk. A tap only asks: the member, the
 * item and the points before and after are confirmed first; refusals write
 * nothing. A manager undoes a mistaken redemption with a reversal line.
 * The balance shown is the live one (never a figure remembered from an
 * earlier redemption, which sync may have made stale).
 */
export function RedeemPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const role = useSession((s) => s.staff?.role);
  const member = liveValue(useLive((d) => member$(d, memberId), memberId), null);
  const balance = liveValue(useLive((d) => balance$(d, memberId), `balance:${memberId}`), null);
  const lines = liveValue(useLive((d) => ledger$(d, memberId), `ledger:${memberId}`), [] as LedgerEntry[]);
  const [hours, setHours] = useState('1');
  const [message, setMessage] = useState<Message | null>(null);
  const [pending, setPending] = useState<{ item: RedemptionItem; quantity: number } | null>(null);
  const [undo, setUndo] = useState<LedgerEntry | null>(null);
  /** A clerk confirmed an undo: the manager's PIN is asked for this one reversal. */
  const [authorising, setAuthorising] = useState<LedgerEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const itemName = (item: RedemptionItem) => t(`redeem.item.${item}`);
  const lineItem = (l: LedgerEntry) => itemName(l.rule.slice('redeem.'.length) as RedemptionItem);

  function ask(item: RedemptionItem) {
    const max = DEFAULT_RULES.redemptions[item].maxQuantity;
    const quantity = item === 'lateCheckout' ? (/^\d{1,2}$/.test(hours.trim()) ? Number(hours.trim()) : Number.NaN) : 1;
    if (!(quantity >= 1 && quantity <= max)) { setMessage({ kind: 'error', text: msg('redeem.quantity', { max }) }); return; }
    setMessage(null);
    setPending({ item, quantity });
  }

  async function redeem(item: RedemptionItem, quantity: number) {
    if (busy) return;
    setBusy(true);
    try {
      const res = await redeemPoints(db, { memberId, item, quantity }, ctx);
      if (res.ok) {
        setMessage({ kind: 'ok', text: msg('redeem.done', { item: msg(`redeem.item.${item}`), cost: res.value.cost }) });
      } else if (res.error.error === 'insufficient') {
        setMessage({ kind: 'error', text: msg('redeem.insufficient', { item: msg(`redeem.item.${item}`), cost: res.error.cost, shortBy: res.error.shortBy }) });
      } else if (res.error.error === 'forbidden') {
        setMessage({ kind: 'error', text: msg('redeem.forbidden') });
      } else if (res.error.error === 'quantity') {
        setMessage({ kind: 'error', text: msg('redeem.quantity', { max: DEFAULT_RULES.redemptions.lateCheckout.maxQuantity }) });
      } else if (res.error.error === 'offlineNotConfirmed') {
        setMessage({ kind: 'error', text: msg('sync.offline.offlineNotConfirmed', { hours: res.error.maxAgeHours }) });
      } else if (res.error.error === 'offlinePerTransaction') {
        setMessage({ kind: 'error', text: msg('sync.offline.offlinePerTransaction', { max: res.error.max, cost: res.error.cost }) });
      } else if (res.error.error === 'offlinePerMember') {
        setMessage({ kind: 'error', text: msg('sync.offline.offlinePerMember', { max: res.error.max, cost: res.error.cost, spent: res.error.spent }) });
      } else {
        setMessage({ kind: 'error', text: msg('members.notFound') });
      }
    } catch (err) {
      setMessage({ kind: 'error', text: msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  async function reverse(line: LedgerEntry, manager: Staff | null = null) {
    if (busy) return;
    setBusy(true);
    try {
      // The manager's authorisation goes with this one command only.
      const res = await reverseRedemption(db, { memberId, lineId: line.id }, manager ? { ...ctx, staffId: ctx.staffId, authorisedBy: manager.id } : ctx);
      if (res.ok) setMessage({ kind: 'ok', text: manager ? msg('authorise.undoneBy', { points: res.value.points, name: manager.name }) : msg('redeem.undone', { points: res.value.points }) });
      else setMessage({ kind: 'error', text: msg(`redeem.undoError.${res.error}`) });
    } catch (err) {
      setMessage({ kind: 'error', text: msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
      setUndo(null);
      setAuthorising(null);
    }
  }

  // A clerk sees the same list and undoes with a manager's PIN in place.
  const mayUndo = role !== undefined && can(role, 'resolveExceptions');
  const recent = role !== undefined ? undoable(lines) : [];
  return (
    <section className="redeem" aria-labelledby="redeem-title">
      <h3 id="redeem-title">{t('redeem.title')}</h3>
      <div className="redeem-items">
        {REDEMPTION_ITEMS.map((item) => (
          <div key={item} className="redeem-item">
            <button type="button" disabled={busy} onClick={() => ask(item)}>
              <strong>{itemName(item)}</strong>
              <small>{item === 'lateCheckout' ? t('redeem.perHour', { points: DEFAULT_RULES.redemptions[item].points }) : t('common.points', { value: DEFAULT_RULES.redemptions[item].points })}</small>
            </button>
            {item === 'lateCheckout' && (
              <label className="hours">{t('redeem.hours')}
                <input value={hours} onChange={(e) => { setHours(e.target.value); setMessage(null); }} inputMode="numeric" size={2} aria-label={t('redeem.hours')} />
              </label>
            )}
          </div>
        ))}
      </div>
      {message && <FormMessage kind={message.kind}>{tr(t, message.text)}</FormMessage>}
      {recent.length > 0 && (
        <ul className="redeem-undo" aria-label={mayUndo ? t('redeem.recent') : t('authorise.recentForClerk')}>
          {recent.map((l) => (
            <li key={l.id}>
              {lineItem(l)} · {t('common.points', { value: l.points })}{' '}
              <button type="button" disabled={busy} onClick={() => setUndo(l)}>{mayUndo ? t('redeem.undo') : `${t('redeem.undo')} · ${t('authorise.offer')}`}</button>
            </li>
          ))}
        </ul>
      )}
      {pending && member && balance !== null && (
        <RedeemConfirm memberName={member.name} item={itemName(pending.item)} quantity={pending.item === 'lateCheckout' ? pending.quantity : null}
          cost={DEFAULT_RULES.redemptions[pending.item].points * pending.quantity} balance={balance} busy={busy}
          onConfirm={() => void redeem(pending.item, pending.quantity)} onCancel={() => setPending(null)} />
      )}
      {undo && member && balance !== null && (
        <UndoConfirm memberName={member.name} item={lineItem(undo)} points={-undo.points} balance={balance} busy={busy}
          onConfirm={() => { if (mayUndo) void reverse(undo); else { setAuthorising(undo); setUndo(null); } }} onCancel={() => setUndo(null)} />
      )}
      {authorising && (
        <ManagerPinDialog actions={['resolveExceptions']} what={t('redeem.undoText', { name: member?.name ?? '', item: lineItem(authorising), points: -authorising.points })}
          onAuthorised={(manager) => reverse(authorising, manager)} onCancel={() => setAuthorising(null)} />
      )}
    </section>
  );
}
