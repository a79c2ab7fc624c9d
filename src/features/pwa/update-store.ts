import { create } from 'zustand';

/**
 * Whether a new version of the app is installed and waiting, and how to
 * switch to it. The service-worker registration (register.ts) offers the
 * update; the prompt (update-prompt.tsx) decides when to apply it.
 */
export interface UpdateState {
  /** A new version waits. */
  ready: boolean;
  /** The clerk said yes (or the desk was idle): the switch is under way. */
  applying: boolean;
  /** The clerk said "later": the prompt is hidden, the update still applies at an idle moment. */
  dismissed: boolean;
  /** Switches to the waiting version (the page reloads). */
  applyFn: (() => void) | null;
  offer(apply: () => void): void;
  apply(): void;
  dismiss(): void;
}

export const useUpdates = create<UpdateState>()((set, get) => ({
  ready: false,
  applying: false,
  dismissed: false,
  applyFn: null,
  offer: (applyFn) => set({ ready: true, applyFn }),
  apply: () => {
    const { applyFn, applying } = get();
    if (!applyFn || applying) return;
    set({ applying: true });
    applyFn();
  },
  dismiss: () => set({ dismissed: true }),
}));

/** Tests start from no update. */
export function resetUpdates(): void {
  useUpdates.setState({ ready: false, applying: false, dismissed: false, applyFn: null });
}
