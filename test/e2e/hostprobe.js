// Runs INSIDE the VS Code extension host (loaded as --extensionTestsPath by test/e2e/hostbench.js,
// which copies it into the staged extension folder next to hostprobe-config.json). It measures what
// the extension costs the host process:
//   - activation: VS Code's own account (code loading + the activate() call, as "Running
//     Extensions" shows it), timed here by wrapping Module._load and the exported activate(), plus
//     the wall time of extensions.getExtension(id).activate();
//   - the longest event-loop block in each phase: a 5 ms setInterval drift sampler (block = gap
//     between ticks minus the interval), cross-checked by perf_hooks.monitorEventLoopDelay;
//   - memory (process.memoryUsage) before activation and after the first check of the example draft.
// Phases: idle (baseline, extension not active), activation, firstCheck (open the draft; until its
// figure.conflict diagnostics are published), checkCommand (policyAssist.checkDocument, the report),
// completion (a name prefix), homophone (工富山东: pinyin-pro's first use), completionTyping (25
// requests as typed, for the latency), traditional (a Traditional-script copy of the draft, checked
// through diagnostics: OpenCC's conversion paths), largeCheck (a ~100k-character draft).
// The result is one console line `HOSTBENCH {json}` (forwarded to the page by codeAutomationLog).
// Plain JavaScript, no build step; never part of the extension.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { performance, monitorEventLoopDelay } = require('node:perf_hooks');
const v8 = require('node:v8');
const vm = require('node:vm');
const vscode = require('vscode');

const INTERVAL_MS = 5;
const LONG_MS = 20; // blocks at least this long are listed with their time in the phase

function loadConfig() {
  const f = path.join(__dirname, 'hostprobe-config.json');
  return JSON.parse(fs.readFileSync(f, 'utf8'));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const mb = (b) => round(b / 1048576, 1);

/** A forced full GC (for the "after GC" memory figures only): --expose-gc set at run time. */
function gcFunction() {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return undefined;
  }
}

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

/**
 * The extension host's MAIN thread (the event loop's; on Linux its task id is the process id):
 * its scheduler statistics in ms (/proc/self/task/<pid>/schedstat, nanoseconds). process.cpuUsage()
 * also counts the extension's engine worker thread, whose work (a large check) runs on another
 * core and is no block of the host. `run`, time on a CPU, and `wait`, time runnable but waiting in
 * a run queue for a CPU. A gap of
 * the event loop is then its own running, its waiting for a CPU (other threads and processes),
 * and the rest: sleeping while it had a timer due, i.e. blocked (a lock, a page fault, a
 * synchronous call). null where the kernel has no schedstat.
 */
function mainThreadSched() {
  try {
    const [run, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run: run / 1e6, wait: wait / 1e6 };
  } catch {
    return null;
  }
}

/** Event-loop sampler: the longest gap per phase, and every gap of LONG_MS or more. */
class Sampler {
  constructor() {
    this.phases = {};
    this.phase = undefined;
    this.last = performance.now();
    this.lastCpu = process.cpuUsage();
    this.lastSched = mainThreadSched();
    this.peakRss = 0;
    this.ticks = 0;
    this.timer = setInterval(() => this.tick(), INTERVAL_MS);
  }

  tick() {
    const now = performance.now();
    const block = Math.max(0, now - this.last - INTERVAL_MS);
    this.last = now;
    // CPU time of the whole process (all its threads) since the last tick: well below the block's
    // wall time means the host was waiting for a CPU (other processes), not running its own code.
    const cpu = process.cpuUsage(this.lastCpu);
    this.lastCpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const sched = mainThreadSched();
    const last = this.lastSched;
    this.lastSched = sched;
    // ms of this gap spent running, waiting for a CPU, and neither (blocked)
    const run = sched && last ? sched.run - last.run : null;
    const wait = sched && last ? sched.wait - last.wait : null;
    const p = this.phases[this.phase];
    if (!p) return;
    if (block > p.maxBlock) {
      p.maxBlock = block;
      p.maxBlockCpu = cpuMs;
    }
    // The part of a block the host can have spent running (not waiting for a CPU): its main
    // thread's CPU time when /proc tells it, else the whole process's.
    p.maxOwn = Math.max(p.maxOwn, Math.min(block, run ?? cpuMs));
    if (block >= LONG_MS) {
      // the whole gap between the two ticks (the block + the timer's interval), split
      const gap = block + INTERVAL_MS;
      p.long.push({
        at: round(now - block - p.start),
        ms: round(block),
        cpuMs: round(cpuMs),
        mainThreadRunMs: run === null ? null : round(run),
        mainThreadQueuedMs: wait === null ? null : round(wait),
        mainThreadBlockedMs: run === null ? null : round(Math.max(0, gap - run - wait)),
      });
    }
    if (++this.ticks % 10 === 0) this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }

