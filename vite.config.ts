/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    // Data and domain tests run in Node: RxDB needs a working crypto.subtle,
    // which jsdom replaces. Feature (UI) tests run in jsdom.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/domain/**/*.test.ts', 'test/data/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/i18n/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['test/features/**/*.test.tsx', 'test/app/**/*.test.tsx'],
          setupFiles: ['test/setup-ui.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
