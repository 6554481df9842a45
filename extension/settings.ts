/**
 * The `winsockReplay.*` settings, which mirror the CLI's options, read into the analyzer's
 * options. A setting the analyzer rejects falls back to its default, with the reason, so a typo
 * in settings.json never leaves an empty editor.
 */

import * as vscode from 'vscode';
import { parseLocalAddresses } from '../analyzer/connections/localSides';
import { DEFAULT_OPTIONS, parseApi, parseAppModel, parseMask, parseProfile, type ReplayOptions } from '../analyzer/replay/options';
import type { ProgramPatternSpec } from '../analyzer/logs/programPatterns';
import type { TimeFormat } from '../webview/protocol';

export const SECTION = 'winsockReplay';

export interface EditorSettings {
  readonly options: ReplayOptions;
  readonly local: readonly string[] | null;
  readonly timeFormat: TimeFormat;
  /** Patterns for the program's own log (winsockReplay.logPatterns); empty: the presets. */
  readonly logPatterns: readonly ProgramPatternSpec[];
  /** One line per setting that could not be used. */
  readonly problems: readonly string[];
}

export function readSettings(scope?: vscode.Uri): EditorSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const parse = <T>(key: string, f: (text: string) => T, fallback: T): T => {
    const raw = c.get<string>(key);
    if (raw === undefined || raw === '') return fallback;
    try {
      return f(raw);
    } catch (e) {
      problems.push(`winsockReplay.${key}: ${(e as Error).message}; using ${String(fallback)}`);
      return fallback;
    }
  };
  const options: ReplayOptions = {
    profile: parse('profile', parseProfile, DEFAULT_OPTIONS.profile),
    api: parse('api', parseApi, DEFAULT_OPTIONS.api),
    mask: parse('mask', parseMask, DEFAULT_OPTIONS.mask),
    app: parse('appModel', parseAppModel, DEFAULT_OPTIONS.app),
  };
  const addresses = c.get<string[]>('localAddresses') ?? [];
  let local: readonly string[] | null = null;
  if (addresses.length > 0) {
    try {
      local = parseLocalAddresses(addresses.join(','));
    } catch (e) {
      problems.push(`winsockReplay.localAddresses: ${(e as Error).message}; deciding from the capture`);
    }
  }
  const t = c.get<string>('timeFormat');
  const timeFormat: TimeFormat = t === 'absolute' || t === 'delta' ? t : 'relative';
  const logPatterns: ProgramPatternSpec[] = [];
  for (const [i, p] of (c.get<unknown[]>('logPatterns') ?? []).entries()) {
    if (typeof p === 'string') logPatterns.push({ regex: p });
    else if (typeof p === 'object' && p !== null && typeof (p as { regex?: unknown }).regex === 'string') {
      const o = p as { name?: unknown; regex: string };
      logPatterns.push({ regex: o.regex, ...(typeof o.name === 'string' && { name: o.name }) });
    } else problems.push(`winsockReplay.logPatterns[${i}]: give a regular expression, or { "name", "regex" }`);
  }
  return { options, local, timeFormat, logPatterns, problems };
}

/** Where a command that switches an option writes it: the workspace when one is open. */
export function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, settingsTarget());
}
