// The index, loaded lazily and off the typing path.
//
// Activation does nothing here. The first feature that needs the index (a completion, a check, the
// panel) calls peek()/get(), which starts one asynchronous load:
//   - bundled seeds only: read dist/seed-index.json (prebuilt by the build) with fs.promises and
//     JSON.parse it; no OpenCC, no jieba, no corpus file is read.
//   - user folders: run our own CLI in a CHILD PROCESS (`dist/cli.js index --corpus DIR…
//     [--with-seeds] --write FILE`) and load the file it writes. Building an index loads jieba
//     (1–2.6 s and ~240 MB resident); in a child process that memory is returned when it exits,
//     where a worker thread would have kept it in the extension host for the whole session. The CLI
//     reuses its content-keyed cache, so an unchanged corpus costs a process start and a file copy.
// Until the load finishes every provider answers empty; nothing waits on it except completion,
// which waits a short time (within()).
//
// The engine's code is not in the activation bundle: dist/engine.js (src/editor/engine.ts) and
// OpenCC (dist/opencc.js: its dictionaries) are required here on first need, and
// the engine's first-use work (OpenCC's script bounds, the figure matcher) is done before the index
// is announced ready. Each of these steps gets its own event-loop turn (setImmediate between them):
// done in one turn by the first check they blocked the extension host for 150–460 ms.

import * as cp from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CorpusIndex } from '../engine/corpusIndex';
import type { LanguageService } from '../engine/service';
import { settings } from './config';
import type * as EngineModule from './engine';
import { isInside, resolveCorpusFolders, resolveSourcePath } from './pure/paths';

export type IndexState =
  | { kind: 'idle' }
  | { kind: 'loading'; detail: string }
  | { kind: 'ready'; docs: number; figures: number; origin: 'prebuilt' | 'cli' | 'empty' }
  | { kind: 'error'; message: string };

interface CorpusSpec {
  folders: string[];
  includeBundled: boolean;
}

function specKey(s: CorpusSpec): string {
  return JSON.stringify([s.folders, s.includeBundled]);
}

