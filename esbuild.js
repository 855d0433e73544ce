// Build: bundle the extension, the CLI and the index worker with esbuild, then prebuild the seed
// index so neither the extension nor the CLI segments the bundled corpus at run time.
// nodejieba is a native N-API addon: it stays external and ships in node_modules (see .vscodeignore).
//
// The extension host's thread runs only the editor layer; the engine runs in a worker_thread
// (target: no extension-host block over 50 ms; the engine's first uses took 60–420 ms there):
//   dist/extension.js     the editor layer only: all that activation loads (checked below);
//   dist/engineWorker.js  src/editor/engineWorker.ts, the engine worker IndexHost starts on first
//                         need: the language service and the index live there;
//   dist/opencc.js        OpenCC (its dictionaries: 2.3 MB), which engineWorker.js requires as
//                         ./opencc.js where the engine requires opencc-js (on first use);
//   dist/pinyin.js        pinyin-pro (names' pinyin keys, homophone completion): engineWorker.js gets
//                         a stand-in that requires ./pinyin.js on first call.
// The CLI and the index worker stay single bundles.
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

// The engine worker's chunks: these packages are required from their own files next to the bundle,
// pinyin-pro through a stand-in whose functions require it on first call (the names the engine
// imports are listed: importing another one fails the build).
const HOST_CHUNKS = { 'opencc-js': './opencc.js', 'pinyin-pro': './pinyin.js' };
const LAZY_CHUNKS = { 'pinyin-pro': ['pinyin'] };
const lazyModule = (pkg) => `let m;
const load = () => (m ??= require(${JSON.stringify(HOST_CHUNKS[pkg])}));
${LAZY_CHUNKS[pkg].map((f) => `export function ${f}(...args) {\n  return load().${f}(...args);\n}`).join('\n')}
`;
const hostChunks = {
  name: 'host-chunks',
  setup(build) {
    build.onResolve({ filter: /^(opencc-js|pinyin-pro)$/ }, (a) =>
      LAZY_CHUNKS[a.path] ? { path: a.path, namespace: 'lazy-chunk' } : { path: HOST_CHUNKS[a.path], external: true },
    );
    build.onResolve({ filter: /^\.\/(opencc|pinyin)\.js$/, namespace: 'lazy-chunk' }, (a) => ({ path: a.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, (a) => ({ contents: lazyModule(a.path), loader: 'js' }));
  },
};
const chunk = (pkg, outfile) => ({
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: __dirname, sourcefile: `${pkg}.chunk.js` },
  outfile,
  sourcemap: false,
});

const entries = [
  // No host-chunks plugin here: with it, an accidental import of OpenCC or pinyin-pro would become
  // an external require and slip past checkActivationBundle's check of the inputs.
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true },
  { entryPoints: ['src/editor/engineWorker.ts'], outfile: 'dist/engineWorker.js', plugins: [hostChunks] },
  chunk('opencc-js', 'dist/opencc.js'),
  chunk('pinyin-pro', 'dist/pinyin.js'),
  { entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', },
  { entryPoints: ['src/engine/worker.ts'], outfile: 'dist/worker.js' },
].filter((e) => !e.entryPoints || fs.existsSync(e.entryPoints[0]));

/** The extension host must not load the engine: fail the build if the editor bundle pulled it in. */
function checkActivationBundle(result) {
  const inputs = Object.keys(result.metafile?.outputs?.['dist/extension.js']?.inputs ?? {});
  if (!inputs.length) throw new Error('esbuild: no metafile for dist/extension.js');
  const engine = inputs.filter((f) => /^node_modules\/(opencc-js|pinyin-pro|fuse\.js)\/|^src\/engine\/(service|persist|normalize|corpusIndex)\.ts$/.test(f));
  if (engine.length) throw new Error(`dist/extension.js bundles engine code (${engine.join(', ')}): the engine runs in the worker (src/editor/engineWorker.ts); the host imports its types only`);
}

async function main() {
  if (watch) {
    for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
    return;
  }
  for (const e of entries) {
    const r = await esbuild.build({ ...common, ...e });
    if (e.outfile === 'dist/extension.js') checkActivationBundle(r);
  }
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
