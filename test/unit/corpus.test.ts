import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDocs, InputError, readCorpusDir } from '../../src/engine/corpus';
import { decodeBytes } from '../../src/engine/decode';
import { buildDoc, inferDate } from '../../src/engine/documents';
import { seedCorpus, ROOT } from './seeds';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pa-corpus-'));
}

const SAMPLE = '山东省数字经济发布会\n去年全省5G基站20.2万个,信息技术产业营收突破2万亿元。\n';

describe('decoding', () => {
  it('decodes UTF-8 with BOM, UTF-16LE/BE with BOM and GB18030', () => {
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    // 数字经济 in GB18030
    const gb = Buffer.from([0xca, 0xfd, 0xd7, 0xd6, 0xbe, 0xad, 0xbc, 0xc3]);
    for (const [buf, enc, text] of [
      [utf8bom, 'utf-8-bom', SAMPLE],
      [le, 'utf-16le', SAMPLE],
      [be, 'utf-16be', SAMPLE],
      [gb, 'gb18030', '数字经济'],
    ] as const) {
      const d = decodeBytes(buf);
      assert.ok(d.ok, enc);
      if (d.ok) {
        assert.equal(d.encoding, enc);
        assert.equal(d.text, text);
      }
    }
  });

  it('rejects binary, empty and oversized input with a reason', () => {
    const bin = decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    assert.ok(!bin.ok && /binary/.test(bin.reason));
    const empty = decodeBytes(Buffer.from('  \n '));
    assert.ok(!empty.ok && empty.reason === 'empty');
    const big = decodeBytes(Buffer.alloc(2000, 0x41), 1000);
    assert.ok(!big.ok && /too large/.test(big.reason));
  });
});

describe('corpus folders', () => {
  it('indexes the five seeds with manifest metadata', () => {
    const { docs } = seedCorpus();
    assert.deepEqual(
      docs.map((d) => [path.basename(d.meta.path).slice(0, 3), d.meta.region, d.meta.date, d.meta.script]),
      [
        ['000', '江西', '2023-04-13', 'simplified'],
        ['001', '全国', '2020-09-17', 'simplified'],
        ['002', '山东', '2023-08-31', 'traditional'],
        ['003', '山东', '2023-01-14', 'simplified'],
        ['004', '山东', '2024-03-08', 'traditional'],
      ],
    );
    assert.ok(docs.every((d) => d.meta.metaSource === 'manifest'));
  });

  it('ships the seeds unchanged', () => {
    for (const f of fs.readdirSync(path.join(ROOT, 'seeds')).filter((n) => n.endsWith('.txt'))) {
      const shared = path.join(ROOT, '..', 'shared', 'seeds', f);
      if (fs.existsSync(shared)) assert.ok(fs.readFileSync(shared).equals(fs.readFileSync(path.join(ROOT, 'seeds', f))), f);
    }
  });

  it('names a missing folder', () => {
    assert.throws(() => readCorpusDir('/nonexistent/corpus-dir'), (e: Error) => e instanceof InputError && e.message.includes('/nonexistent/corpus-dir'));
  });

  it('skips binary, empty and oversized files with the reason and indexes the rest', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'good.txt'), SAMPLE);
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    fs.writeFileSync(path.join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    fs.writeFileSync(path.join(dir, 'huge.md'), Buffer.alloc(3000, 0x41));
    fs.writeFileSync(path.join(dir, 'ignored.pdf'), 'x');
    const read = readCorpusDir(dir, 2048);
    const { docs, skipped } = buildDocs(read, 2048);
    assert.deepEqual(docs.map((d) => path.basename(d.meta.path)), ['good.txt']);
    const why = Object.fromEntries(skipped.map((s) => [path.basename(s.path), s.reason]));
    assert.equal(why['empty.txt'], 'empty');
    assert.match(why['image.txt'], /binary/);
    assert.match(why['huge.md'], /too large/);
    assert.equal(why['ignored.pdf'], undefined);
  });

  it('reports a malformed manifest with file, line and column', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{\n  "documents": [\n    {"file": "a.txt",, "region": "山东"}\n  ]\n}\n');
    assert.throws(
      () => readCorpusDir(dir),
      (e: Error) => e instanceof InputError && /manifest\.json:3:\d+: malformed JSON/.test(e.message),
    );
  });

  it('infers title, date and region without a manifest, else says unknown', () => {
    const withDate = buildDoc('x.txt', Buffer.from('山东数字经济发布会\n发布:2023-01-14  阅读:717\n山东省去年全省5G基站20.2万个。山东省信息技术产业营收突破2万亿元。\n')).doc!;
    assert.equal(withDate.meta.title, '山东数字经济发布会');
    assert.equal(withDate.meta.date, '2023-01-14');
    assert.equal(withDate.meta.region, '山东');
    assert.equal(withDate.meta.metaSource, 'inferred');
    const bare = buildDoc('y.txt', Buffer.from('会议强调,要加快发展数字经济。\n')).doc!;
    assert.equal(bare.meta.date, null);
    assert.equal(bare.meta.region, null);
    assert.equal(inferDate('2020年9月17日,国务院新闻办公室举行发布会'), '2020-09-17');
  });

  it('never writes into the corpus folder', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const before = fs.readdirSync(dir).sort();
    buildDocs(readCorpusDir(dir));
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
  });
});

describe('layering', () => {
  it('src/engine and src/cli never import vscode', () => {
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(path.join(ROOT, 'src', 'engine'));
    walk(path.join(ROOT, 'src', 'cli'));
    assert.deepEqual(offenders, []);
  });
});
