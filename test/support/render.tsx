import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { FrontDeskDatabase } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { DbProvider } from '../../src/data/react';
import { createI18n, type Language } from '../../src/i18n';
import { testCtx } from './db';

/** Render with a database, a fixed command context and Chinese (default) text. */
export function renderWithDb(ui: ReactElement, db: FrontDeskDatabase, opts: { ctx?: CommandContext; language?: Language } = {}) {
  const i18n = createI18n(opts.language ?? 'zh');
  return render(
    <DbProvider db={db} ctx={opts.ctx ?? testCtx()}>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </DbProvider>,
  );
}
