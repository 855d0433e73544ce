// Suite entry, loaded by VS Code inside the extension host (--extensionTestsPath). Runs mocha
// (tdd) over the *.test.js files next to it, logs `integration: N passed, N failed`, and writes the
// counts where runTest.ts (outside the extension host) can read them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
  console.log(`integration: ${passed} passed, ${failed} failed`);
  const out = process.env.POLICY_ASSIST_TEST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed }));
  if (failed) throw new Error(`${failed} integration test(s) failed`);
}
