import '@testing-library/jest-dom/vitest';
import { webcrypto } from 'node:crypto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { resetSession } from '../src/session/store';

// jsdom replaces Node's WebCrypto with one that has no `subtle`; RxDB hashes with it.
Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });

afterEach(() => {
  cleanup();
  resetSession();
});
