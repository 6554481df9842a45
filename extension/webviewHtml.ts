/**
 * The HTML document of the capture summary webview.
 *
 * Pure string building with no `vscode` import, so it can be unit-tested under plain Node. The
 * page is locked down by its Content-Security-Policy: nothing loads by default, and the only
 * script and inline style allowed are the ones carrying this load's nonce. A fresh nonce is made
 * for every load, so a nonce seen once is worth nothing later.
 */

import { randomBytes } from 'crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(<extension>/dist/webview.js).toString()`. */
  readonly scriptUri: string;
  /** Defaults to a fresh random nonce. */
  readonly nonce?: string;
}

/** 128 random bits, base64 (CSP's nonce grammar), fresh on every call. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes text for a double-quoted HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'nonce-${nonce}';`;
}

const STYLE = `
  :root { color-scheme: light dark; }
  body {
    color: var(--vscode-foreground);
    background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    font-weight: var(--vscode-font-weight);
    line-height: 1.4;
    padding: 0 1.25rem 1.5rem;
  }
  h1 { font-size: 1.5em; font-weight: 600; margin: 1rem 0 0.5rem; overflow-wrap: anywhere; }
  h2 {
    font-size: 1.15em; font-weight: 600; margin: 1.5rem 0 0.5rem; padding-bottom: 0.25rem;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  h3 { font-size: 1em; font-weight: 600; margin: 1rem 0 0.25rem; }
  code { font-family: var(--vscode-editor-font-family); }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.25rem 0; }
  dl.facts dt { color: var(--vscode-descriptionForeground); }
  dl.facts dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; color: var(--vscode-descriptionForeground); padding: 0.25rem 0; }
  th, td {
    text-align: left; vertical-align: top; padding: 0.3rem 0.6rem;
    border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-widget-border, transparent));
    overflow-wrap: anywhere;
  }
  thead th { font-weight: 600; background: var(--vscode-keybindingTable-headerBackground, transparent); }
  tbody tr:hover { background: var(--vscode-list-hoverBackground); }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  td dl.facts { font-size: 0.95em; }
  ul.comments { margin: 0.25rem 0; padding-left: 1.25rem; color: var(--vscode-descriptionForeground); white-space: pre-wrap; overflow-wrap: anywhere; }
  ul.warnings { list-style: none; padding: 0; margin: 0; }
  ul.warnings li { padding: 0.2rem 0; overflow-wrap: anywhere; }
  .severity { font-weight: 600; text-transform: uppercase; font-size: 0.85em; }
  li.error .severity { color: var(--vscode-errorForeground); }
  li.warning .severity { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
  .where, .empty { color: var(--vscode-descriptionForeground); }
  .stopped, .error {
    border-left: 3px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    background: var(--vscode-inputValidation-errorBackground, transparent);
    padding: 0.5rem 0.75rem; margin: 0.75rem 0;
  }
  .error h2 { border: none; margin-top: 0; }
  .progress { margin-top: 1.5rem; }
  progress { width: min(30rem, 70%); accent-color: var(--vscode-progressBar-background); vertical-align: middle; }
  button {
    color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground));
    background: var(--vscode-button-secondaryBackground, var(--vscode-button-background));
    border: 1px solid var(--vscode-button-border, transparent);
    padding: 0.25rem 0.8rem; font: inherit; cursor: pointer;
  }
  button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  button:disabled { opacity: 0.6; cursor: default; }
`;

export function buildWebviewHtml(options: WebviewHtmlOptions): string {
  return pageHtml(options, 'Capture Summary', STYLE);
}

/** A page under the nonce CSP: `style` inline with the nonce, the one script from `scriptUri`. */
export function pageHtml(options: WebviewHtmlOptions, title: string, style: string): string {
  const nonce = options.nonce ?? createNonce();
  const csp = contentSecurityPolicy(options.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${style}</style>
</head>
<body>
<main id="app"><p>Loading…</p></main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
