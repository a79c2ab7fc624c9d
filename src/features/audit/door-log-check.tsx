import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IsoDate } from '../../domain/model';
import { verifyDoorLog, type DeviceChainReport } from '../../domain/door-chain';
import { sha256 } from '../../data/crypto';
import { doorHead } from '../../data/commands/door';
import { doorEventsOnce } from '../../data/queries-night';
import { useCommandContext, useDb } from '../../data/react';

/** Tamper evidence: verify each device's door-event hash chain for a date. */
export function DoorLogCheck({ businessDate }: { businessDate: IsoDate }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [reports, setReports] = useState<DeviceChainReport[] | null>(null);

  async function verify() {
    const head = await doorHead(db);
    const heads = head ? { [ctx.deviceId]: head } : {};
    setReports(await verifyDoorLog(await doorEventsOnce(db), sha256, { businessDate, heads }));
  }

  function describe(r: DeviceChainReport): string {
    const { result } = r;
    if (result.ok) return t('audit.chainOk', { device: r.deviceId, count: r.events });
    const { missing } = result;
    if (missing) {
      // Sequence numbers of the missing events: what was deleted, for the manager to ask about.
      const range = missing.from === missing.to ? `#${missing.from}` : `#${missing.from}–#${missing.to}`;
      const values = { device: r.deviceId, range, n: missing.to - missing.from + 1, to: missing.to, id: result.eventId };
      return result.eventId ? t('doorLog.chainGap', values) : t('doorLog.chainGapEnd', values);
    }
    return t('audit.chainBroken', { device: r.deviceId, at: result.at, problem: result.problem, id: result.eventId });
  }

  return (
    <section className="door-check no-print" aria-labelledby="door-check-title">
      <h3 id="door-check-title">{t('audit.verify')}</h3>
      <button type="button" onClick={() => void verify()}>{t('audit.verify')}</button>
      {reports && reports.length === 0 && <p className="muted">{t('audit.noDoorEvents')}</p>}
      <ul>
        {reports?.map((r) => (
          <li key={r.deviceId} className={r.result.ok ? 'pos' : 'neg'} role={r.result.ok ? undefined : 'alert'}>
            {describe(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}
