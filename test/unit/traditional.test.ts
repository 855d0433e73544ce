// The quick fix's replacement in a Traditional draft: the official figure's text in Traditional,
// stored in the index at build time (OfficialFigure.traditional) so that a check never builds
// OpenCC's cn→tw converter (~40–56 MB in the editor's engine worker, inside the extension host).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndex, type CorpusIndex } from '../../src/engine/corpusIndex';
import { checkDraft, FigureMatcher, type CheckedFigure } from '../../src/engine/figures/check';
import { loadCorpus } from '../../src/engine/load';
import { traditionalConverterUses } from '../../src/engine/normalize';
import { loadIndex, saveIndex, saveIndexCache } from '../../src/engine/persist';
import { FallbackSegmenter } from '../../src/engine/segment';
import { ROOT, SEEDS, seedCorpus } from './seeds';

const FIX = path.join(ROOT, 'test', 'fixtures', 'drafts');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pa-trad-'));

// The reference: OpenCC's own cn→tw, built here and not through normalize.ts (its counters must
// see only what the engine asks for).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as { Converter(o: { from: string; to: string }): (s: string) => string };
let openccTw: ((s: string) => string) | undefined;
const cnToTw = (s: string) => (openccTw ??= OpenCC.Converter({ from: 'cn', to: 'tw' }))(s);

/** A Simplified fixture draft converted to Traditional, as a user in Taiwan or Hong Kong writes it. */
const traditionalDraft = (name: string) => cnToTw(fs.readFileSync(path.join(FIX, name), 'utf8'));
const conflicts = (figs: CheckedFigure[]) => figs.filter((f) => f.code === 'figure.conflict');

/** Every figure's Traditional text is OpenCC's cn→tw of its (normalised, Simplified) text. */
function assertTraditionalTexts(index: CorpusIndex): void {
  assert.ok(index.figures.length > 0);
  for (const f of index.figures) assert.equal(f.traditional, cnToTw(f.text), f.text);
}

/** The binary cache's header: which parts went to columns and which to JSON. */
function binaryHeader(file: string): Record<string, unknown> {
  const buf = fs.readFileSync(file);
  return JSON.parse(buf.toString('utf8', 16, 16 + buf.readUInt32LE(12))) as Record<string, unknown>;
}

