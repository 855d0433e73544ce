// `npm test`: typecheck + compile, build the bundles, run the mocha unit suite, then the
// integration suite if a VS Code is available. Ends with a plain `N passed, N failed` line, which
// is what CI reads (mocha's own summary is not).
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const root = path.resolve(__dirname, '..');
process.chdir(root);

function step(name, cmd, args) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`${name}: ok (${Date.now() - t} ms)`);
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findTests(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []));
}

async function main() {
  fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
  step('typecheck + compile (tsc)', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  step('bundle + seed index (esbuild)', process.execPath, ['esbuild.js']);

  const grep = process.env.TEST_GREP;
  const mocha = new Mocha({ timeout: 60000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of findTests(path.join(root, 'out', 'test', 'unit')).sort()) mocha.addFile(f);
  let passed = 0;
  let failed = 0;
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });

  // Integration tests need a real VS Code; none can be downloaded here. The runner prints either
  // `integration: N passed, N failed` or `integration: skipped (…)`.
  const runner = path.join(root, 'out', 'test', 'integration', 'runTest.js');
  let skipped = 0;
  if (fs.existsSync(runner)) {
    const integration = spawnSync(process.execPath, [runner], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(integration.stdout ?? '');
    const m = /integration: (\d+) passed, (\d+) failed/.exec(integration.stdout ?? '');
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    } else if (/integration: skipped/.test(integration.stdout ?? '')) skipped++;
    else failed++;
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
