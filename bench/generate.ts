// Deterministic scaled corpora and drafts for the benchmark, made from the five seeds by
// repetition with varied numbers, names and regions. Same inputs, same bytes, every run: the
// generator uses its own seeded PRNG, never Math.random or the clock.
//
// Why vary rather than copy: a corpus of 140 identical copies would give jieba, BM25 and the
// registry 140× the same vocabulary and names, which is not what a 10 MB user corpus looks like
// (more distinct names, more distinct figures, longer postings for common words only).

import * as fs from 'node:fs';
import * as path from 'node:path';

export const MB = 1024 * 1024;

/** mulberry32: tiny, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Provinces whose names are written the same in Simplified and Traditional, so a varied copy of a
// Traditional seed (002, 004) stays consistently Traditional.
const PROVINCES = ['河北', '山西', '吉林', '浙江', '安徽', '福建', '河南', '湖北', '湖南', '四川', '青海', '海南'];
// Characters for name prefixes (same in both scripts, so OpenCC leaves them alone).
const TAG_CHARS = '泰安和平中天山石金木水火土明光长宁华青白朱丹文武春秋星月川田林泉';

/** Digit runs get new digits of the same length; years (19xx/20xx) and leading-zero codes are kept. */
export function varyNumbers(text: string, rnd: () => number): string {
  return text.replace(/[0-9]+/g, (run) => {
    if (run.length === 4 && /^(19|20)/.test(run)) return run;
    let out = '';
    for (let i = 0; i < run.length; i++) {
      if (i === 0 && run[0] !== '0') out += String(1 + Math.floor(rnd() * 9));
      else if (i === 0) out += '0';
      else out += String(Math.floor(rnd() * 10));
    }
    return out;
  });
}

function tagOf(k: number): string {
  // Two characters from k: distinct for k < 33² (more copies than the 10 MB corpus needs).
  const n = TAG_CHARS.length;
  return TAG_CHARS[k % n] + TAG_CHARS[Math.floor(k / n) % n];
}

/** Copy k of a seed: numbers varied, quoted names prefixed with a copy tag, the province swapped. */
export function varySeed(text: string, k: number): { text: string; region: string | null } {
  if (k === 0) return { text, region: null };
  const rnd = prng(0x5eed + k);
  const province = PROVINCES[k % PROVINCES.length];
  const tag = tagOf(k);
  let t = varyNumbers(text, rnd);
  // “工赋山东” -> “泰安工赋山东”: a new programme name per copy, as a large corpus of many
  // provinces' documents has.
  t = t.replace(/“([^”\n]{2,20})”/g, (_m, name: string) => `“${tag}${name}”`);
  t = t.replace(/江西|山东|山東/g, province);
  return { text: t, region: province };
}

interface Manifest {
  documents: { file: string; title?: string; issuer?: string; region?: string; date?: string }[];
}

export interface GeneratedCorpus {
  dir: string;
  files: number;
  bytes: number;
  copies: number;
}

/**
 * Write a corpus of at least `targetBytes` (UTF-8) into `dir`: copy 0 is the seeds unchanged, then
 * varied copies until the size is reached. The folder is emptied first.
 */
export function generateCorpus(seedsDir: string, dir: string, targetBytes: number): GeneratedCorpus {
  const manifest = JSON.parse(fs.readFileSync(path.join(seedsDir, 'manifest.json'), 'utf8')) as Manifest;
  const seeds = manifest.documents.map((d) => ({ ...d, text: fs.readFileSync(path.join(seedsDir, d.file), 'utf8') }));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const out: Manifest = { documents: [] };
  let bytes = 0;
  let files = 0;
  let k = 0;
  for (; bytes < targetBytes; k++) {
    for (const s of seeds) {
      const v = varySeed(s.text, k);
      const file = `c${String(k).padStart(4, '0')}_${s.file}`;
      fs.writeFileSync(path.join(dir, file), v.text);
      bytes += Buffer.byteLength(v.text);
      files++;
      out.documents.push({
        file,
        title: k === 0 ? s.title : `${s.title}(${tagOf(k)})`,
        issuer: s.issuer,
        region: v.region ?? s.region,
        date: s.date,
      });
      if (bytes >= targetBytes) break;
    }
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(out, null, 1));
  return { dir, files, bytes, copies: k };
}

/**
 * A draft of at least `targetChars` UTF-16 characters (or `targetBytes` UTF-8 bytes): the example
 * draft's front matter, then its body and Simplified seed paragraphs (000, 003) repeated with
 * varied numbers, so it is dense in figures, some consistent, most conflicting or unmatched.
 */
export function generateDraft(root: string, target: { chars?: number; bytes?: number }): string {
  const example = fs.readFileSync(path.join(root, 'examples', 'draft.md'), 'utf8');
  const fm = /^---\n[\s\S]*?\n---\n/.exec(example)?.[0] ?? '';
  const body = example.slice(fm.length);
  const seedLines = ['000_82d190114271d52b.txt', '003_370ac0c7d6d374e6.txt']
    .flatMap((f) => fs.readFileSync(path.join(root, 'seeds', f), 'utf8').split('\n'))
    .filter((l) => l.trim().length > 20);
  const parts: string[] = [fm];
  let chars = fm.length;
  let bytes = Buffer.byteLength(fm);
  const done = () => (target.chars !== undefined && chars >= target.chars) || (target.bytes !== undefined && bytes >= target.bytes);
  for (let k = 0; !done(); k++) {
    const rnd = prng(0xd7af7 + k);
    const block = (k === 0 ? body : varyNumbers(body, rnd)) + '\n' + seedLines.slice((k * 7) % seedLines.length, ((k * 7) % seedLines.length) + 7).map((l) => varyNumbers(l, rnd)).join('\n\n') + '\n\n';
    parts.push(block);
    chars += block.length;
    bytes += Buffer.byteLength(block);
  }
  let draft = parts.join('');
  if (target.chars !== undefined && target.bytes === undefined) draft = draft.slice(0, target.chars);
  return draft;
}
