// Build: bundle the extension, the CLI and the index worker with esbuild, then prebuild the seed
// index so neither the extension nor the CLI segments the bundled corpus at run time.
// nodejieba is a native N-API addon: it stays external and ships in node_modules (see .vscodeignore).
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const skipIndex = process.argv.includes('--no-index');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode', 'nodejieba'],
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', },
  { entryPoints: ['src/engine/worker.ts'], outfile: 'dist/worker.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

async function main() {
  if (watch) {
    for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
    return;
  }
  for (const e of entries) await esbuild.build({ ...common, ...e });
  fs.chmodSync('dist/cli.js', 0o755);
  if (!skipIndex) {
    const t = Date.now();
    execFileSync(process.execPath, ['dist/cli.js', 'index', '--no-cache', '--quiet', '--write', path.join('dist', 'seed-index.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
    console.log(`esbuild: bundles and seed index built in dist/ (index ${Date.now() - t} ms)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
