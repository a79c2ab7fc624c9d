/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set at build time (`VITE_BUILD_ID=… vite build`) to tell deployments apart in settings. */
  readonly VITE_BUILD_ID?: string;
}
