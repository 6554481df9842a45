// Starts code-server on 127.0.0.1 (fresh profile, no auth, free port) and headless Chromium, for
// the extension tests (scripts/code-server-as-vscode.js, test/ui/) and `scripts/demo-editor.js`.
//
// Env: CODE_SERVER_BIN (default .vscode-test/code-server/node_modules/.bin/code-server, installed
// by scripts/install-code-server.sh), CHROME_PATH (default /usr/bin/chromium).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const CODE_SERVER_BIN = process.env.CODE_SERVER_BIN
  || path.join(REPO, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** Runs scripts/install-code-server.sh unless CODE_SERVER_BIN is set or code-server is there (no-op then). */
function ensureCodeServer({ stdio = 'inherit' } = {}) {
  if (process.env.CODE_SERVER_BIN) return;
  const r = spawnSync(path.join(REPO, 'scripts', 'install-code-server.sh'), { stdio });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`scripts/install-code-server.sh failed with exit code ${r.status}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function httpStatus(url) {
  return new Promise(resolve => {
    const req = http.get(url, res => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Starts code-server; resolves once /healthz answers 200.
 * Everything it writes (profile, IPC sockets, logs, config) goes to a fresh temp dir `work`,
 * removed by stop() unless `keep` (then its code-server.log is worth reading).
 */
async function startCodeServer({ userDataDir, extensionsDir, env = {}, settings = DEFAULT_SETTINGS, port } = {}) {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server not found at ${CODE_SERVER_BIN} (run scripts/install-code-server.sh, or set CODE_SERVER_BIN)`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-cs-'));
  userDataDir = userDataDir || path.join(work, 'user-data');
  extensionsDir = extensionsDir || path.join(work, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const configFile = path.join(work, 'config.yaml');
  fs.writeFileSync(configFile, '');
  const tmp = path.join(work, 'tmp');
  fs.mkdirSync(tmp);
  const logFile = path.join(work, 'code-server.log');

  port = port || await freePort();
  const host = `127.0.0.1:${port}`;
  const proc = spawn(CODE_SERVER_BIN, [
    '--config', configFile, '--auth', 'none', '--bind-addr', host,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], {
    detached: true, // own process group: stop() ends the server and its extension hosts together
    stdio: ['ignore', 'pipe', 'pipe'],
    // IPC sockets (TMPDIR), code-server's heartbeat/logs (XDG_DATA_HOME), its config and VS Code's
    // device id (XDG_CONFIG_HOME, XDG_CACHE_HOME) land in the work dir, not in $HOME.
    env: { ...process.env, ...env, TMPDIR: tmp, XDG_DATA_HOME: path.join(work, 'xdg-data'),
      XDG_CONFIG_HOME: path.join(work, 'xdg-config'), XDG_CACHE_HOME: path.join(work, 'xdg-cache') },
  });
  const log = fs.createWriteStream(logFile);
  proc.stdout.pipe(log); proc.stderr.pipe(log);
  let exited = false;
  const exitedP = new Promise(r => proc.on('exit', () => { exited = true; r(); }));
  // A test runner that dies must not leave the server behind.
  const onExit = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', onExit);

  let stopped = false;
  const stop = async ({ keep = false } = {}) => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    try { if (!exited) process.kill(-proc.pid, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([exitedP, sleep(5000)]);
    // SIGKILL the whole group even when the server itself exited: extension hosts may linger.
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
    await new Promise(r => log.end(r));
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  };

  const t0 = Date.now();
  while ((await httpStatus(`http://${host}/healthz`)) !== 200) {
    if (exited || Date.now() - t0 > 60000) {
      await stop({ keep: true });
      throw new Error(`code-server did not start on ${host}; see ${logFile}`);
    }
    await sleep(200);
  }

  /** Workbench URL; `payload` entries as VS Code's web workbench reads them (extensionDevelopmentPath, extensionTestsPath, ...). */
  const workbenchUrl = ({ folder, workspace, payload = [] } = {}) => {
    let q = folder ? `folder=${encodeURIComponent(path.resolve(folder))}`
      : workspace ? `workspace=${encodeURIComponent(path.resolve(workspace))}` : 'ew=true';
    if (payload.length) q += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return `http://${host}/?${q}`;
  };
  /** A path on this machine as the workbench's remote URI (for payload entries). */
  const remoteUri = p => `vscode-remote://${host}${path.resolve(p)}`;
  const readLog = () => fs.promises.readFile(logFile, 'utf8').catch(() => '');
  return { host, port, work, logFile, pid: proc.pid, workbenchUrl, remoteUri, readLog, stop };
}

/** Headless Chromium through playwright-core; its profile, crash reports and caches go to a temp dir. */
async function launchChromium({ headless = true } = {}) {
  if (!fs.existsSync(CHROME_PATH)) {
    throw new Error(`Chromium not found at ${CHROME_PATH} (apt-get install chromium, or set CHROME_PATH)`);
  }
  const { chromium } = require('playwright-core');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-chrome-'));
  const browser = await chromium.launch({
    executablePath: CHROME_PATH, headless, args: headless ? CHROME_ARGS : CHROME_ARGS.filter(a => a !== '--headless'),
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
  });
  browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
  return browser;
}

module.exports = { startCodeServer, launchChromium, ensureCodeServer, CODE_SERVER_BIN, CHROME_PATH, REPO };
