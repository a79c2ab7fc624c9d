import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayPhase, localNowOf, tallyArrivals } from '../../domain/business-day';
import type { Branch } from '../../domain/model';
import { DEFAULT_RULES } from '../../domain/rules';
import { arrivals$ } from '../../data/queries';
import { liveValue, useCommandContext, useLive } from '../../data/react';
import { branchName } from '../../ui/names';

/** How often the banner looks at the clock (the phase changes at the cut-off and the morning hour). */
const TICK_MS = 30_000;

/**
 * The business day at a glance, under the top bar: the branch's name (the
 * top bar has no room for it beside the tabs on a portrait tablet), its date (from the audit records, never the
 * wall clock), where the night stands (day, audit window, audit overdue) and
 * the day's one tally of arrivals, the same numbers as the arrival tiles
 * and the audit report (./domain/business-day).
 */
export function DayBanner({ branch }: { branch: Branch }) {
  const { t, i18n } = useTranslation();
  const ctx = useCommandContext();
  const [now, setNow] = useState(() => ctx.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(ctx.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [ctx]);
  const date = branch.businessDate;
  const list = liveValue(useLive((db) => arrivals$(db, date), date), []);
  const tally = tallyArrivals(list, date);
  const hours = DEFAULT_RULES.door;
  const phase = dayPhase(localNowOf(now, branch.timeZone), date, hours);
  return (
    <section className={`day-banner phase-${phase}`} aria-label={t('day.label')} data-phase={phase}>
      <strong><span className="day-branch">{branchName(branch, i18n.language)}</span> · {t('day.banner', { date })}</strong>
      <span className={phase === 'overdue' ? 'warn' : ''}>{t(`day.phase.${phase}`, { date, cutoff: hours.cutoff, morning: hours.morningEnd })}</span>
      <span className="day-tally" data-testid="day-tally">
        {t('day.tally.label', { date })} {t('day.tally.total')} {tally.total} · {t('day.tally.expected')} {tally.expected} · {t('day.tally.arrived')} {tally.arrived} ·{' '}
        {t('day.tally.noShow')} {tally.noShow} · {t('day.tally.cancelled')} {tally.cancelled}
      </span>
    </section>
  );
}
