// The index, loaded lazily and off the typing path.
//
// Activation does nothing here. The first feature that needs the index (a completion, a check, the
// panel) calls peek()/get(), which starts one asynchronous load:
//   - bundled seeds only: the engine worker reads dist/seed-index.json (prebuilt by the build);
//     no jieba, no corpus file is read.
//   - user folders: run our own CLI in a CHILD PROCESS (`dist/cli.js index --corpus DIR…
//     [--with-seeds] --write FILE`) and load the file it writes. Building an index loads jieba
//     (1–2.6 s and ~240 MB resident); in a child process that memory is returned when it exits,
//     where a worker thread (even the engine worker below) would have kept it in the extension host
//     process for the whole session. The CLI
//     reuses its content-keyed cache, so an unchanged corpus costs a process start and a file copy.
// Until the load finishes every provider answers empty; nothing waits on it except completion,
// which waits a short time (within()).
//
// The engine runs in a worker_thread (engineClient.ts, engineWorker.ts): the index is loaded THERE
// (the worker reads the file this class names: the prebuilt seed index or the CLI's output), and
// every question (check, completion, hover, related passages, summary) is a message to it. The
// extension host never compiles the engine's code (~3 MB with OpenCC's dictionaries and
// pinyin-pro) nor runs it: done on the host, the engine's first uses and a large draft's check
// blocked its event loop for 60–420 ms. The worker is started on the first load, not at activation.

import * as cp from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { settings } from './config';
import { EngineClient } from './engineClient';
import type { LoadInfo } from './engineProtocol';
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
  /** Set once an index is loaded in the worker (and until it is dropped or the worker stops). */
  private service: EngineClient | undefined;
  private loading: Promise<EngineClient> | undefined;
  private worker: EngineClient | undefined;
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
  peek(): EngineClient | undefined {
    if (this.service) return this.service;
    if (this._state.kind !== 'error') void this.get().catch(() => undefined);
    return undefined;
  }

  /** The service once loaded (starts the load if needed). Rejects if the load fails. */
  get(): Promise<EngineClient> {
    if (this.service) return Promise.resolve(this.service);
    this.loading ??= this.load(++this.generation);
    return this.loading;
  }

  /** The service if it is ready within `ms`, else undefined (the load goes on). */
  async within(ms: number): Promise<EngineClient | undefined> {
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
  rebuild(): Promise<EngineClient> {
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

  /** The worker, started on first need (and again after it stopped). */
  private engine(): EngineClient {
    this.worker ??= new EngineClient(this.log, (e) => {
      // A crash or out-of-memory in the worker: the index is gone with it. Say so; the next
      // command or Rebuild Index starts a new worker (peek() does not retry, see there).
      this.worker = undefined;
      this.service = undefined;
      this.loading = undefined;
      this.generation++;
      this.log.error(e.message);
      this.setState({ kind: 'error', message: e.message });
    });
    return this.worker;
  }

  private async load(gen: number): Promise<EngineClient> {
    const spec = this.currentSpec();
    this.setState({ kind: 'loading', detail: spec.folders.length ? spec.folders.join(', ') : 'seeds' });
    const started = Date.now();
    try {
      const engine = this.engine();
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Policy Assist: indexing corpus…') },
        () => this.loadIndex(engine, spec),
      );
      if (gen !== this.generation) throw new Error('superseded');
      this.service = engine;
      this.spec = spec;
      const sum = result.info.summary;
      for (const s of result.info.skipped) this.log.warn(`skipped ${s.path}: ${s.reason}`);
      for (const line of result.info.excluded) this.log.debug(line);
      this.log.info(`index ready (${result.origin}) in ${Date.now() - started} ms: ${sum.documents} documents, ${sum.passages} passages, ${sum.names} names, ${sum.figures} figures`);
      this.setState({ kind: 'ready', docs: sum.documents, figures: sum.figures, origin: result.origin });
      return engine;
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

  private async loadIndex(engine: EngineClient, spec: CorpusSpec): Promise<{ info: LoadInfo; origin: 'prebuilt' | 'cli' | 'empty' }> {
    if (!spec.folders.length && !spec.includeBundled) {
      const info = await engine.load(null);
      if (!info) throw new Error('the engine worker could not create an empty index');
      return { info, origin: 'empty' };
    }
    if (!spec.folders.length) {
      const prebuilt = path.join(this.extensionRoot, 'dist', 'seed-index.json');
      const info = await engine.load(prebuilt);
      if (info) return { info, origin: 'prebuilt' };
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
    const info = await engine.load(out);
    if (!info) throw new Error(`the indexer wrote no usable index to ${out}`);
    return { info, origin: 'cli' };
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
    this.worker?.dispose();
    this.worker = undefined;
    this.service = undefined;
    this.emitter.dispose();
  }
}
