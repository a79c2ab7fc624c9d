/**
 * The update prompt: a waiting version is offered, applied on the clerk's
 * word or after an idle spell — never while a dialog or form is open, nor
 * over unsaved text.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n';
import { UpdatePrompt } from '../../src/features/pwa/update-prompt';
import { resetUpdates, useUpdates } from '../../src/features/pwa/update-store';
import { useSession } from '../../src/session/store';

const IDLE = 60_000;

function renderPrompt() {
  return render(
    <I18nextProvider i18n={createI18n('zh')}>
      <UpdatePrompt idleMs={IDLE} />
    </I18nextProvider>,
  );
}

function offer() {
  const apply = vi.fn();
  act(() => useUpdates.getState().offer(apply));
  return apply;
}

beforeEach(() => {
  vi.useFakeTimers();
  resetUpdates();
});
afterEach(() => {
  vi.useRealTimers();
  resetUpdates();
});

describe('update prompt', () => {
  it('shows nothing while there is no new version', () => {
    renderPrompt();
    expect(screen.queryByText('新版本可用')).toBeNull();
  });

  it('offers a waiting version and applies it on the clerk\'s word', () => {
    renderPrompt();
    const apply = offer();
    expect(screen.getByRole('complementary', { name: '新版本可用' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '立即更新' }));
    expect(apply).toHaveBeenCalledTimes(1);
    expect(screen.getByText('正在更新…')).toBeInTheDocument();
    // A second click does not apply twice.
    expect(screen.queryByRole('button', { name: '立即更新' })).toBeNull();
  });

  it('never applies while a form is open, however long it stays open', () => {
    renderPrompt();
    const apply = offer();
    act(() => useSession.getState().formOpened());
    expect(screen.getByRole('button', { name: '立即更新' })).toBeDisabled();
    expect(screen.getByText(/请先办完当前的入住或退房/)).toBeInTheDocument();
    act(() => { vi.advanceTimersByTime(IDLE * 10); });
    expect(apply).not.toHaveBeenCalled();

    // The form closes; after an idle spell the update applies by itself.
    act(() => useSession.getState().formClosed());
    expect(screen.getByRole('button', { name: '立即更新' })).toBeEnabled();
    act(() => { vi.advanceTimersByTime(IDLE - 1); });
    expect(apply).not.toHaveBeenCalled();
    act(() => { vi.advanceTimersByTime(1); });
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('counts nested dialogs: applies only once the last one is closed', () => {
    renderPrompt();
    const apply = offer();
    act(() => { useSession.getState().formOpened(); useSession.getState().formOpened(); });
    act(() => useSession.getState().formClosed());
    act(() => { vi.advanceTimersByTime(IDLE * 2); });
    expect(apply).not.toHaveBeenCalled();
    act(() => useSession.getState().formClosed());
    act(() => { vi.advanceTimersByTime(IDLE); });
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('waits for a real idle moment: any input starts the wait again', () => {
    renderPrompt();
    const apply = offer();
    act(() => { vi.advanceTimersByTime(IDLE - 1000); });
    fireEvent.keyDown(window, { key: 'a' });
    act(() => { vi.advanceTimersByTime(IDLE - 1000); });
    fireEvent.pointerDown(document.body);
    act(() => { vi.advanceTimersByTime(IDLE - 1000); });
    expect(apply).not.toHaveBeenCalled();
    act(() => { vi.advanceTimersByTime(1000); });
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('does not reload over unsaved text (a half-written complaint)', () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '空调噪音';
    try {
      renderPrompt();
      const apply = offer();
      act(() => { vi.advanceTimersByTime(IDLE * 3); });
      expect(apply).not.toHaveBeenCalled();
      area.value = '';
      act(() => { vi.advanceTimersByTime(IDLE); });
      expect(apply).toHaveBeenCalledTimes(1);
    } finally {
      area.remove();
    }
  });

  it('"later" hides the prompt; the update still applies at the next idle moment', () => {
    renderPrompt();
    const apply = offer();
    fireEvent.click(screen.getByRole('button', { name: '稍后' }));
    expect(screen.queryByText('新版本可用')).toBeNull();
    act(() => { vi.advanceTimersByTime(IDLE); });
    expect(apply).toHaveBeenCalledTimes(1);
  });
});

describe('dialogs count as busy forms', () => {
  it('a Dialog increments busyForms while mounted', async () => {
    const { Dialog } = await import('../../src/ui/dialog');
    const view = render(<Dialog title="t" onClose={() => undefined}><input aria-label="x" /></Dialog>);
    expect(useSession.getState().busyForms).toBe(1);
    view.unmount();
    expect(useSession.getState().busyForms).toBe(0);
  });
});
