// Types for scripts/code-server-harness.js (used from the TypeScript tests in test/ui/).
import type { Browser } from 'playwright-core';

export interface CodeServer {
  /** "127.0.0.1:PORT" */
  readonly host: string;
  readonly port: number;
  /** Temp dir holding the profile, IPC sockets and code-server.log; removed by stop() unless kept. */
  readonly work: string;
  readonly logFile: string;
  readonly pid: number;
  /** The workbench URL for a folder (or workspace file), with `payload` entries such as ['extensionDevelopmentPath', remoteUri(dir)]. */
  workbenchUrl(options?: { folder?: string; workspace?: string; payload?: [string, string][] }): string;
  /** vscode-remote://HOST/abs/path for a local path. */
  remoteUri(p: string): string;
  readLog(): Promise<string>;
  /** Ends the server's process group; `keep` keeps the work dir. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export function startCodeServer(options?: {
  userDataDir?: string;
  extensionsDir?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  port?: number;
}): Promise<CodeServer>;
export function launchChromium(options?: { headless?: boolean }): Promise<Browser>;
export function ensureCodeServer(options?: { stdio?: 'inherit' | 'pipe' | 'ignore' }): void;
export const CODE_SERVER_BIN: string;
export const CHROME_PATH: string;
export const REPO: string;
