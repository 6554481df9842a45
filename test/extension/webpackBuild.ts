/**
 * Runs the project's own webpack.config.js programmatically, writing to a directory of the
 * caller's choosing, so tests never touch (or depend on a stale) dist/.
 */

import * as path from 'path';
import webpack from 'webpack';

export const repoRoot = path.resolve(__dirname, '..', '..');

export type Mode = 'production' | 'development';

export interface BuildResult {
  readonly outDir: string;
  readonly stats: webpack.MultiStats;
}

function loadConfigs(): webpack.Configuration[] {
  const configs: unknown = require(path.join(repoRoot, 'webpack.config.js'));
  if (!Array.isArray(configs)) throw new Error('webpack.config.js must export an array of configurations');
  return configs as webpack.Configuration[];
}

export function configNames(): string[] {
  return loadConfigs().map((c) => String(c.name));
}

/** Builds the named configurations (all when `names` is omitted) in `mode` into `outDir`. */
export function build(outDir: string, mode: Mode, names?: readonly string[]): Promise<BuildResult> {
  const configs = loadConfigs()
    .filter((c) => names === undefined || names.includes(String(c.name)))
    .map((c) => ({ ...c, mode, output: { ...c.output, path: outDir } }));
  if (configs.length === 0) throw new Error(`no webpack configuration named ${names?.join(', ')}`);
  return new Promise((resolve, reject) => {
    webpack(configs, (err, stats) => {
      if (err) return reject(err);
      if (!stats) return reject(new Error('webpack returned no stats'));
      if (stats.hasErrors()) {
        return reject(new Error(stats.toString({ all: false, errors: true, errorDetails: true, colors: false })));
      }
      resolve({ outDir, stats });
    });
  });
}
