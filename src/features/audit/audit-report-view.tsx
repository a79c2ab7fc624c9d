import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { IsoDate } from '../../domain/model';
import { REPORT_LABEL_KEYS, reportToCsv, type AuditReport } from '../../domain/night-audit';
import { pendingExceptionsOnce } from '../../data/queries-review';
import { nightAuditReport } from '../../data/commands/audit';
import { useCommandContext, useDb, useLive } from '../../data/react';
import { localDateOf, localTimeOf } from '../../domain/dates';
import { useSession } from '../../session/store';
import { branch$ } from '../../data/queries';
import { branchName } from '../../ui/names';

/** The night audit report: on screen, printable (A4) and as CSV for Excel. */
export function AuditReportView({ businessDate }: { businessDate: IsoDate }) {
  const { t, i18n } = useTranslation();
  const db = useDb();
  // Recompute when the branch changes (the audit rolled the date) or the date is changed.
  const branch = useLive(branch$, 'branch');
  const stamp = branch.status === 'ready' ? branch.value?.updatedAt ?? 0 : 0;
  const [report, setReport] = useState<AuditReport | null>(null);
  const ctx = useCommandContext();
  const staff = useSession((s) => s.staff);
  // The printout says when and by whom it was printed: stamped as the print
  // starts (button or Ctrl+P), rendered synchronously so the page carries it.
  const [printedAt, setPrintedAt] = useState<number | null>(null);
  useEffect(() => {
    const stamp = () => flushSync(() => setPrintedAt(ctx.now()));
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, [ctx]);
  useEffect(() => {
    let live = true;
    void pendingExceptionsOnce(db)
      .then((pending) => nightAuditReport(db, businessDate, pending))
      .then((r) => { if (live) setReport(r); });
    return () => { live = false; };
  }, [db, businessDate, stamp]);
  if (!report) return null;
  const b = branch.status === 'ready' ? branch.value : null;
  const zone = b?.timeZone ?? 'Asia/Shanghai';

  function downloadCsv(r: AuditReport) {
    const labels = Object.fromEntries(REPORT_LABEL_KEYS.map((k) => [k, t(`report.${k}`)]));
    const blob = new Blob([reportToCsv(r, labels)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `night-audit-${r.businessDate}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <article className="report" aria-labelledby="report-title">
      <header className="screen-head">
        <h2 id="report-title">{b ? `${branchName(b, i18n.language)} · ` : ''}{t('report.title')} · {report.businessDate}</h2>
        <span className="inline no-print">
          <button type="button" onClick={() => { flushSync(() => setPrintedAt(ctx.now())); window.print(); }}>{t('audit.print')}</button>
          <button type="button" onClick={() => downloadCsv(report)}>{t('audit.csv')}</button>
        </span>
      </header>
      {printedAt !== null && (
        <p className="print-only report-meta" data-testid="printed">
          {t('audit.printed', { branch: b ? `${b.name}（${b.id}）` : '', at: `${localDateOf(printedAt, zone)} ${localTimeOf(printedAt, zone)}`, by: staff?.name ?? '—' })}
        </p>
      )}
      <section>
        <h3>{t('report.section.arrivals')}</h3>
        {/* The same tally (./domain/business-day) as the desk's banner and the arrival tiles. */}
        <p className="chips" data-testid="report-tally">
          <span className="chip">{t('report.arrivals.total')} {report.tally.total}</span>
          <span className="chip">{t('day.tally.expected')} {report.tally.expected}</span>
          <span className="chip">{t('day.tally.arrived')} {report.tally.arrived}</span>
          <span className="chip">{t('day.tally.noShow')} {report.tally.noShow}</span>
          <span className="chip">{t('day.tally.cancelled')} {report.tally.cancelled}</span>
          <span className="chip">{t('report.status.checked-in')} {report.tally.checkedIn}</span>
          <span className="chip">{t('report.status.checked-out')} {report.tally.checkedOut}</span>
        </p>
      </section>
      <section>
        <h3>{t('report.section.noShows')} · {t('report.noShows.count')} {report.noShows.count} · {t('report.noShows.charged')} {report.noShows.charged}</h3>
        <table className="list">
          <thead><tr><th>{t('report.col.guest')}</th><th>{t('report.col.nights')}</th><th>{t('report.col.cause')}</th><th>{t('report.col.outcome')}</th><th>{t('report.col.points')}</th></tr></thead>
          <tbody>
            {report.noShows.rows.map((r) => (
              <tr key={r.reservationId}>
                <td>{r.guestName}</td><td>{r.nights}</td><td>{t(`report.cause.${r.cause}`)}</td>
                <td>{r.exemptReason ? t(`report.exempt.${r.exemptReason}`) : t(`report.outcome.${r.outcome === 'forfeit' ? 'forfeit' : 'penalty'}`)}</td>
                <td>{r.points}{r.forfeited > 0 && ` (${r.forfeited})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>{t('report.section.redemptions')}</h3>
        <p className="chips">{report.redemptions.map((r) => <span key={r.item} className="chip">{t(`report.item.${r.item}`)} × {r.quantity} · {r.points}</span>)}</p>
        <h3>{t('report.section.points')}</h3>
        <p className="chips">
          <span className="chip">{t('report.points.earned')} {report.points.earned}</span>
          <span className="chip">{t('report.points.spent')} {report.points.spent}</span>
          <span className="chip">{t('report.points.penalised')} {report.points.penalised}</span>
          <span className="chip">{t('report.points.forfeited')} {report.points.forfeited}</span>
        </p>
      </section>
      <section>
        <h3>{t('report.section.door')} · {t('report.door.granted')} {report.door.granted} · {t('report.door.denied')} {report.door.denied}</h3>
        <table className="list">
          <thead><tr><th>{t('report.col.time')}</th><th>{t('report.col.card')}</th><th>{t('report.col.name')}</th><th>{t('report.col.room')}</th><th>{t('report.col.decision')}</th><th>{t('report.col.reason')}</th></tr></thead>
          <tbody>
            {report.door.rows.map((d) => (
              <tr key={d.id} className={d.denied ? 'denied' : ''}>
                <td>{d.localTime}</td><td>{d.cardNo}</td><td>{d.memberName}</td><td>{d.roomNo}</td>
                <td>{d.denied ? <strong>{t('audit.deniedFlag')}</strong> : t(`report.decision.${d.decision}`)}</td><td>{t(`report.reason.${d.reason}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section><h3>{t('report.section.exceptions')}: {report.exceptionsPending}</h3></section>
    </article>
  );
}
