import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branch } from '../../domain/model';
import type { NoShowItem } from '../../domain/night-audit';
import { addDays } from '../../domain/dates';
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


  async function showPreview() {
    setMessage(null);
    setPreview((await previewNightAudit(db)).items);
  }

  async function run() {
    setBusy(true);
    try {
      const res = await runNightAudit(db, ctx);
      if (!res.ok) {
        setMessage({ kind: 'error', text: res.error === 'tooEarly' ? msg('audit.tooEarly', { cutoff: DEFAULT_RULES.door.cutoff }) : msg('audit.forbidden') });
        return;
      }
      const count = res.value.items.filter((i) => i.outcome.kind !== 'exempt').length;
      setMessage({ kind: 'ok', text: msg('audit.done', { date: res.value.businessDate, count, next: res.value.nextDate }) });
      setReportDate(res.value.businessDate);
      setPreview(null);
    } catch (err) {
      setMessage({ kind: 'error', text: msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="screen audit" aria-labelledby="audit-title">
      <header className="screen-head no-print">
        <h1 id="audit-title">{t('audit.title')} <small>{branch.businessDate}</small></h1>
        <button type="button" className="primary" onClick={() => void showPreview()}>{t('audit.run')}</button>
      </header>
      {preview && (
        <div className="audit-preview no-print">
          <h2>{preview.length === 0 ? t('audit.noneToProcess') : t('audit.preview')}</h2>
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
