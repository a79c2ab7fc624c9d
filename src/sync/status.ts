/**
 * What the desk shows about sync (UI state, Zustand): connection, last
 * successful sync, changes waiting, errors in plain words (i18n keys under
 * `sync.error.*`), and per collection the last moment it was in step with
 * the server (the not-yet-synced marks are computed from these).
 */
import { create } from 'zustand';
import type { CollectionName } from '../data/database';

export type Connection = 'standalone' | 'connecting' | 'online' | 'offline' | 'unauthorized' | 'error';

export type SyncErrorCode = 'network' | 'unauthorized' | 'server' | 'rejected' | 'quota' | 'unknown';

export interface SyncStatus {
  connection: Connection;
  branchId: string;
  /** The sync server's address this tablet uses ('' when stand-alone): new credentials keep it. */
  server: string;
  /** A setup link whose credentials the server refused (a sync.setup.error code), or null. */
  linkRefused: string | null;
  /** The last moment every collection was in step with the server (0: never). */
  lastSyncAt: number;
  /** Local changes not yet on the server. */
  pending: number;
  /** The first download of the branch is still running. */
  initialDownload: boolean;
  /** Documents stored locally during the first download, for its progress line. */
  downloaded: number;
  error: { code: SyncErrorCode; at: number; detail: string } | null;
  /** Per collection: last moment it was in step (documents written locally after it may not be on the server). */
  marks: Partial<Record<CollectionName, number>>;
}

export const initialSyncStatus: SyncStatus = {
  connection: 'standalone',
  branchId: '',
  server: '',
  linkRefused: null,
  lastSyncAt: 0,
  pending: 0,
  initialDownload: false,
  downloaded: 0,
  error: null,
  marks: {},
};

export const useSyncStatus = create<SyncStatus>()(() => ({ ...initialSyncStatus }));

export function setSyncStatus(patch: Partial<SyncStatus>): void {
  useSyncStatus.setState(patch);
}
