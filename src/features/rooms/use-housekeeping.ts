import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportHousekeeping, type HousekeepingCommandError } from '../../data/commands/housekeeping';
import { useCommandContext, useDb } from '../../data/react';
import type { HousekeepingReport } from '../../domain/room-status';

export interface HkMessage { kind: 'ok' | 'error'; text: string }

/** Runs housekeeping's report and puts its outcome in words. */
export function useHousekeeping() {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<HkMessage | null>(null);

  const errorText = (e: HousekeepingCommandError): string =>
    t(`rooms.error.${e.code}`, 'roomNo' in e ? { room: e.roomNo } : {});

  /** The error text when refused, null when saved (the message says what changed). */
  async function reportOrError(roomIds: string[], report: HousekeepingReport): Promise<string | null> {
    setBusy(true);
    try {
      const res = await reportHousekeeping(db, { roomIds, report }, ctx);
      if (!res.ok) {
        const text = errorText(res.error);
        setMessage({ kind: 'error', text });
        return text;
      }
      const rooms = res.value.changed.map((r) => r.roomNo).join('、');
      if (rooms) setMessage({ kind: 'ok', text: t(`rooms.saved.${report.kind}`, { rooms, reason: report.kind === 'out-of-order' ? report.reason.trim() : '' }) });
      return null;
    } catch (err) {
      const text = t('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) });
      setMessage({ kind: 'error', text });
      return text;
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    message,
    reportOrError,
    report: async (roomIds: string[], report: HousekeepingReport) => (await reportOrError(roomIds, report)) === null,
  };
}
