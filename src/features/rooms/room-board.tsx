import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROOM_STATUSES, ROOM_TYPES, type Reservation, type Room, type RoomStatus, type RoomType } from '../../domain/model';
import { compareRoomNo } from '../../domain/rooms';
import { inHouse$, rooms$ } from '../../data/queries';
import { liveValue, useLive } from '../../data/react';
import { FormMessage } from '../../ui/field';
import { OutOfOrderDialog } from './out-of-order-dialog';
import { useHousekeeping } from './use-housekeeping';

type StatusFilter = 'all' | RoomStatus;
type TypeFilter = 'all' | RoomType;
/** 'all' or a floor number as the select's value. */
type FloorFilter = 'all' | `${number}`;

/** Rooms grouped by floor, floors and rooms in order. */
export function byFloor(rooms: readonly Room[]): [number, Room[]][] {
  const floors = new Map<number, Room[]>();
  for (const r of rooms) floors.set(r.floor, [...(floors.get(r.floor) ?? []), r]);
  return [...floors.entries()]
    .sort(([a], [b]) => a - b)
    .map(([floor, list]) => [floor, list.sort((a, b) => compareRoomNo(a.roomNo, b.roomNo))]);
}

/**
 * The room board (房态): every room of the branch by floor, with its state,
 * type and guest; housekeeping's report made here (clean, several at once;
 * out of order with a reason, and back).
 */
export function RoomBoard() {
  const { t } = useTranslation();
  const rooms = liveValue(useLive(rooms$, 'rooms'), []);
  const stays = liveValue(useLive(inHouse$, 'inhouse'), []);
  const guests = useMemo(() => new Map(stays.map((r: Reservation) => [r.id, r.guestName])), [stays]);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [type, setType] = useState<TypeFilter>('all');
  const [floor, setFloor] = useState<FloorFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [oooRoom, setOooRoom] = useState<Room | null>(null);
  const hk = useHousekeeping();

  const floors = useMemo(() => [...new Set(rooms.map((r) => r.floor))].sort((a, b) => a - b), [rooms]);
  const shown = rooms.filter((r) => (status === 'all' || r.status === status) && (type === 'all' || r.type === type)
    && (floor === 'all' || r.floor === Number(floor)));
  const counts = Object.fromEntries(ROOM_STATUSES.map((s) => [s, rooms.filter((r) => r.status === s).length])) as Record<RoomStatus, number>;
  // Only rooms still waiting to be cleaned can be picked for the bulk "cleaned" report.
  const picked = [...selected].filter((id) => rooms.some((r) => r.id === id && r.status === 'vacant-dirty'));
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });

  async function markCleanSelected() {
    if (await hk.report(picked, { kind: 'clean' })) setSelected(new Set());
  }

  return (
    <section className="screen room-board" aria-labelledby="rooms-title">
      <header className="screen-head">
        <h1 id="rooms-title">{t('rooms.title')} <small>{t('rooms.count', { shown: shown.length, total: rooms.length })}</small></h1>
        <div className="filters">
          <label>{t('rooms.filter.status')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              <option value="all">{t('rooms.filter.all')} ({rooms.length})</option>
              {ROOM_STATUSES.map((s) => <option key={s} value={s}>{t(`rooms.status.${s}`)} ({counts[s]})</option>)}
            </select>
          </label>
          <label>{t('rooms.filter.type')}{' '}
            <select value={type} onChange={(e) => setType(e.target.value as TypeFilter)}>
              <option value="all">{t('rooms.filter.all')}</option>
              {ROOM_TYPES.map((x) => <option key={x} value={x}>{t(`roomType.${x}`)}</option>)}
            </select>
          </label>
          <label>{t('rooms.filter.floor')}{' '}
            <select value={floor} onChange={(e) => setFloor(e.target.value as FloorFilter)}>
              <option value="all">{t('rooms.filter.all')}</option>
              {floors.map((f) => <option key={f} value={String(f)}>{t('rooms.floor', { floor: f })}</option>)}
            </select>
          </label>
        </div>
      </header>
      <p className="muted legend">{t('rooms.legend')}</p>
      {picked.length > 0 && (
        <div className="bulk-bar" role="group" aria-label={t('rooms.selected', { count: picked.length })}>
          <span>{t('rooms.selected', { count: picked.length })}</span>
          <button type="button" className="primary" disabled={hk.busy} onClick={() => void markCleanSelected()}>
            {t('rooms.markCleanSelected', { count: picked.length })}
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>{t('rooms.clearSelection')}</button>
        </div>
      )}
      {hk.message && <FormMessage kind={hk.message.kind}>{hk.message.text}</FormMessage>}
      {byFloor(shown).map(([floorNo, list]) => (
        <section key={floorNo} className="floor" aria-label={t('rooms.floor', { floor: floorNo })}>
          <h2>{t('rooms.floor', { floor: floorNo })}</h2>
          <ul className="room-tiles">
            {list.map((r) => (
              <li key={r.id} className={`room-tile status-${r.status}`} data-room={r.roomNo}>
                <div className="tile-head">
                  {r.status === 'vacant-dirty' && (
                    <input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)}
                      aria-label={t('rooms.select', { room: r.roomNo })} />
                  )}
                  <strong className="room-no">{r.roomNo}</strong>
                  <span className="room-state">{t(`rooms.status.${r.status}`)}</span>
                </div>
                <div className="room-type">{t(`roomType.${r.type}`)}</div>
                {r.status === 'occupied' && <div className="room-guest">{guests.get(r.reservationId) ?? '—'}</div>}
                {r.status === 'out-of-order' && r.hkReason && <div className="room-reason">{r.hkReason}</div>}
                <div className="tile-actions">
                  {r.status === 'vacant-dirty' && (
                    <button type="button" disabled={hk.busy} aria-label={t('rooms.cleanFor', { room: r.roomNo })}
                      onClick={() => void hk.report([r.id], { kind: 'clean' })}>{t('rooms.markClean')}</button>
                  )}
                  {(r.status === 'vacant-clean' || r.status === 'vacant-dirty') && (
                    <button type="button" aria-label={t('rooms.oooFor', { room: r.roomNo })} onClick={() => setOooRoom(r)}>{t('rooms.outOfOrder')}</button>
                  )}
                  {r.status === 'out-of-order' && (
                    <button type="button" disabled={hk.busy} aria-label={t('rooms.backFor', { room: r.roomNo })}
                      onClick={() => void hk.report([r.id], { kind: 'clean' })}>{t('rooms.backInOrder')}</button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {shown.length === 0 && <p className="empty">{t('rooms.empty')}</p>}
      {oooRoom && <OutOfOrderDialog room={oooRoom} onClose={() => setOooRoom(null)} report={hk.reportOrError} />}
    </section>
  );
}
