import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from '../../src/cli/main';
import { ROOT } from './seeds';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s), cwd: ROOT });
  return { code, out, err };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-'));
const EXAMPLE = 'examples/draft.md';

describe('CLI check', () => {
  it('text: one compiler-style line per finding, a summary, exit 1 on conflicts', async () => {
    const r = await cli('check', EXAMPLE);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0], /^examples\/draft\.md:15:53: error figure\.conflict .*260家.*206家/);
    assert.ok(lines.every((l, i) => i === lines.length - 1 || /^examples\/draft\.md:\d+:\d+: (error|warning|info|hint) figure\.[a-z-]+ /.test(l)));
    assert.match(lines[lines.length - 1], /^24 figures: 19 consistent, 3 conflict, 2 unmatched$/);
  });

  it('json: every recognised figure with stated interval and official source in the ORIGINAL file', async () => {
    const r = await cli('check', EXAMPLE, '--format', 'json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.summary, { figures: 24, consistent: 19, conflict: 3, unmatched: 2 });
    const f = j.files[0].figures.find((x: { text: string }) => x.text === '260家');
    assert.deepEqual(
      { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, status: f.status, code: f.code },
      { line: 15, column: 53, endLine: 15, endColumn: 57, status: 'conflict', code: 'figure.conflict' },
    );
    assert.deepEqual(f.stated, { low: 259.5, high: 260.5, unit: '家' });
    assert.equal(f.official.source, 'seeds/000_82d190114271d52b.txt');
    assert.deepEqual([f.official.line, f.official.column, f.official.region, f.official.date], [38, 114, '江西', '2023-04-13']);
    assert.match(f.official.passage, /智能装备企业206家/);
    // An open interval is written with null, not a lost Infinity.
    const open = j.files[0].figures.find((x: { text: string }) => x.text === '超4亿次');
    assert.deepEqual(open.stated, { low: 400000000, high: null, unit: '次' });
    assert.equal(j.files[0].figures.length, 24);
  });

  it('sarif: valid 2.1.0 shape with rules, results, locations and fixes', async () => {
    const r = await cli('check', EXAMPLE, '--format', 'sarif');
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    assert.ok(typeof s.$schema === 'string');
    assert.equal(s.runs.length, 1);
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'policy-assist');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ruleIds.includes('figure.conflict'));
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.equal(run0.results.length, 4);
    for (const res of run0.results) {
      // Required by the 2.1.0 schema: message.text; our results always carry ruleId, level and a location.
      assert.equal(typeof res.message.text, 'string');
      assert.ok(ruleIds.includes(res.ruleId));
      assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'examples/draft.md');
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const conflict = run0.results.find((x: { ruleId: string }) => x.ruleId === 'figure.conflict');
    assert.equal(conflict.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '206家');
    assert.equal(conflict.relatedLocations[0].physicalLocation.artifactLocation.uri, 'seeds/000_82d190114271d52b.txt');
  });

  it('exit 0 for a clean draft and for an empty draft', async () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'ok.md'), '---\nregion: 江西\ndate: 2023-05-10\n---\n全省智能装备企业206家。\n');
    fs.writeFileSync(path.join(d, 'empty.md'), '');
    const ok = await cli('check', path.join(d, 'ok.md'));
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /1 figures: 1 consistent, 0 conflict, 0 unmatched/);
    const empty = await cli('check', path.join(d, 'empty.md'), '--format', 'json');
    assert.equal(empty.code, 0);
    assert.deepEqual(JSON.parse(empty.out).summary, { figures: 0, consistent: 0, conflict: 0, unmatched: 0 });
  });

  it('decodes a GB18030 draft', async () => {
    const d = tmp();
    const text = '---\nregion: 江西\ndate: 2023-05-10\n---\n全省智能装备企业260家。\n';
    // Encode via the reverse of TextDecoder: map each char through a GB18030 round trip table built from iconv-free bytes.
    const gb = encodeGb18030(text);
    fs.writeFileSync(path.join(d, 'gb.md'), gb);
    const r = await cli('check', path.join(d, 'gb.md'), '--format', 'json');
    assert.equal(r.code, 1);
    const f = JSON.parse(r.out).files[0].figures[0];
    assert.equal(f.text, '260家');
    assert.equal(f.status, 'conflict');
  });

  it('names a missing draft, a directory and a binary file (exit 2), and never writes to the draft', async () => {
    const d = tmp();
    const miss = await cli('check', 'no/such/draft.md');
    assert.equal(miss.code, 2);
    assert.match(miss.err, /no\/such\/draft\.md: no such file/);
    const dir = await cli('check', d);
    assert.equal(dir.code, 2);
    assert.match(dir.err, /is a directory/);
    fs.writeFileSync(path.join(d, 'x.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    const bin = await cli('check', path.join(d, 'x.md'));
    assert.equal(bin.code, 2);
    assert.match(bin.err, /x\.md: cannot be read as text: binary/);
    const before = fs.readFileSync(path.join(ROOT, EXAMPLE));
    await cli('check', EXAMPLE);
    assert.ok(before.equals(fs.readFileSync(path.join(ROOT, EXAMPLE))));
  });

  it('checks a 5 MB draft', async function () {
    this.timeout(120000);
    const d = tmp();
    const para = fs.readFileSync(path.join(ROOT, EXAMPLE), 'utf8').split('---\n')[2];
    let body = '---\nregion: 江西\ndate: 2023-05-10\n---\n';
    while (Buffer.byteLength(body) < 5 * 1024 * 1024) body += para;
    fs.writeFileSync(path.join(d, 'big.md'), body);
    const r = await cli('check', path.join(d, 'big.md'), '--format', 'json');
    assert.equal(r.code, 1);
    assert.ok(JSON.parse(r.out).summary.figures > 10000);
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const argv of [[], ['frobnicate'], ['check'], ['check', EXAMPLE, '--format', 'xml'], ['related'], ['related', '--text', 'x', '--top', '0'], ['index', '--bogus']]) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, /Usage:/);
    }
  });
});