  /** Starts a phase (the previous one ends). The histogram restarts too. */
  begin(name) {
    this.end();
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    this.phase = name;
    this.phases[name] = { start: performance.now(), maxBlock: 0, maxBlockCpu: 0, maxOwn: 0, long: [], h, elu: performance.eventLoopUtilization() };
  }

  end() {
    const p = this.phases[this.phase];
    if (!p || p.h === undefined) return;
    p.h.disable();
    p.eldMax = p.h.max / 1e6;
    p.h = undefined;
    p.ms = performance.now() - p.start;
    p.elu = performance.eventLoopUtilization(p.elu).utilization;
    this.phase = undefined;
  }

  stop() {
    this.end();
    clearInterval(this.timer);
  }

  report() {
    const out = {};
    for (const [k, p] of Object.entries(this.phases)) {
      out[k] = {
        ms: round(p.ms),
        maxBlockMs: round(p.maxBlock),
        // process CPU time (all threads) during that block
        maxBlockCpuMs: round(p.maxBlockCpu),
        // the longest min(block, main-thread CPU time during it (process CPU time without /proc)):
        // robust to other processes' load and to the extension's own worker thread
        maxOwnBlockMs: round(p.maxOwn),
        // monitorEventLoopDelay's max (resolution 10 ms: it over-reports by up to ~10 ms)
        eldMaxMs: round(p.eldMax),
        eventLoopUtilization: round(p.elu, 3),
        longBlocks: p.long.slice(0, 40),
      };
    }
    return out;
  }
}

/**
 * Times every module load under the extension folder(s) (code loading), and the exported
 * activate() of the main module (VS Code's activateCallTime).
 */
function instrumentLoads(extRoots, mainFile) {
  const loads = [];
  const timing = { activateCallMs: undefined };
  const roots = extRoots.map((r) => fs.realpathSync(r) + path.sep);
  const orig = Module._load;
  Module._load = function (request, parent, isMain) {
    let file;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      return orig.apply(this, arguments);
    }
    const real = (() => {
      try {
        return fs.realpathSync(file);
      } catch {
        return file;
      }
    })();
    const ours = roots.some((r) => real.startsWith(r)) || extRoots.some((r) => file.startsWith(r + path.sep));
    if (!ours || Module._cache[file]) return orig.apply(this, arguments);
    const t = performance.now();
    const mod = orig.apply(this, arguments);
    const ms = performance.now() - t;
    loads.push({ file: path.basename(real), ms: round(ms, 2), at: t });
    if (real === mainFile && mod && typeof mod.activate === 'function') {
      const activate = mod.activate;
      // esbuild's CJS exports are getters: hand VS Code a wrapper object instead.
      const wrapped = Object.create(null);
      for (const k of Object.keys(mod)) wrapped[k] = mod[k];
      wrapped.activate = function (...args) {
        const t0 = performance.now();
        try {
          return activate.apply(this, args);
        } finally {
          timing.activateCallMs = performance.now() - t0;
        }
      };
      return wrapped;
    }
    return mod;
  };
  return { loads, timing, restore: () => (Module._load = orig) };
}

/**
 * CPU profile of one phase (hostbench --profile DIR): inspector.Session in this process, written as
 * DIR/<phase>.cpuprofile (open in Chrome DevTools / VS Code). Adds overhead: numbers of a profiled
 * run are for attribution, not for the targets.
 */
