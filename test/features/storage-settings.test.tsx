/**
 * Storage: usage and quota in settings, persistent storage asked for, and a
 * full disk said in plain words.
 */
import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n';
import { QuotaAlert } from '../../src/features/settings/quota-alert';
import { SettingsDialog } from '../../src/features/settings/settings-dialog';
import { formatBytes, isQuotaError, requestPersistentStorage } from '../../src/features/settings/storage';

const inZh = (ui: ReactElement) => render(<I18nextProvider i18n={createI18n('zh')}>{ui}</I18nextProvider>);

function stubStorage(storage: Partial<StorageManager> | undefined) {
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
}

afterEach(() => stubStorage(undefined));

describe('isQuotaError', () => {
  it('recognises a full disk however it is wrapped', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    // Dexie wraps the IndexedDB error in `inner`; RxDB keeps it in parameters.error.
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'RxError', parameters: { error: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError(new Error('x', { cause: new DOMException('full', 'QuotaExceededError') }))).toBe(true);
    expect(isQuotaError(new Error('QuotaExceededError: the quota has been exceeded'))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isQuotaError(new Error('network'))).toBe(false);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(17_100_000)).toBe('17.1 MB');
    expect(formatBytes(10_800_000_000)).toBe('10.8 GB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
  });
});

describe('persistent storage', () => {
  it('is asked for only when not yet granted', async () => {
    const persist = vi.fn(async () => true);
    stubStorage({ persisted: async () => false, persist });
    await expect(requestPersistentStorage()).resolves.toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);

    const again = vi.fn(async () => true);
    stubStorage({ persisted: async () => true, persist: again });
    await expect(requestPersistentStorage()).resolves.toBe(true);
    expect(again).not.toHaveBeenCalled();
  });

  it('says nothing where the browser has no storage manager', async () => {
    stubStorage(undefined);
    await expect(requestPersistentStorage()).resolves.toBeNull();
  });
});

describe('settings dialog', () => {
  it('shows whether storage is persistent, and usage against quota', async () => {
    stubStorage({ persisted: async () => true, estimate: async () => ({ usage: 17_100_000, quota: 10_800_000_000 }) });
    inZh(<SettingsDialog onClose={() => undefined} />);
    expect(await screen.findByText('已用 17.1 MB，上限 10.8 GB（0.2%）')).toBeInTheDocument();
    expect(screen.getByText(/已开启/)).toBeInTheDocument();
  });

  it('offers to ask again when storage is not persistent', async () => {
    const persist = vi.fn(async () => false);
    stubStorage({ persisted: async () => false, persist, estimate: async () => ({ usage: 1000, quota: 1_000_000 }) });
    inZh(<SettingsDialog onClose={() => undefined} />);
    const ask = await screen.findByRole('button', { name: '申请持久存储' });
    await act(async () => { ask.click(); });
    expect(persist).toHaveBeenCalled();
    expect(await screen.findByText(/浏览器未同意/)).toBeInTheDocument();
  });

  it('says so when the browser cannot tell', async () => {
    stubStorage(undefined);
    inZh(<SettingsDialog onClose={() => undefined} />);
    expect(await screen.findAllByText('浏览器无法提供')).toHaveLength(2);
  });
});

describe('a full disk', () => {
  function rejection(reason: unknown): Event {
    return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason, promise: Promise.resolve() });
  }

  it('is said in plain words, and nothing else is', () => {
    inZh(<QuotaAlert />);
    act(() => { window.dispatchEvent(rejection(new Error('something else'))); });
    expect(screen.queryByRole('alert')).toBeNull();
    const event = rejection({ name: 'RxError', parameters: { error: new DOMException('full', 'QuotaExceededError') } });
    act(() => { window.dispatchEvent(event); });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('平板存储空间已满');
    expect(alert).toHaveTextContent('之前保存的数据都还在，不会丢失');
    expect(event.defaultPrevented).toBe(true);
    act(() => { screen.getByRole('button', { name: '知道了' }).click(); });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
