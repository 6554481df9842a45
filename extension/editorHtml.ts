/**
 * The capture editor's page: the nonce CSP page of webviewHtml.ts with the editor's styles. No
 * `vscode` import. Colours come only from VS Code's theme variables.
 */

import { pageHtml, type WebviewHtmlOptions } from './webviewHtml';

const STYLE = `
  :root { color-scheme: light dark; --row: 22px; }
  body {
    color: var(--vscode-foreground); background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
    margin: 0; padding: 0 1rem 1rem;
  }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0.8rem 0 0.3rem; overflow-wrap: anywhere; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 1rem 0 0.4rem; }
  .facts { display: flex; flex-wrap: wrap; gap: 0.2rem 1.2rem; color: var(--vscode-descriptionForeground); margin: 0.2rem 0; }
  .facts b { color: var(--vscode-foreground); font-weight: 600; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.4rem 0; }
  button {
    color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
    border: 1px solid var(--vscode-button-border, transparent); padding: 0.15rem 0.6rem; font: inherit; cursor: pointer;
  }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:focus-visible, [role="row"]:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  input[type="search"] {
    color: var(--vscode-input-foreground); background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, transparent); padding: 0.15rem 0.4rem; font: inherit; min-width: 16rem;
  }
  .warnings { list-style: none; padding: 0; margin: 0.3rem 0; }
  .warnings li { border-left: 3px solid var(--vscode-editorWarning-foreground); padding: 0.1rem 0.5rem; margin: 0.15rem 0; overflow-wrap: anywhere; }
  .failed { border-left: 3px solid var(--vscode-errorForeground); padding: 0.3rem 0.6rem; background: var(--vscode-inputValidation-errorBackground, transparent); overflow-wrap: anywhere; }
  progress { width: min(24rem, 60%); accent-color: var(--vscode-progressBar-background); vertical-align: middle; }
  .grid { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); }
  .grid [role="row"] { display: grid; align-items: center; min-height: var(--row); cursor: default; }
  .grid [role="row"]:hover { background: var(--vscode-list-hoverBackground); }
  .grid [role="row"][aria-selected="true"] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
  .grid [role="columnheader"] { font-weight: 600; background: var(--vscode-keybindingTable-headerBackground, transparent); }
  .grid [role="gridcell"], .grid [role="columnheader"] { padding: 0 0.4rem; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
  .sockets [role="row"] { grid-template-columns: 4.5rem 5.5rem minmax(10rem, 1.2fr) minmax(10rem, 1.2fr) 4.5rem 6rem minmax(12rem, 2.5fr); height: var(--row); }
  .sockets { max-height: 16rem; overflow: auto; position: relative; }
  .sockets:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .sockets:focus [aria-selected="true"] { outline: 1px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder)); outline-offset: -1px; }
  .sockets-head { position: sticky; top: 0; z-index: 1; background: var(--vscode-editor-background, Canvas); }
  .sockets-spacer { position: relative; }
  .sockets-body { position: absolute; left: 0; right: 0; }
  .packets [role="row"] { grid-template-columns: 5rem 9rem minmax(9rem, 1fr) minmax(9rem, 1fr) 4rem 4rem minmax(14rem, 3fr) minmax(6rem, 1.4fr); height: var(--row); }
  .packets-viewport { height: 18rem; overflow-y: auto; position: relative; }
  .packets-spacer { position: relative; }
  .packets-rows { position: absolute; left: 0; right: 0; }
  .badge { display: inline-block; padding: 0 0.35rem; margin-right: 0.2rem; border-radius: 0.6rem; font-size: 0.85em;
    color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
  .local { font-weight: 600; }
  .local::after { content: " ●"; color: var(--vscode-charts-blue, var(--vscode-foreground)); font-size: 0.8em; }
  .muted { color: var(--vscode-descriptionForeground); }
  .timeline [role="row"] { grid-template-columns: 6rem 9rem minmax(14rem, 2fr) minmax(14rem, 2fr); }
  .timeline-body { max-height: 22rem; overflow: auto; }
  .lane-wire { color: var(--vscode-descriptionForeground); }
  .lane-model { font-weight: 600; }
  .lane-log { font-style: italic; color: var(--vscode-descriptionForeground); }
  .verdict-missing b, .verdict-extra b, .verdict-error b { color: var(--vscode-errorForeground); }
  .verdict-late b { color: var(--vscode-editorWarning-foreground); }
  .error-code { color: var(--vscode-errorForeground); }
  .divergence { color: var(--vscode-editorWarning-foreground); }
  .details { border: 1px solid var(--vscode-widget-border, transparent); padding: 0.4rem 0.7rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
  .details dt { color: var(--vscode-descriptionForeground); }
  .details dd { margin: 0 0 0.3rem 0; }
  .diagnosis { margin: 0.3rem 0; padding-left: 1.2rem; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

export function editorHtml(options: WebviewHtmlOptions): string {
  return pageHtml(options, 'Winsock Replay capture', STYLE);
}