describe('CLI index / complete / related', () => {
  it('index reports documents, passages, names and dropped spans', async () => {
    const r = await cli('index');
    assert.equal(r.code, 0);
    assert.match(r.out, /^index: 5 documents, \d+ passages, \d+ programme names, \d+ document titles, \d+ official figures/);
    assert.match(r.out, /dropped debris\/advert/);
    assert.match(r.out, /dropped corrupt\/mojibake/);
    assert.match(r.out, /一号发展工程/);
    const j = JSON.parse((await cli('index', '--format', 'json')).out);
    assert.equal(j.documents.length, 5);
    assert.equal(j.documents[4].region, '山东');
  });

  it('index --write --quiet writes the index and prints no listing', async () => {
    const file = path.join(tmp(), 'idx.json');
    const r = await cli('index', '--write', file, '--quiet');
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).docs.length, 5);
  });

  it('the bin exits quietly when its reader closes the pipe (policy-assist index | head -1)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" dist/cli.js index | head -1`], { cwd: ROOT, encoding: 'utf8' });
    assert.match(r.stdout, /^index: 5 documents/);
    assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  });

  it('index of a missing corpus folder exits 2 naming it', async () => {
    const r = await cli('index', '--corpus', 'no/such/corpus');
    assert.equal(r.code, 2);
    assert.match(r.err, /corpus folder not found: no\/such\/corpus/);
    const file = await cli('index', '--corpus', EXAMPLE);
    assert.equal(file.code, 2);
    assert.match(file.err, /corpus path is not a folder: examples\/draft\.md/);
  });

  it('index of a user folder lists skipped files and caches the index outside the folder', async () => {
    const d = tmp();
    const cache = tmp();
    fs.writeFileSync(path.join(d, 'a.txt'), '山东数字经济\n去年全省5G基站20.2万个,“工赋山东”专项行动成效明显。\n');
    fs.writeFileSync(path.join(d, 'b.txt'), '');
    const r1 = await cli('index', '--corpus', d, '--cache-dir', cache);
    assert.equal(r1.code, 0);
    assert.match(r1.err, /skipped .*b\.txt: empty/);
    assert.match(r1.out, /\(built, segmented with (jieba|fallback)\)/);
    assert.deepEqual(fs.readdirSync(d).sort(), ['a.txt', 'b.txt']);
    const r2 = await cli('index', '--corpus', d, '--cache-dir', cache);
    assert.match(r2.out, /\(cache, /);
  });

  it('complete --format json has the documented item shape', async () => {
    const r = await cli('complete', '--prefix', '打造“数字领', '--format', 'json');
    assert.equal(r.code, 0);
    const item = JSON.parse(r.out).items[0];
    assert.deepEqual(Object.keys(item).sort(), ['detail', 'insertText', 'kind', 'label', 'range', 'source'].sort());
    assert.equal(item.label, '数字领航');
    assert.deepEqual(item.range, { start: 3, end: 6 });
    assert.match(item.source.path, /^seeds\/002_/);
  });

  it('related --format json returns passages located in the original files', async () => {
    const r = await cli('related', '--text', '推进“云行齐鲁”数据赋能专项行动', '--top', '3', '--format', 'json');
    assert.equal(r.code, 0);
    const ps = JSON.parse(r.out).passages;
    assert.equal(ps.length, 3);
    const top = ps[0];
    assert.equal(top.source, 'seeds/003_370ac0c7d6d374e6.txt');
    assert.ok(top.terms.includes('云行齐鲁'));
    const line = fs.readFileSync(path.join(ROOT, top.source), 'utf8').split('\n')[top.line - 1];
    assert.equal(line.slice(top.column - 1, top.column - 1 + 6), top.text.slice(0, 6));
  });
});

/** GB18030 encoder for the test (TextEncoder only does UTF-8): search the decoder's table per char. */
function encodeGb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const out: number[] = [];
  const cache = new Map<string, number[]>();
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let bytes = cache.get(ch);
    if (!bytes) {
      search: for (let a = 0x81; a <= 0xfe; a++) {
        for (let b = 0x40; b <= 0xfe; b++) {
          if (dec.decode(Uint8Array.from([a, b])) === ch) {
            bytes = [a, b];
            break search;
          }
        }
      }
      if (!bytes) throw new Error(`cannot encode ${ch}`);
      cache.set(ch, bytes);
    }
    out.push(...bytes);
  }
  return Buffer.from(out);
}
