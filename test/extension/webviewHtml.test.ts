import { strict as assert } from 'assert';
import { describe, it } from 'node:test';
import { buildWebviewHtml, contentSecurityPolicy, createNonce } from '../../extension/webviewHtml';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const SCRIPT = 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js';

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no Content-Security-Policy meta tag');
  return m[1]!;
}

function nonceOf(csp: string): string {
  const m = /script-src 'nonce-([^']+)'/.exec(csp);
  assert.ok(m, `no script nonce in ${csp}`);
  return m[1]!;
}

describe('buildWebviewHtml', () => {
  it('locks the page down with a strict CSP', () => {
    const csp = cspOf(buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT }));
    const nonce = nonceOf(csp);
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${CSP_SOURCE} 'nonce-${nonce}';`);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  });

  it('makes a fresh nonce for every page', () => {
    const a = nonceOf(cspOf(buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT })));
    const b = nonceOf(cspOf(buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT })));
    assert.notEqual(a, b);
    assert.ok(a.length >= 22, 'nonce should carry at least 128 bits');
    assert.notEqual(createNonce(), createNonce());
  });

  it('puts the nonce on the one script, which loads the bundle', () => {
    const html = buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT });
    const nonce = nonceOf(cspOf(html));
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0]!.includes(`nonce="${nonce}"`), scripts[0]);
    assert.ok(scripts[0]!.includes(`src="${SCRIPT}"`), scripts[0]);
    const styles = [...html.matchAll(/<style\b([^>]*)>/g)].map((m) => m[1]!);
    assert.deepEqual(styles, [` nonce="${nonce}"`]);
  });

  it('uses the nonce it is given and escapes attribute values', () => {
    const html = buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: 'x.js?a=1&b="2"', nonce: 'abc' });
    assert.ok(html.includes(`<script nonce="abc" src="x.js?a=1&#38;b=&#34;2&#34;"></script>`));
    assert.equal(contentSecurityPolicy('S', 'n'), `default-src 'none'; script-src 'nonce-n'; style-src S 'nonce-n';`);
  });

  it('has no inline event handlers or style attributes', () => {
    const html = buildWebviewHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT });
    assert.ok(!/\son[a-z]+\s*=/i.test(html));
    assert.ok(!/\sstyle\s*=/i.test(html));
  });
});
