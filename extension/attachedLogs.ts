/**
 * The logs a user attached to a capture, kept per capture in the workspace state so that they
 * come back with the editor after a reload.
 */
import type * as vscode from 'vscode';

export interface AttachedLog {
  readonly file: string;
  /** The user's shift on top of the estimate, ns. */
  readonly shiftNs: number;
}

export class AttachedLogs {
  private readonly memory = new Map<string, AttachedLog[]>();

  /** Without a memento (tests of the editor alone) the logs last as long as the window. */
  constructor(private readonly state?: vscode.Memento) {}

  get(capture: vscode.Uri): AttachedLog[] {
    const key = this.key(capture);
    return [...(this.state?.get<AttachedLog[]>(key) ?? this.memory.get(key) ?? [])];
  }

  async set(capture: vscode.Uri, logs: readonly AttachedLog[]): Promise<void> {
    const key = this.key(capture);
    this.memory.set(key, [...logs]);
    await this.state?.update(key, logs.length === 0 ? undefined : logs);
  }

  private key(capture: vscode.Uri): string {
    return `winsockReplay.logs:${capture.toString()}`;
  }
}