export class IndexHost implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<IndexState>();
  /** Fires on every state change (loading, ready, error): features re-run when it turns ready. */
  readonly onDidChange = this.emitter.event;
  private _state: IndexState = { kind: 'idle' };
  private service: LanguageService | undefined;
  private loading: Promise<LanguageService> | undefined;
  private child: cp.ChildProcess | undefined;
  private generation = 0;
  private spec: CorpusSpec | undefined;

  constructor(
    readonly extensionRoot: string,
    private readonly storageDir: string,
    readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): IndexState {
    return this._state;
  }

  private setState(s: IndexState): void {
    this._state = s;
    this.emitter.fire(s);
  }

  /**
   * The service if loaded; otherwise starts the load and returns undefined. Never blocks. After a
   * failed load it does NOT retry: completion calls this on every keystroke, and a missing corpus
   * folder must cost one error in the log, not one per keystroke. Commands (get()), Rebuild Index
   * and a settings change retry.
   */
  peek(): LanguageService | undefined {
    if (this.service) return this.service;
    if (this._state.kind !== 'error') void this.get().catch(() => undefined);
    return undefined;
  }

  /** The service once loaded (starts the load if needed). Rejects if the load fails. */
  get(): Promise<LanguageService> {
    if (this.service) return Promise.resolve(this.service);
    this.loading ??= this.load(++this.generation);
    return this.loading;
  }

  /** The service if it is ready within `ms`, else undefined (the load goes on). */
  async within(ms: number): Promise<LanguageService | undefined> {
    if (this.service) return this.service;
    if (this._state.kind === 'error') return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    try {
      return await Promise.race([this.get().catch(() => undefined), timeout]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Corpus folders in force, absolute. */
  corpusFolders(): string[] {
    return this.currentSpec().folders;
  }

  /** Absolute path of an index source path (`seeds/…` or a user corpus path). */
  resolveSource(source: string): string {
    return resolveSourcePath(source, { extensionRoot: this.extensionRoot, indexCwd: this.storageDir });
  }

  isCorpusFile(file: string): boolean {
    return this.corpusFolders().some((d) => isInside(file, d)) || isInside(file, path.join(this.extensionRoot, 'seeds'));
  }

  /** Drop the index and load it again (command, or the corpus settings changed). */
  rebuild(): Promise<LanguageService> {
    this.cancelChild();
    this.service = undefined;
    this.spec = undefined;
    this.loading = this.load(++this.generation);
    return this.loading;
  }

  /** Called on configuration changes: rebuilds only when the corpus itself changed. */
  onConfigurationChanged(): void {
    if (!this.spec && this._state.kind === 'idle') return;
    const next = this.currentSpec();
    if (this.spec && specKey(next) === specKey(this.spec)) return;
    this.log.info(`corpus settings changed: ${JSON.stringify(next)}; rebuilding the index`);
    void this.rebuild().catch(() => undefined);
  }

  private currentSpec(): CorpusSpec {
    const s = settings();
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    // Untrusted workspace: its settings must not point the indexer at arbitrary folders (declared in
    // package.json's restrictedConfigurations; VS Code then hands us only the user's value).
    return { folders: resolveCorpusFolders(s.corpusFolders, ws), includeBundled: s.includeBundled };
  }

  private async load(gen: number): Promise<LanguageService> {
    const spec = this.currentSpec();
    this.setState({ kind: 'loading', detail: spec.folders.length ? spec.folders.join(', ') : 'seeds' });
    const started = Date.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Policy Assist: indexing corpus…') },
        () => this.loadIndex(spec),
      );
      if (gen !== this.generation) throw new Error('superseded');
      // The engine was loaded by readIndex (or is now, for an empty corpus); never at activation.
      const engine = await loadEngine();
      await nextTurn();
      const service = engine.createLanguageService(result.index);
      await this.warmUp(engine, service);
      if (gen !== this.generation) throw new Error('superseded');
      this.service = service;
      this.spec = spec;
      const sum = service.summary();
      for (const s of result.index.skipped) this.log.warn(`skipped ${s.path}: ${s.reason}`);
      for (const d of result.index.docs) {
        for (const e of d.excluded) this.log.debug(`${d.meta.path}: dropped ${e.kind}/${e.reason}: ${JSON.stringify(e.preview)}`);
      }
      this.log.info(`index ready (${result.origin}) in ${Date.now() - started} ms: ${sum.documents} documents, ${sum.passages} passages, ${sum.names} names, ${sum.figures} figures`);
      this.setState({ kind: 'ready', docs: sum.documents, figures: sum.figures, origin: result.origin });
      return service;
    } catch (e) {
      const message = (e as Error).message;
      if (gen === this.generation) {
        this.loading = undefined;
        this.log.error(`index load failed: ${message}`);
        this.setState({ kind: 'error', message });
      }
      throw e;
    }
  }

  /**
   * The engine's first-use work, one step per event-loop turn, so that the first check (which
   * would do it all at once) finds it done. Failures only cost the warm-up: the check redoes them.
   */
  private async warmUp(engine: Engine, service: LanguageService): Promise<void> {
    const steps: [string, () => unknown][] = [
      // OpenCC's module (its dictionaries), then the script bounds detectScript reads from them.
      ['OpenCC', () => requireChunk('opencc.js')],
      ['script bounds', () => engine.boundedScript('中')],
      // Builds the figure matcher over the index and compiles the check's code paths.
      ['figure matcher', () => service.check(WARM_UP_DRAFT)],
    ];
    for (const [name, step] of steps) {
      const t = performance.now();
      try {
        step();
      } catch (e) {
        this.log.warn(`engine warm-up (${name}) failed: ${(e as Error).message}`);
      }
      this.log.debug(`engine warm-up: ${name} ${(performance.now() - t).toFixed(1)} ms`);
      await nextTurn();
    }
  }

  private async loadIndex(spec: CorpusSpec): Promise<{ index: CorpusIndex; origin: 'prebuilt' | 'cli' | 'empty' }> {
    if (!spec.folders.length && !spec.includeBundled) return { index: emptyIndex(), origin: 'empty' };
    if (!spec.folders.length) {
      const prebuilt = path.join(this.extensionRoot, 'dist', 'seed-index.json');
      const index = await readIndex(prebuilt);
      if (index) return { index, origin: 'prebuilt' };
      this.log.warn(`${prebuilt} is missing or stale; building the seed index in a child process`);
    }
    for (const d of spec.folders) {
      try {
        if (!(await fs.promises.stat(d)).isDirectory()) throw new Error('not a folder');
      } catch {
        throw new Error(vscode.l10n.t('Corpus folder not found: {0}', d));
      }
    }
    const out = path.join(this.storageDir, `index-${crypto.createHash('sha256').update(specKey(spec)).digest('hex').slice(0, 16)}.json`);
    const args = ['index', ...spec.folders.flatMap((d) => ['--corpus', d])];
    if (spec.folders.length && spec.includeBundled) args.push('--with-seeds');
    args.push('--cache-dir', path.join(this.storageDir, 'cache'), '--write', out);
    await fs.promises.mkdir(this.storageDir, { recursive: true });
    await this.runCli(args);
    const index = await readIndex(out);
    if (!index) throw new Error(`the indexer wrote no usable index to ${out}`);
    return { index, origin: 'cli' };
  }

  private runCli(args: string[]): Promise<void> {
    const cli = path.join(this.extensionRoot, 'dist', 'cli.js');
    this.log.info(`indexing in a child process: cli.js ${args.join(' ')}`);
    return new Promise((resolve, reject) => {
      // cwd = our storage folder: the CLI then writes user-corpus paths as absolute paths (it
      // shortens only paths below its working folder), which resolveSource() opens directly.
      const child = cp.fork(cli, args, {
        cwd: this.storageDir,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        execArgv: [],
        // In desktop VS Code process.execPath is Electron: run it as plain Node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      this.child = child;
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
        let nl: number;
        while ((nl = stderr.indexOf('\n')) >= 0) {
          const line = stderr.slice(0, nl).trim();
          stderr = stderr.slice(nl + 1);
          if (!line) continue;
          if (/^warning:/.test(line)) this.log.warn(`indexer: ${line.replace(/^warning:\s*/, '')}`);
          else this.log.info(`indexer: ${line}`);
        }
      });
      child.on('error', (e) => {
        if (this.child === child) this.child = undefined;
        reject(e);
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        if (stderr.trim()) this.log.info(`indexer: ${stderr.trim()}`);
        if (code === 0) resolve();
        else reject(new Error(signal ? `indexer stopped (${signal})` : `indexer exited with code ${code}`));
      });
    });
  }

  private cancelChild(): void {
    if (this.child && this.child.exitCode === null) {
      this.log.info(`stopping indexer process ${this.child.pid}`);
      this.child.kill();
    }
    this.child = undefined;
  }

  dispose(): void {
    this.cancelChild();
    this.emitter.dispose();
  }
}

