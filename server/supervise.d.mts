/** Types for server/supervise.mjs (plain JS so Node runs it without a TypeScript loader). */
export interface SyncServerOptions {
  /** LevelDB files, config.json (the server admin) and log.txt go here. */
  dataDir: string;
  /** 0 (default) for a free port; restarts reuse the port first obtained. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'admin'. */
  adminUser?: string;
  /** Needed on the first start of a data dir (creates the server admin). */
  adminPassword?: string;
  /** Restart the server when it dies unexpectedly (default false). */
  restart?: boolean;
  /** Where the child's stderr and supervisor notes go (default: process.stderr). */
  log?: (line: string) => void;
}

export interface SyncServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  pid(): number | undefined;
  /** Sends the signal (default SIGKILL) and waits for the exit; no automatic restart follows. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again (stopping it first if it runs) on the same port and data dir. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; no restart. */
  stop(): Promise<void>;
}

export function startSyncServer(options: SyncServerOptions): Promise<SyncServer>;
