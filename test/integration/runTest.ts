// Integration tests in a real VS Code extension host (@vscode/test-electron).
// VS Code cannot be downloaded on these machines, so the executable comes from the environment:
// VSCODE_EXECUTABLE (or POLICY_ASSIST_VSCODE) = a desktop VS Code, or test/e2e/code-server-shim.js
// which drives the VS Code server bundled in code-server through headless Chromium.
// Without one this prints the skip line scripts/test.js understands and exits 0.
// The suite runs on a temporary COPY of test/fixtures/workspace: quick fixes edit drafts and
// "mark as reviewed" writes .policy-assist/reviewed.json.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

async function main(): Promise<number> {
  const exe = process.env.VSCODE_EXECUTABLE || process.env.POLICY_ASSIST_VSCODE;
  if (!exe) {
    console.log('integration: skipped (no VS Code: set VSCODE_EXECUTABLE to a VS Code executable)');
    return 0;
  }
  // out/test/integration/runTest.js -> the repository root.
  const root = path.resolve(__dirname, '..', '..', '..');
  // POLICY_ASSIST_EXTENSION_DIR: run the suite against another build of the extension, e.g. the
  // `extension/` folder of an unpacked VSIX (checks that the package finds its seed index, seeds
  // and nodejieba).
  const extensionDir = process.env.POLICY_ASSIST_EXTENSION_DIR ? path.resolve(process.env.POLICY_ASSIST_EXTENSION_DIR) : root;
  const fixture = path.join(root, 'test', 'fixtures', 'workspace');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-assist-it-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(fixture, workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');
  const { runTests } = await import('@vscode/test-electron');
  let runError: unknown;
  try {
    await runTests({
      vscodeExecutablePath: exe,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: path.join(__dirname, 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(tmp, 'user-data')}`, `--extensions-dir=${path.join(tmp, 'extensions')}`],
      extensionTestsEnv: { POLICY_ASSIST_TEST_RESULTS: resultsFile, POLICY_ASSIST_CACHE: path.join(tmp, 'cache') },
    });
  } catch (e) {
    runError = e;
  }
  let counts: { passed: number; failed: number } | undefined;
  try {
    counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number };
  } catch {
    counts = undefined;
  }
  if (!counts) {
    console.error(`integration: the suite reported no results${runError ? ` (${(runError as Error).message})` : ''}`);
    counts = { passed: 0, failed: 1 };
  }
  console.log(`integration: ${counts.passed} passed, ${counts.failed} failed`);
  if (!process.env.POLICY_ASSIST_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  return counts.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