type Engine = typeof EngineModule;
let engineLoad: Promise<Engine> | undefined;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Requires a file next to this module if it exists: the bundle's chunk dist/opencc.js, which a
 * tsc build (out/) does not have. (dist/pinyin.js is left to engine.js, which requires it on first
 * use: completion's homophones; the extension host never builds an index.)
 */
function requireChunk(name: string): void {
  const file = path.join(__dirname, name);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (fs.existsSync(file)) require(file);
  } catch {
    // Only a head start: the engine's own require reports a broken chunk where it is needed.
  }
}

/**
 * The engine, loaded once. A runtime path, so esbuild leaves the require alone: in the bundle this
 * is dist/engine.js, in a tsc build out/src/editor/engine.js.
 */
function loadEngine(): Promise<Engine> {
  if (!engineLoad) {
    const load = (async () => {
      await nextTurn();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const engine = require(path.join(__dirname, 'engine.js')) as Engine;
      await nextTurn();
      return engine;
    })();
    // A failed load (a missing file) is retried by the next load, not cached.
    load.catch(() => {
      if (engineLoad === load) engineLoad = undefined;
    });
    engineLoad = load;
  }
  return engineLoad;
}

/** A small draft for the warm-up check: one figure, Simplified. */
const WARM_UP_DRAFT = '全省5G基站6万多个。\n';

/**
 * The engine's asynchronous loader: fs.promises read, then the same parse and fix-ups as
 * loadIndex (JSON has no Infinity: `突破了10万家` is stored as [10万, null] and must come back as
 * [10万, ∞), or every open-ended official figure disagrees with itself), JSON or binary cache.
 */
async function readIndex(file: string): Promise<CorpusIndex | null> {
  const { loadIndexAsync } = await loadEngine();
  await nextTurn();
  return loadIndexAsync(file);
}

function emptyIndex(): CorpusIndex {
  return { format: 0, key: '', builtWith: 'none', docs: [], passages: [], names: [], figures: [], vocab: [], passageTerms: [], skipped: [] };
}
