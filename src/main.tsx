import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DbProvider } from './data/react';
import { boot } from './app/boot';
import { FrontDesk } from './app/front-desk';
import { browserCommandContext } from './session/command-context';
import './app/styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const ctx = browserCommandContext();

boot(Date.now()).then(
  (db) => {
    root.render(
      <StrictMode>
        <DbProvider db={db} ctx={ctx}>
          <FrontDesk />
        </DbProvider>
      </StrictMode>,
    );
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    root.render(<p className="boot error" role="alert">前台无法启动 / The front desk could not start: {message}</p>);
  },
);
