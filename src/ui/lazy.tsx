/**
 * Screens and dialogs the first screen (sign-in, then today's arrivals) does
 * not need load on first use, as chunks of their own (React.lazy), which
 * keeps the first screen's JavaScript small (README: ≤ 250 KB gzipped).
 * Every chunk is precached by the service worker (vite.config.ts globs every
 * built script), so a lazy tab opens offline too; the e2e test
 * test/e2e/offline-lazy.test.ts opens each one after a cold offline start.
 *
 * While a chunk loads, a short status line says what is opening (never a
 * blank screen); a chunk that cannot load (an old deployment's files gone)
 * says so with a reload button instead of taking the desk down.
 */
import { Component, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Loading({ name }: { name?: string | undefined }) {
  const { t } = useTranslation();
  return <p className="lazy-loading" role="status">{name ? t('lazy.screen', { name }) : t('lazy.dialog')}</p>;
}

function Failed() {
  const { t } = useTranslation();
  return (
    <div className="lazy-failed" role="alert">
      <p>{t('lazy.failed')}</p>
      <button type="button" onClick={() => location.reload()}>{t('lazy.reload')}</button>
    </div>
  );
}

class ChunkBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(err: unknown): void {
    console.warn('a screen failed to load', err);
  }
  override render(): ReactNode {
    return this.state.failed ? <Failed /> : this.props.children;
  }
}

/** A lazily loaded screen (`name`: what the clerk opened, e.g. the tab's label) or dialog (no name). */
export function Lazy({ name, children }: { name?: string | undefined; children: ReactNode }) {
  return (
    <ChunkBoundary>
      <Suspense fallback={<Loading name={name} />}>{children}</Suspense>
    </ChunkBoundary>
  );
}