describe('Traditional replacement texts', () => {
  let seedIndex: CorpusIndex;
  before(() => {
    // The prebuilt JSON seed index (dist/seed-index.json), what the editor loads for the seeds.
    const r = loadCorpus({});
    assert.equal(r.origin, 'prebuilt');
    seedIndex = r.index;
  });

  it('a Traditional draft conflict is replaced by the official figure in Traditional, equal to OpenCC cn→tw', () => {
    const expected: [string, string, string][] = [
      // draft, draft figure (Traditional), replacement; 20.2万个 is from 004, a Traditional source.
      ['shandong-more.md', '22萬個', '20.2萬個'],
      ['jiangxi-more.md', '6868億元', '6688億元'],
    ];
    for (const [name, stated, replacement] of expected) {
      const r = checkDraft(traditionalDraft(name), seedIndex);
      assert.equal(r.draft.script, 'traditional');
      const c = conflicts(r.figures).find((f) => f.text === stated);
      assert.ok(c, `no conflict ${stated} in ${name} (have: ${conflicts(r.figures).map((f) => f.text).join(' ')})`);
      assert.equal(c.replacement, replacement);
      for (const f of conflicts(r.figures)) assert.equal(f.replacement, cnToTw(f.official!.text), f.text);
    }
  });

  it('a Simplified draft conflict is replaced by the official text as it is', () => {
    const r = checkDraft(fs.readFileSync(path.join(FIX, 'shandong-more.md'), 'utf8'), seedIndex);
    assert.equal(r.draft.script, 'simplified');
    const c = conflicts(r.figures).find((f) => f.text === '22万个');
    assert.equal(c?.replacement, '20.2万个');
    for (const f of conflicts(r.figures)) assert.equal(f.replacement, f.official!.text);
  });

  it('checking a Traditional draft never asks for the cn→tw converter', () => {
    const before = traditionalConverterUses();
    // A fresh matcher: nothing of an earlier check is reused.
    const r = checkDraft(traditionalDraft('regions.md'), seedIndex, {}, new FigureMatcher(seedIndex));
    assert.equal(r.draft.script, 'traditional');
    assert.ok(conflicts(r.figures).some((f) => f.replacement === '6萬多個'), 'the check produced a Traditional replacement');
    assert.deepEqual(traditionalConverterUses(), before);
  });

  it('the prebuilt seed index stores every figure’s Traditional text', () => {
    assertTraditionalTexts(seedIndex);
    assert.ok(seedIndex.figures.some((f) => f.traditional === '20.2萬個'));
  });

  it('the Traditional text survives a save and load, JSON and binary', () => {
    const { docs } = seedCorpus();
    const built = buildIndex(docs, [], new FallbackSegmenter());
    assertTraditionalTexts(built);
    const dir = tmp();
    const json = path.join(dir, 'i.json');
    const bin = path.join(dir, 'i.bin');
    saveIndex(built, json);
    saveIndexCache(built, bin);
    // Figures go to the binary columns, not to the header's JSON fallback (which would also keep
    // the field, but is what a stale column layout falls back to).
    assert.equal(binaryHeader(bin).figuresJson, undefined);
    for (const file of [json, bin]) {
      const back = loadIndex(file)!;
      assert.ok(back, file);
      assert.deepEqual(
        back.figures.map((f) => f.traditional),
        built.figures.map((f) => f.traditional),
        file,
      );
      assert.ok(back.figures.some((f) => f.traditional === '6688億元'), file);
    }
  });

  it('a rebuild of the same documents asks for no cn→tw converter (texts remembered per process)', () => {
    const { docs } = seedCorpus();
    buildIndex(docs, [], new FallbackSegmenter());
    const before = traditionalConverterUses();
    const again = buildIndex(docs, [], new FallbackSegmenter());
    assert.deepEqual(traditionalConverterUses(), before);
    assertTraditionalTexts(again);
  });

  it('a build with new names and new figure texts builds cn→tw once, for both', () => {
    const dir = tmp();
    // A programme name and figure texts no other test has: both need a Traditional form.
    fs.writeFileSync(
      path.join(dir, 'a.txt'),
      '关于实施“子丑寅卯数字赋能工程”的通知\n\n2024年,全省深入实施“子丑寅卯数字赋能工程”,新增上云企业7.13万家,建设数字化车间8317个。\n',
    );
    const before = traditionalConverterUses();
    const r = loadCorpus({ dirs: [dir], noCache: true, segmenter: () => new FallbackSegmenter() });
    const name = r.index.names.find((n) => n.name === '子丑寅卯数字赋能工程');
    assert.ok(name, r.index.names.map((n) => n.name).join(', '));
    assert.ok(name.traditional.endsWith('數字賦能工程'), name.traditional);
    assert.ok(r.index.figures.some((f) => f.traditional === '7.13萬家'), JSON.stringify(r.index.figures.map((f) => f.traditional)));
    assert.equal(traditionalConverterUses().built, before.built + 1);
  });

  it('a user corpus with a Traditional source: the cached index gives the same replacements as the built one', () => {
    const dir = tmp();
    const cache = tmp();
    for (const f of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, f), path.join(dir, f));
    // 000 (Jiangxi, 6688亿元) in Traditional too: its figures' texts are normalised to Simplified.
    const jx = path.join(dir, '000_82d190114271d52b.txt');
    fs.writeFileSync(jx, cnToTw(fs.readFileSync(jx, 'utf8')));
    const built = loadCorpus({ dirs: [dir], cacheDir: cache, segmenter: () => new FallbackSegmenter() });
    assert.equal(built.origin, 'built');
    const cached = loadCorpus({ dirs: [dir], cacheDir: cache, segmenter: () => new FallbackSegmenter() });
    assert.equal(cached.origin, 'cache');
    const draft = traditionalDraft('jiangxi-more.md');
    const a = checkDraft(draft, built.index);
    const b = checkDraft(draft, cached.index);
    assert.equal(conflicts(a.figures).find((f) => f.text === '6868億元')?.replacement, '6688億元');
    assert.deepEqual(b.figures, a.figures);
  });
});
