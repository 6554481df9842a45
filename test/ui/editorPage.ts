/**
 * The capture editor's page as the UI tests read it: by role and accessible name (what a user,
 * or a screen reader, finds), inside the webview's frames.
 */

import { strict as assert } from 'assert';
import type { FrameLocator, Locator } from 'playwright-core';
import type { OptionsInForce } from './captureOracle';

export class EditorPage {
  constructor(private readonly view: () => FrameLocator) {}

  get page(): FrameLocator {
    return this.view();
  }

  sockets(): Locator {
    return this.page.getByRole('grid', { name: 'Sockets' });
  }

  packets(): Locator {
    return this.page.getByRole('grid', { name: 'Packets' });
  }

  timeline(): Locator {
    return this.page.getByRole('grid', { name: 'Timeline' });
  }

  optionsBar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Options in force' });
  }

  filterBox(): Locator {
    return this.page.getByRole('searchbox', { name: 'Filter sockets' });
  }

  timeButton(format: string): Locator {
    return this.page.getByRole('group', { name: 'Time format' }).getByRole('button', { name: format, exact: true });
  }

  /** The sockets grid's row of socket `id` (its first cell). */
  socketRow(id: number): Locator {
    return this.sockets().getByRole('row').filter({ has: this.page.getByRole('gridcell', { name: String(id), exact: true }) });
  }

  /** The header's "Options in force" buttons, read back into analyze's options. */
  async optionsInForce(): Promise<OptionsInForce> {
    const names = await this.optionsBar().getByRole('button').allTextContents();
    const value = (label: string): string => {
      const name = names.find((n) => n.startsWith(`${label}: `));
      assert.ok(name !== undefined, `no ${label} button among ${names.join(', ')}`);
      return name.slice(label.length + 2);
    };
    const local = value('Local');
    return { profile: value('Profile'), api: value('API'), mask: value('Mask'), app: value('App'), local: local === 'from the capture' ? null : local.split(', ') };
  }
}

/** The cells' texts of every row of `grid` that has cells (not the header row). */
export async function gridRows(grid: Locator): Promise<string[][]> {
  const rows = await grid.getByRole('row').evaluateAll((rs) => rs.map((r) => Array.from(r.querySelectorAll('[role="gridcell"]'), (c) => c.textContent ?? '')));
  return rows.filter((cells) => cells.length > 0);
}
