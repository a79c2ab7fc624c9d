import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const featureNames = ['arrivals', 'members', 'checkin', 'checkout', 'redeem', 'card-swipe', 'feedback', 'shell', 'pwa', 'settings', 'staff', 'door', 'audit', 'review'];

export default tseslint.config(
  { ignores: ['dist', 'dist-bench', 'node_modules', '.data', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Only src/data imports RxDB.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/data/**', 'src/sync/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['rxdb', 'rxdb/*', 'dexie'], message: 'Only src/data (and src/sync) may import RxDB or Dexie.' }],
      }],
    },
  },
  {
    // The domain is pure: no UI, storage, state or service-worker libraries,
    // and no clock or randomness (time, ids and randomness are passed in).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['react', 'react-*', 'rxdb', 'rxdb/*', 'dexie', 'zustand', 'zustand/*', 'workbox-*', 'i18next', '../data/*', '../features/*', '../app/*', '../sync/*'], message: 'src/domain must stay pure TypeScript.' }],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass time in; the domain has no clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Pass randomness in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass time in; the domain has no clock.' },
      ],
    },
  },
  ...featureNames.map((name) => ({
    // Features do not import each other; src/app composes them.
    files: [`src/features/${name}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: featureNames.filter((n) => n !== name).flatMap((n) => [`../${n}/*`, `../../${n}/*`, `../${n}`, `../../${n}`]), message: 'Features must not import each other; compose them in src/app.' },
          { group: ['rxdb', 'rxdb/*', 'dexie', '../../app/*'], message: 'Features reach data through src/data and never import src/app.' },
        ],
      }],
    },
  })),
  {
    // The service worker's kill switch (sw/retire.js) is deployed as it is.
    files: ['sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', 'server/**/*.{js,mjs}', '.ci/**/*.mjs', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
