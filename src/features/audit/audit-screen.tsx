import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branch } from '../../domain/model';
import type { NoShowItem } from '../../domain/night-audit';
import { addDays } from '../../domain/dates';
import { auditAvailability, dayPhase, localNowOf } from '../../domain/business-day';
import { DEFAULT_RULES } from '../../domain/rules';
import { previewNightAudit, runNightAudit } from '../../data/commands/audit';
import { useCommandContext, useDb } from '../../data/react';
import { FormMessage } from '../../ui/field';
import { AuditReportView } from './audit-report-view';
import { DoorLogCheck } from './door-log-check';
import { msg, tr, type Msg } from '../../ui/msg';

/** The night auditor's screen: close the day, then the report of any date. */
export function AuditScreen({ branch }: { branch: Branch }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [preview, setPreview] = useState<NoShowItem[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: Msg } | null>(null);
  const [reportDate, setReportDate] = useState(branch.businessDate);
  const [busy, setBusy] = useState(false);


  /** Why the audit cannot run now (before the cut-off), or null; the command checks the same. */
  function tooEarly(): Msg | null {
    const now = localNowOf(ctx.now(), branch.timeZone);
    const open = auditAvailability(now, branch.businessDate, DEFAULT_RULES.door);
    if (open.ok) return null;
    return msg('day.tooEarly', { date: branch.businessDate, opensOn: open.opensOn, opensAt: open.opensAt, now: `${now.date} ${now.time}` });
  }

  async function showPreview() {
    const early = tooEarly();
    if (early !== null) {
      // Nothing to preview before the cut-off: every arrival would read as a no-show.
      setPreview(null);
      setMessage({ kind: 'error', text: early });
      return;
    }
    setMessage(null);
    setPreview((await previewNightAudit(db)).items);
  }

  async function run() {
    setBusy(true);
    try {
      const res = await runNightAudit(db, ctx);
      if (!res.ok) {
        setMessage({ kind: 'error', text: res.error === 'tooEarly' ? tooEarly() ?? msg('common.saveFailed', { reason: res.error }) : msg('audit.forbidden') });
        return;
      }
      // The report's definitions (./business-day): no-shows are the rows not arrived; charged, those that cost points.
      const count = res.value.items.filter((i) => i.cause === 'not-arrived').length;
      const charged = res.value.items.filter((i) => i.outcome.kind !== 'exempt').length;
      setMessage({ kind: 'ok', text: msg('audit.done', { date: res.value.businessDate, count, charged, next: res.value.nextDate }) });
      setReportDate(res.value.businessDate);
      setPreview(null);
    } catch (err) {
      setMessage({ kind: 'error', text: msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  const pending = preview?.filter((i) => i.reservation.status === 'expected').length ?? 0;
  const late = preview !== null && dayPhase(localNowOf(ctx.now(), branch.timeZone), branch.businessDate, DEFAULT_RULES.door) === 'overdue';

  return (
    <section className="screen audit" aria-labelledby="audit-title">
      <header className="screen-head no-print">
        <h1 id="audit-title">{t('audit.title')} <small>{branch.businessDate}</small></h1>
        <button type="button" className="primary" onClick={() => void showPreview()}>{t('audit.run')}</button>
      </header>
      {preview && (
        <div className="audit-preview no-print">
          <h2>{preview.length === 0 ? t('audit.noneToProcess') : t('audit.preview')}</h2>
          {pending > 0 && <p>{t('day.auditPending', { count: pending })}</p>}
          {late && <p className="warn">{t('day.late', { morning: DEFAULT_RULES.door.morningEnd })}</p>}
          <ul>
            {preview.map((i) => (
              <li key={i.reservation.id}>
                {i.reservation.guestName} · {t(`report.cause.${i.cause}`)} ·{' '}
                {i.outcome.kind === 'exempt' ? t(`report.exempt.${i.outcome.reason}`) : t(`report.outcome.${i.outcome.kind}`)}
                {i.points !== 0 && <strong className="neg"> {i.points}</strong>}
              </li>
            ))}
          </ul>
          <button type="button" className="primary" disabled={busy} onClick={() => void run()}>{t('audit.confirm')}</button>
        </div>
      )}
      {/* The outcome of the last click is for the screen, never the printed report. */}
      {message && <div className="no-print"><FormMessage kind={message.kind}>{tr(t, message.text)}</FormMessage></div>}
      <div className="inline no-print">
        <label htmlFor="report-date">{t('audit.reportFor')}</label>
        <input id="report-date" type="date" value={reportDate} max={branch.businessDate} min={addDays(branch.businessDate, -366)}
          onChange={(e) => { if (e.target.value) setReportDate(e.target.value); }} />
      </div>
      <AuditReportView businessDate={reportDate} />
      <DoorLogCheck businessDate={reportDate} />
    </section>
  );
}
