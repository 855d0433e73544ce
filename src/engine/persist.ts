// Saving and loading indexes. Writes are atomic (temp file + rename) so an interrupted build never
// leaves a half-written cache that a later start would trust. User-corpus caches live in the
// user's cache directory, never in the corpus folder.
//
// Two formats:
// - JSON (saveIndex): the prebuilt seed index (dist/seed-index.json) and `index --write FILE`. The
//   editor reads these files itself (src/editor/pure/indexFile.ts), so their shape is exactly the
//   CorpusIndex and stays JSON.
// - Binary (saveIndexCache): the content-keyed cache of a user corpus (index-<key>.bin). A 10 MB
//   corpus made a 45 MB JSON cache that took ~1 s to read and parse, as long as a third of a
//   build; the binary cache keeps the bulk in typed-array columns (passage positions, term ids,
//   figure numbers, offset maps) and the texts once, as UTF-16, and is read back in well under
//   0.2 s. Passage texts are not stored: each is `doc.text.slice(start, end)` (checked on save).
// loadIndex reads either (it looks at the first bytes).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INDEX_FORMAT, type CorpusIndex } from './corpusIndex';
import type { OfficialFigure } from './figures/official';
import type { IndexedDoc, Passage } from './types';

export function defaultCacheDir(): string {
  if (process.env.POLICY_ASSIST_CACHE) return process.env.POLICY_ASSIST_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'policy-assist');
}

export function cacheFileFor(key: string, dir = defaultCacheDir()): string {
  return path.join(dir, `index-${key.slice(0, 32)}.bin`);
}

function writeAtomic(file: string, data: string | Uint8Array | Uint8Array[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    if (Array.isArray(data)) {
      const fd = fs.openSync(tmp, 'w');
      try {
        for (const chunk of data) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
    } else fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* the temp file may not exist */
    }
    throw e;
  }
}

/** The index as JSON (the prebuilt seed index, `index --write`): the format the editor reads. */
export function saveIndex(index: CorpusIndex, file: string): void {
  writeAtomic(file, JSON.stringify(index));
}

/** Write the content-keyed cache of a user corpus (what loadCorpus reads back): binary. */
export function saveIndexCache(index: CorpusIndex, file: string): void {
  writeAtomic(file, encodeBinary(index));
}

/** The index stored in `file`, or null if it is missing, unreadable, of another format or another key. */
export function loadIndex(file: string, expectedKey?: string): CorpusIndex | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return null;
  }
  return parseIndex(buf, expectedKey);
}

/** loadIndex without blocking the thread on disk reads (the parse itself is synchronous). */
export async function loadIndexAsync(file: string, expectedKey?: string): Promise<CorpusIndex | null> {
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch {
    return null;
  }
  return parseIndex(buf, expectedKey);
}