async function profiler(dir) {
  if (!dir) return { start: async () => undefined, stop: async () => undefined };
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  return {
    start: () => post('Profiler.start'),
    stop: async (name) => {
      const { profile } = await post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** VS Code's own performance marks for the extension (Date.now() resolution). */
function vscodeMarks(id) {
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const get = (n) => marks.find((m) => m.name === `code/extHost/${n}/${id}`)?.startTime;
  const wl = get('willLoadExtensionCode');
  const dl = get('didLoadExtensionCode');
  const wa = get('willActivateExtension');
  const da = get('didActivateExtension');
  return {
    codeLoadingMs: wl !== undefined && dl !== undefined ? dl - wl : null,
    activateMs: wa !== undefined && da !== undefined ? da - wa : null,
  };
}

function waitForDiagnostics(uri, pred, ms) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (pred(d)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics for ${uri.fsPath} within ${ms} ms (have: ${vscode.languages.getDiagnostics(uri).map((x) => x.code).join(', ') || 'none'})`));
    }, ms);
    check();
  });
}

const codeOf = (d) => (typeof d.code === 'object' && d.code ? d.code.value : d.code);

async function run() {
  const cfg = loadConfig();
  const result = { ok: false, errors: [], vscode: vscode.version, node: process.version, pid: process.pid };
  const gc = gcFunction();
  const sampler = new Sampler();
  const settle = cfg.settleMs ?? 500;
  const prof = await profiler(cfg.profileDir);
  try {
    const ext = vscode.extensions.getExtension(cfg.extensionId);
    if (!ext) throw new Error(`${cfg.extensionId} is not installed in this extension host`);
    const mainFile = fs.realpathSync(path.join(ext.extensionPath, JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')).main));
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (!ws) throw new Error('no workspace folder is open');

    // ---- other extensions a draft would activate, activated now (not in our phases) ---------------
    const triggers = new Set(['onLanguage:markdown', 'onLanguage:plaintext', 'onLanguage']);
    const others = vscode.extensions.all.filter((e) => e.id !== ext.id && (e.packageJSON.activationEvents ?? []).some((a) => triggers.has(a)));
    result.prewarmed = [];
    for (const e of others) {
      try {
        await e.activate();
        result.prewarmed.push(e.id);
      } catch (err) {
        result.prewarmed.push(`${e.id} (failed: ${String(err && err.message).slice(0, 80)})`);
      }
    }

    // Their first Markdown document costs them more (markdown-it plugins, highlight.js): give them
    // one now, a scratch copy of the draft, then close it.
    if (cfg.prewarmMarkdown !== false) {
      const text = fs.readFileSync(vscode.Uri.joinPath(ws.uri, cfg.draft).fsPath, 'utf8');
      const scratch = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${text}\n\n\`\`\`js\nconst x = 1;\n\`\`\`\n\n$x^2$\n` });
      await vscode.window.showTextDocument(scratch, { preview: false });
      await sleep(cfg.prewarmMs ?? 1500);
      const closed = new Promise((resolve) => {
        const sub = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d === scratch) {
            sub.dispose();
            resolve(true);
          }
        });
        setTimeout(() => resolve(false), 5000);
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      result.prewarmClosed = await closed;
    }

    // ---- idle baseline: the host with the extension not yet active --------------------------------
    sampler.begin('idle');
    await sleep(cfg.idleMs ?? 1500);
    if (ext.isActive) throw new Error('the extension was already active before the probe measured (something activated it)');
    sampler.end();
    gc?.();
    await sleep(200);
    result.memBefore = memory();

    // ---- activation --------------------------------------------------------------------------------
    const inst = instrumentLoads([ext.extensionPath], mainFile);
    await prof.start();
    sampler.begin('activation');
    const t0 = performance.now();
    const api = await ext.activate();
    const apiMs = performance.now() - t0;
    const mainLoad = inst.loads.find((l) => l.file === path.basename(mainFile));
    result.activation = {
      apiMs: round(apiMs),
      codeLoadMs: round(mainLoad?.ms, 2),
      activateCallMs: round(inst.timing.activateCallMs, 2),
      // what VS Code's Running Extensions view calls the activation time
      totalMs: mainLoad && inst.timing.activateCallMs !== undefined ? round(mainLoad.ms + inst.timing.activateCallMs, 2) : null,
      vscodeMarks: vscodeMarks(cfg.extensionId),
      loads: inst.loads.map(({ file, ms }) => ({ file, ms })),
      indexState: api?.host?.index?.state?.kind ?? null,
    };
    await sleep(settle);
    sampler.end();
    await prof.stop('activation');
    result.memAfterActivation = memory();

    // ---- first check of the example draft ----------------------------------------------------------
    const draft = vscode.Uri.joinPath(ws.uri, cfg.draft);
    await prof.start();
    sampler.begin('firstCheck');
    const t1 = performance.now();
    const loadsBefore = inst.loads.length;
    const doc = await vscode.workspace.openTextDocument(draft);
    await vscode.window.showTextDocument(doc, { preview: false });
    const diags = await waitForDiagnostics(draft, (d) => d.some((x) => codeOf(x) === 'figure.conflict'), cfg.timeoutMs ?? 90_000).catch((e) => {
      throw new Error(`${e.message}; index state ${JSON.stringify(api?.host?.index?.state)}`);
    });
    const firstMs = performance.now() - t1;
    result.memAtFirstCheck = memory();
    await sleep(settle);
    sampler.end();
    await prof.stop('firstCheck');
    result.memAfterFirstCheck = memory();
    result.firstCheck = {
      ms: round(firstMs),
      diagnostics: diags.length,
      codes: [...new Set(diags.map(codeOf))].sort(),
      indexState: api?.host?.index?.state ?? null,
      loads: inst.loads.slice(loadsBefore).map(({ file, ms }) => ({ file, ms })),
    };
    if (gc) {
      gc();
      await sleep(200);
      result.memAfterFirstCheckGc = memory();
    }

    // ---- Check Consistency (the command: report document) ------------------------------------------
    await prof.start();
    sampler.begin('checkCommand');
    const t2 = performance.now();
    const report = await vscode.commands.executeCommand('policyAssist.checkDocument', draft);
    // The report's file: its summary counts every figure, its findings are the ones it lists.
    const checked = report?.files?.[0];
    result.checkCommand = { ms: round(performance.now() - t2), figures: checked?.summary?.figures ?? null, findings: checked?.findings?.length ?? null };
    await sleep(settle);
    sampler.end();
    await prof.stop('checkCommand');

    // ---- the first completions: a name prefix, then a homophone (pinyin-pro's first use) -----------
    // One phase each, so the homophone's first-use cost (pinyin-pro's initialisation: 60–100 ms when
    // it ran on the host thread) is not hidden in the name prefix's; each request's latency (the
    // provider's answer as VS Code's command API sees it) is recorded too.
    const complete = async (text, trigger) => {
      const cdoc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      const t = performance.now();
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', cdoc.uri, new vscode.Position(0, text.length), trigger);
      const ms = performance.now() - t;
      const l = list?.items?.[0]?.label ?? null;
      return { ms: round(ms), first: typeof l === 'object' && l ? l.label : l };
    };
    result.completion = {};
    for (const [phase, text, trigger] of [
      ['completion', '打造“数字领', '领'],
      ['homophone', '打造“工富山东', '东'],
    ]) {
      await prof.start();
      sampler.begin(phase);
      result.completion[phase] = await complete(text, trigger);
      await sleep(settle);
      sampler.end();
      await prof.stop(phase);
    }
    // Steady-state latency: a user typing a programme name, one request per keystroke.
    {
      sampler.begin('completionTyping');
      const lat = [];
      const name = '打造“数字领航';
      for (let rep = 0; rep < 4; rep++) {
        for (let k = 4; k <= name.length; k++) lat.push((await complete(name.slice(0, k), name[k - 1])).ms);
        lat.push((await complete('深入推进gfsd', 'd')).ms);
      }
      sampler.end();
      const s = [...lat].sort((a, b) => a - b);
      result.completion.typing = { n: s.length, medianMs: s[s.length >> 1], maxMs: s[s.length - 1] };
    }

    // Opens a draft of the workspace and waits for its first diagnostics, as one profiled and
    // sampled phase; `whileChecking` runs once the draft is shown (its check has started).
    const draftScenario = async (phase, rel, whileChecking) => {
      const uri = vscode.Uri.joinPath(ws.uri, rel);
      await prof.start();
      sampler.begin(phase);
      const t = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const during = whileChecking ? await whileChecking() : undefined;
      const diags = await waitForDiagnostics(uri, (d) => d.length > 0, cfg.timeoutMs ?? 90_000).catch((e) => {
        result.errors.push(`${phase}: ${e.message}`);
        return [];
      });
      const ms = round(performance.now() - t);
      await sleep(settle);
      sampler.end();
      await prof.stop(phase);
      return { ms, doc, diags, during };
    };

    // ---- a Traditional-script draft (OpenCC in the check path) -------------------------------------
    if (cfg.traditionalDraft) {
      const { ms, diags } = await draftScenario('traditional', cfg.traditionalDraft);
      result.traditional = { ms, diagnostics: diags.length, codes: [...new Set(diags.map(codeOf))].sort() };
    }
    // ---- a large draft (cfg.largeDraft, ~100k characters): one check of it ------------------------
    if (cfg.largeDraft) {
      // A completion while that check runs (opening the draft starts it): the worst case of the
      // completion's latency, which waits for the check wherever the check runs.
      const { ms, doc, diags, during } = await draftScenario('largeCheck', cfg.largeDraft, () => complete('打造“数字领', '领'));
      result.largeCheck = { ms, chars: doc.getText().length, diagnostics: diags.length, completionDuringMs: during.ms };
    }
    result.memEnd = memory();
    inst.restore();
    result.activeExtensions = vscode.extensions.all.filter((e) => e.isActive).map((e) => e.id);
    result.ok = result.errors.length === 0;
  } catch (e) {
    result.errors.push(e && e.stack ? e.stack : String(e));
  } finally {
    sampler.stop();
    result.phases = sampler.report();
    result.peakRss = sampler.peakRss;
    result.gcAvailable = !!gc;
  }
  console.log(`HOSTBENCH ${JSON.stringify(result)}`);
  if (cfg.resultFile) fs.writeFileSync(cfg.resultFile, JSON.stringify(result));
}

module.exports = { run };
