// The extension host's side of the engine worker (engineWorker.ts): one worker_thread, typed
// requests (engineProtocol.ts), replies matched by id. Every method returns a promise; the worker
// answers in the order it receives requests, so a completion sent while a large check runs waits
// for that check (the host's event loop does not).
//
// A request cannot be cancelled once sent (the worker runs it to the end); the callers drop stale
// answers instead: diagnostics compare the document version, completion and hover their
// cancellation token, the related view its query sequence.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { CompleteOptions, CompletionItemData } from '../engine/complete';
import type { CheckedFigure } from '../engine/figures/check';
import type { RelatedPassage } from '../engine/service';
import type { CorpusInfo, DraftCheck, EngineApi, FromWorker, LoadInfo, Method, NameAt, Request, STALE, WireCheckOptions } from './engineProtocol';

interface Pending {
  method: Method;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;

  /**
   * @param onExit called once if the worker stops by itself (a crash, out of memory): the index it
   *   held is gone and the owner must load again.
   */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    onExit: (e: Error) => void,
  ) {
    // Next to this module: dist/engineWorker.js in the bundle, out/src/editor/engineWorker.js in a
    // tsc build. execArgv: [] because the extension host's own flags (an inspector port, V8
    // options) are not all valid for a worker, which then fails to start (ERR_WORKER_INVALID_EXEC_ARGV).
    this.worker = new Worker(path.join(__dirname, 'engineWorker.js'), {
      execArgv: [],
      stdout: false,
      stderr: false,
      // V8's default young generation for a worker lets it hold ~17 MB more resident after a
      // 100k-character check than with 8 MB (measured: 239 vs 222 MB process RSS), at no measurable
      // cost to the check's time. The old generation is not capped: a large corpus must still load.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // Never what keeps the extension host alive at shutdown.
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      const e = this.fail(new Error(`the engine worker stopped (exit code ${code})`));
      if (e) onExit(e);
    });
  }

  private receive(m: FromWorker): void {
    if (m.kind === 'log') {
      this.log[m.level](m.message);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(`engine ${p.method}: ${m.error}`));
  }

  /** Rejects everything pending; returns the error the first time only. */
  private fail(e: Error): Error | undefined {
    if (this.stopped) return undefined;
    this.stopped = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    return e;
  }

  private call<M extends Method>(method: M, ...args: Parameters<EngineApi[M]>): Promise<ReturnType<EngineApi[M]>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      const req: Request<M> = { id, method, args };
      this.worker.postMessage(req);
    });
  }

  load(file: string | null): Promise<LoadInfo | null> {
    return this.call('load', file);
  }

  check(key: string | null, tag: string, text: string, opts: WireCheckOptions, limit: number | null): Promise<DraftCheck> {
    return this.call('check', key, tag, text, opts, limit);
  }

  figureAt(key: string, tag: string, line: number, column: number): Promise<CheckedFigure | null | typeof STALE> {
    return this.call('figureAt', key, tag, line, column);
  }

  forget(key: string): void {
    // Nothing to wait for; a stopped worker holds nothing anyway.
    this.call('forget', key).catch(() => undefined);
  }

  nameAt(lineText: string, column: number): Promise<NameAt | null> {
    return this.call('nameAt', lineText, column);
  }

  complete(lineBeforeCursor: string, opts: CompleteOptions): Promise<CompletionItemData[]> {
    return this.call('complete', lineBeforeCursor, opts);
  }

  related(text: string, top: number): Promise<RelatedPassage[]> {
    return this.call('related', text, top);
  }

  corpus(): Promise<CorpusInfo> {
    return this.call('corpus');
  }

  dispose(): void {
    this.fail(new Error('the engine worker was stopped'));
    void this.worker.terminate();
  }
}