function parseIndex(buf: Buffer, expectedKey?: string): CorpusIndex | null {
  try {
    if (isBinary(buf)) return decodeBinary(buf, expectedKey);
    const idx = JSON.parse(buf.toString('utf8')) as CorpusIndex;
    if (idx.format !== INDEX_FORMAT) return null;
    if (expectedKey && idx.key !== expectedKey) return null;
    // JSON has no Infinity: `超过40万家` ([40万, ∞)) was stored with high = null. Restore it here
    // rather than with a JSON.parse reviver, which would slow every load by visiting every value.
    for (const f of idx.figures) {
      if (f.high === null) f.high = Infinity;
      if (f.low === null) f.low = -Infinity;
    }
    return idx;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Binary format
//
//   0  8 bytes  magic "PAIDXBIN"
//   8  u32 LE   INDEX_FORMAT
//  12  u32 LE   byte length H of the header (UTF-8 JSON)
//  16  H bytes  header: key, builtWith, doc metadata, names, skipped, vocab, the figures' string
//               table, and where each column lives
//      columns, each starting at a multiple of 8: Int32Array, Float64Array, Uint8Array or UTF-16
//
// Whatever does not have the exact shape the columns describe (an extra field someone adds to a
// passage or a figure) is stored as JSON in the header instead, so the cache never drops data.

const MAGIC = 'PAIDXBIN';

type ColumnType = 'i32' | 'f64' | 'u8' | 'u16';
interface ColumnRef {
  type: ColumnType;
  offset: number;
  length: number;
}

interface Header {
  key: string;
  builtWith: string;
  docs: { meta: IndexedDoc['meta']; hash: string; excluded: IndexedDoc['excluded']; text: number; map: number; lines: number }[] | null;
  docsJson?: IndexedDoc[];
  names: CorpusIndex['names'];
  skipped: CorpusIndex['skipped'];
  vocab: string[];
  passagesJson?: Passage[];
  figuresJson?: OfficialFigure[];
  strings?: string[];
  columns: Record<string, ColumnRef>;
}

function isBinary(buf: Buffer): boolean {
  return buf.length >= 16 && buf.toString('latin1', 0, 8) === MAGIC;
}

const PASSAGE_KEYS = 'id,doc,paragraph,text,start,end,pos,endPos';
const POS_KEYS = 'line,column';
const DOC_KEYS = 'meta,hash,text,map,lineStarts,excluded';
const FIGURE_KEYS = 'start,end,text,value,low,high,lowInclusive,highInclusive,unit,kind,qualifier,precision,meaning,doc,passage,pos,endPos';
const MEANING_KEYS = 'indicator,key,region,period,periodExplicit,status,scope';

const keysOf = (o: object) => Object.keys(o).join(',');

function passagesFit(index: CorpusIndex): boolean {
  return index.passages.every(
    (p, i) =>
      keysOf(p) === PASSAGE_KEYS &&
      p.id === i &&
      keysOf(p.pos) === POS_KEYS &&
      keysOf(p.endPos) === POS_KEYS &&
      index.docs[p.doc] !== undefined &&
      // The text is not stored: it must be exactly the document's text at [start, end).
      index.docs[p.doc].text.length >= p.end &&
      index.docs[p.doc].text.startsWith(p.text, p.start) &&
      p.text.length === p.end - p.start,
  );
}

function figuresFit(index: CorpusIndex): boolean {
  return index.figures.every(
    (f) =>
      keysOf(f) === FIGURE_KEYS &&
      keysOf(f.meaning) === MEANING_KEYS &&
      keysOf(f.pos) === POS_KEYS &&
      keysOf(f.endPos) === POS_KEYS &&
      typeof f.text === 'string' &&
      typeof f.unit === 'string' &&
      typeof f.kind === 'string' &&
      typeof f.qualifier === 'string' &&
      typeof f.meaning.indicator === 'string' &&
      typeof f.meaning.key === 'string' &&
      typeof f.meaning.status === 'string' &&
      (f.meaning.region === null || typeof f.meaning.region === 'string') &&
      (f.meaning.period === null || typeof f.meaning.period === 'string') &&
      (f.meaning.scope === null || typeof f.meaning.scope === 'string'),
  );
}

function encodeBinary(index: CorpusIndex): Uint8Array[] {
  const columns: Record<string, ColumnRef> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0; // relative to the start of the column area
  const add = (name: string, type: ColumnType, data: Int32Array | Float64Array | Uint8Array | Uint16Array) => {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    columns[name] = { type, offset, length: data.length };
    chunks.push(bytes);
    offset += bytes.length;
    const pad = (8 - (offset % 8)) % 8;
    if (pad) {
      chunks.push(new Uint8Array(pad));
      offset += pad;
    }
  };

  // Documents: texts as UTF-16 code units, offset maps and line starts concatenated.
  const docsFit = index.docs.every((d) => keysOf(d) === DOC_KEYS && d.map.norm.length === d.map.orig.length);
  let docs: Header['docs'] = null;
  if (docsFit) {
    docs = index.docs.map((d) => ({ meta: d.meta, hash: d.hash, excluded: d.excluded, text: d.text.length, map: d.map.norm.length, lines: d.lineStarts.length }));
    const textLen = index.docs.reduce((s, d) => s + d.text.length, 0);
    const text = Buffer.allocUnsafe(textLen * 2);
    let at = 0;
    for (const d of index.docs) at += text.write(d.text, at, 'utf16le');
    add('docText', 'u16', new Uint16Array(text.buffer, text.byteOffset, textLen));
    add('mapNorm', 'i32', Int32Array.from(index.docs.flatMap((d) => d.map.norm)));
    add('mapOrig', 'i32', Int32Array.from(index.docs.flatMap((d) => d.map.orig)));
    add('lineStarts', 'i32', Int32Array.from(index.docs.flatMap((d) => d.lineStarts)));
  }

  // Passages: eight integer columns; the text is a slice of its document's text.
  const passagesOk = docsFit && passagesFit(index);
  if (passagesOk) {
    const n = index.passages.length;
    const cols = ['pDoc', 'pParagraph', 'pStart', 'pEnd', 'pLine', 'pColumn', 'pEndLine', 'pEndColumn'].map(() => new Int32Array(n));
    index.passages.forEach((p, i) => {
      cols[0][i] = p.doc;
      cols[1][i] = p.paragraph;
      cols[2][i] = p.start;
      cols[3][i] = p.end;
      cols[4][i] = p.pos.line;
      cols[5][i] = p.pos.column;
      cols[6][i] = p.endPos.line;
      cols[7][i] = p.endPos.column;
    });
    ['pDoc', 'pParagraph', 'pStart', 'pEnd', 'pLine', 'pColumn', 'pEndLine', 'pEndColumn'].forEach((name, k) => add(name, 'i32', cols[k]));
  }

  // Term ids of each passage: one flat column and the offsets.
  const termOffsets = new Int32Array(index.passageTerms.length + 1);
  index.passageTerms.forEach((t, i) => (termOffsets[i + 1] = termOffsets[i] + t.length));
  const termIds = new Int32Array(termOffsets[index.passageTerms.length]);
  index.passageTerms.forEach((t, i) => termIds.set(t, termOffsets[i]));
  add('termOffsets', 'i32', termOffsets);
  add('termIds', 'i32', termIds);

  // Figures: numbers in Float64 (Infinity needs no special case), flags in bytes, strings through
  // a table (units, kinds and regions repeat thousands of times).
  const figuresOk = figuresFit(index);
  let strings: string[] | undefined;
  if (figuresOk) {
    const table = new Map<string, number>();
    strings = [];
    const sid = (s: string | null) => {
      if (s === null) return -1;
      let id = table.get(s);
      if (id === undefined) {
        id = strings!.length;
        strings!.push(s);
        table.set(s, id);
      }
      return id;
    };
    const n = index.figures.length;
    const ints = new Int32Array(n * 8);
    const nums = new Float64Array(n * 4);
    const flags = new Uint8Array(n);
    const strs = new Int32Array(n * 10);
    index.figures.forEach((f, i) => {
      ints.set([f.start, f.end, f.doc, f.passage, f.pos.line, f.pos.column, f.endPos.line, f.endPos.column], i * 8);
      nums.set([f.value, f.low, f.high, f.precision], i * 4);
      flags[i] = (f.lowInclusive ? 1 : 0) | (f.highInclusive ? 2 : 0) | (f.meaning.periodExplicit ? 4 : 0);
      const m = f.meaning;
      strs.set([sid(f.text), sid(f.unit), sid(f.kind), sid(f.qualifier), sid(m.indicator), sid(m.key), sid(m.region), sid(m.period), sid(m.status), sid(m.scope)], i * 10);
    });
    add('fInts', 'i32', ints);
    add('fNums', 'f64', nums);
    add('fFlags', 'u8', flags);
    add('fStrings', 'i32', strs);
  }

  const header: Header = {
    key: index.key,
    builtWith: index.builtWith,
    docs,
    ...(docsFit ? {} : { docsJson: index.docs }),
    names: index.names,
    skipped: index.skipped,
    vocab: index.vocab,
    ...(passagesOk ? {} : { passagesJson: index.passages }),
    ...(figuresOk ? { strings } : { figuresJson: index.figures }),
    columns,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pre = Buffer.alloc(16);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(INDEX_FORMAT, 8);
  pre.writeUInt32LE(headerBytes.length, 12);
  const headPad = (8 - ((16 + headerBytes.length) % 8)) % 8;
  return [pre, headerBytes, new Uint8Array(headPad), ...chunks];
}

function decodeBinary(buf: Buffer, expectedKey?: string): CorpusIndex | null {
  if (buf.readUInt32LE(8) !== INDEX_FORMAT) return null;
  const headerLen = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + headerLen)) as Header;
  if (expectedKey && header.key !== expectedKey) return null;
  let base = 16 + headerLen;
  base += (8 - (base % 8)) % 8;
  // Typed-array views need aligned offsets: copy once if the file's buffer is not 8-aligned.
  if ((buf.byteOffset + base) % 8 !== 0) {
    const copy = Buffer.alloc(buf.length - base);
    buf.copy(copy, 0, base);
    buf = copy;
    base = 0;
  }
  const col = (name: string) => {
    const c = header.columns[name];
    if (!c) throw new Error(`index cache: missing column ${name}`);
    const at = buf.byteOffset + base + c.offset;
    if (c.type === 'i32') return new Int32Array(buf.buffer, at, c.length);
    if (c.type === 'f64') return new Float64Array(buf.buffer, at, c.length);
    if (c.type === 'u16') return new Uint16Array(buf.buffer, at, c.length);
    return new Uint8Array(buf.buffer, at, c.length);
  };

  // Documents.
  let docs: IndexedDoc[];
  if (header.docs) {
    const textCol = header.columns.docText;
    const textStart = base + textCol.offset;
    const norm = col('mapNorm');
    const orig = col('mapOrig');
    const lines = col('lineStarts');
    let t = 0;
    let m = 0;
    let l = 0;
    docs = header.docs.map((d) => {
      const doc: IndexedDoc = {
        meta: d.meta,
        hash: d.hash,
        text: buf.toString('utf16le', textStart + t * 2, textStart + (t + d.text) * 2),
        map: { norm: Array.from(norm.subarray(m, m + d.map)), orig: Array.from(orig.subarray(m, m + d.map)) },
        lineStarts: Array.from(lines.subarray(l, l + d.lines)),
        excluded: d.excluded,
      };
      t += d.text;
      m += d.map;
      l += d.lines;
      return doc;
    });
  } else docs = header.docsJson!;

  // Passages.
  let passages: Passage[];
  if (header.passagesJson) passages = header.passagesJson;
  else {
    const [pDoc, pParagraph, pStart, pEnd, pLine, pColumn, pEndLine, pEndColumn] = ['pDoc', 'pParagraph', 'pStart', 'pEnd', 'pLine', 'pColumn', 'pEndLine', 'pEndColumn'].map(col);
    const n = pDoc.length;
    passages = new Array<Passage>(n);
    for (let i = 0; i < n; i++) {
      const start = pStart[i];
      const end = pEnd[i];
      passages[i] = {
        id: i,
        doc: pDoc[i],
        paragraph: pParagraph[i],
        text: docs[pDoc[i]].text.slice(start, end),
        start,
        end,
        pos: { line: pLine[i], column: pColumn[i] },
        endPos: { line: pEndLine[i], column: pEndColumn[i] },
      };
    }
  }

  // Term ids: materialised as number[][] only when first read (the first related-passages query
  // builds BM25 postings from them); a check or a completion never pays for 1.7M numbers.
  const termOffsets = col('termOffsets');
  const termIds = col('termIds');
  let passageTerms: number[][] | undefined;
  const terms = () => {
    if (!passageTerms) {
      passageTerms = new Array<number[]>(termOffsets.length - 1);
      for (let p = 0; p < passageTerms.length; p++) {
        const from = termOffsets[p];
        const arr = new Array<number>(termOffsets[p + 1] - from);
        for (let k = 0; k < arr.length; k++) arr[k] = termIds[from + k];
        passageTerms[p] = arr;
      }
    }
    return passageTerms;
  };

  // Figures.
  let figures: OfficialFigure[];
  if (header.figuresJson) {
    figures = header.figuresJson;
    for (const f of figures) {
      if (f.high === null) f.high = Infinity;
      if (f.low === null) f.low = -Infinity;
    }
  } else {
    const ints = col('fInts');
    const nums = col('fNums');
    const flags = col('fFlags');
    const strs = col('fStrings');
    const S = header.strings!;
    const s = (i: number) => (i < 0 ? null : S[i]);
    const n = flags.length;
    figures = new Array<OfficialFigure>(n);
    for (let i = 0; i < n; i++) {
      const a = i * 8;
      const b = i * 4;
      const c = i * 10;
      const fl = flags[i];
      // Same key order as extractOfficialFigures builds, so JSON.stringify of a loaded index is
      // identical to that of the built one.
      figures[i] = {
        start: ints[a],
        end: ints[a + 1],
        text: S[strs[c]],
        value: nums[b],
        low: nums[b + 1],
        high: nums[b + 2],
        lowInclusive: (fl & 1) !== 0,
        highInclusive: (fl & 2) !== 0,
        unit: S[strs[c + 1]],
        kind: S[strs[c + 2]] as OfficialFigure['kind'],
        qualifier: S[strs[c + 3]] as OfficialFigure['qualifier'],
        precision: nums[b + 3],
        meaning: {
          indicator: S[strs[c + 4]],
          key: S[strs[c + 5]],
          region: s(strs[c + 6]),
          period: s(strs[c + 7]),
          periodExplicit: (fl & 4) !== 0,
          status: S[strs[c + 8]] as OfficialFigure['meaning']['status'],
          scope: s(strs[c + 9]),
        },
        doc: ints[a + 2],
        passage: ints[a + 3],
        pos: { line: ints[a + 4], column: ints[a + 5] },
        endPos: { line: ints[a + 6], column: ints[a + 7] },
      };
    }
  }

  const index = {
    format: INDEX_FORMAT,
    key: header.key,
    builtWith: header.builtWith,
    docs,
    passages,
    names: header.names,
    figures,
    vocab: header.vocab,
    passageTerms: [] as number[][],
    skipped: header.skipped,
  };
  // An enumerable accessor in the same place as the data property it stands for, replaced by that
  // data property on first use (assignment replaces it too).
  Object.defineProperty(index, 'passageTerms', {
    enumerable: true,
    configurable: true,
    get() {
      const value = terms();
      Object.defineProperty(index, 'passageTerms', { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: number[][]) {
      Object.defineProperty(index, 'passageTerms', { value, enumerable: true, configurable: true, writable: true });
    },
  });
  return index;
}
