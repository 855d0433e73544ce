// Saving and loading indexes. Writes are atomic (temp file + rename) so an interrupted build never
// leaves a half-written cache that a later start would trust. User-corpus caches live in the
// user's cache directory, never in the corpus folder.
//
// Two formats:
// - JSON (saveIndex): the prebuilt seed index (dist/seed-index.json) and `index --write FILE`, whose
//   shape is exactly the CorpusIndex (the editor's engine worker reads both formats with
//   loadIndexAsync).
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
//  12  u32 LE   byte length H of the header (UTF-8 JSON: key, builtWith, skipped files, and where
//               each column lives)
//  16  H bytes  header
//      columns, each starting at a multiple of 8: Int32Array, Float64Array, Uint8Array or UTF-16
//
// Every string (names, titles, units, indicators, vocabulary...) is stored once in a string table
// (one UTF-16 block and its offsets) and referred to by number: parsing a 5 MB JSON header of
// names and document metadata was a third of loading a 10 MB corpus's cache.
//
// Records are written as columns only when they have exactly the shape the columns describe (the
// keys in this order, values of these types); anything else (an extra field someone adds to a
// programme name or a figure) is stored as JSON in the header instead, so the cache never drops
// data and a loaded index is deep-equal to the built one.

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
  skipped: CorpusIndex['skipped'];
  columns: Record<string, ColumnRef>;
  /** JSON fallbacks for parts whose shape the columns do not describe. */
  docsJson?: IndexedDoc[];
  namesJson?: CorpusIndex['names'];
  passagesJson?: Passage[];
  figuresJson?: OfficialFigure[];
}

function isBinary(buf: Buffer): boolean {
  return buf.length >= 16 && buf.toString('latin1', 0, 8) === MAGIC;
}

/** Field types of flat records: strings (possibly null) via the string table, numbers, booleans. */
type FieldType = 'str' | 'str?' | 'i32' | 'f64' | 'bool';
type Schema = readonly (readonly [string, FieldType])[];

// The shapes the engine builds (buildDoc, findExcluded + preview, harvestNames), in key order.
const META_SCHEMA: Schema = [['id', 'str'], ['path', 'str'], ['title', 'str'], ['issuer', 'str?'], ['region', 'str?'], ['date', 'str?'], ['metaSource', 'str'], ['script', 'str']];
const EXCLUDED_SCHEMA: Schema = [['start', 'i32'], ['end', 'i32'], ['kind', 'str'], ['reason', 'str'], ['preview', 'str']];
const NAME_SCHEMA: Schema = [['name', 'str'], ['traditional', 'str'], ['kind', 'str'], ['initials', 'str'], ['pinyin', 'str'], ['region', 'str?'], ['count', 'i32'], ['score', 'f64'], ['firstPassage', 'i32'], ['via', 'str']];

const isI32 = (v: unknown) => typeof v === 'number' && (v | 0) === v && !Object.is(v, -0);

function fits(records: readonly object[], schema: Schema): boolean {
  const keys = schema.map(([k]) => k).join(',');
  return records.every((r) => {
    if (Object.keys(r).join(',') !== keys) return false;
    const o = r as Record<string, unknown>;
    return schema.every(([k, t]) => {
      const v = o[k];
      if (t === 'str') return typeof v === 'string';
      if (t === 'str?') return v === null || typeof v === 'string';
      if (t === 'i32') return isI32(v);
      if (t === 'f64') return typeof v === 'number';
      return typeof v === 'boolean';
    });
  });
}

const PASSAGE_KEYS = 'id,doc,paragraph,text,start,end,pos,endPos';
const POS_KEYS = 'line,column';
const DOC_KEYS = 'meta,hash,text,map,lineStarts,excluded';
const FIGURE_KEYS = 'start,end,text,value,low,high,lowInclusive,highInclusive,unit,kind,qualifier,precision,meaning,doc,passage,pos,endPos,traditional';
const MEANING_KEYS = 'indicator,key,region,period,periodExplicit,status,scope';
/** String-table numbers per figure in the f.strings column (text … scope, traditional). */
const FIGURE_STRINGS = 11;

const keysOf = (o: object) => Object.keys(o).join(',');
const posFits = (p: { line: unknown; column: unknown }) => keysOf(p) === POS_KEYS && isI32(p.line) && isI32(p.column);

function docsFit(index: CorpusIndex): boolean {
  return (
    index.docs.every(
      (d) =>
        keysOf(d) === DOC_KEYS &&
        typeof d.hash === 'string' &&
        typeof d.text === 'string' &&
        keysOf(d.map) === 'norm,orig' &&
        d.map.norm.length === d.map.orig.length &&
        d.map.norm.every(isI32) &&
        d.map.orig.every(isI32) &&
        d.lineStarts.every(isI32),
    ) &&
    fits(index.docs.map((d) => d.meta), META_SCHEMA) &&
    fits(index.docs.flatMap((d) => d.excluded), EXCLUDED_SCHEMA)
  );
}

function passagesFit(index: CorpusIndex): boolean {
  return index.passages.every(
    (p, i) =>
      keysOf(p) === PASSAGE_KEYS &&
      p.id === i &&
      isI32(p.doc) &&
      isI32(p.paragraph) &&
      isI32(p.start) &&
      isI32(p.end) &&
      posFits(p.pos) &&
      posFits(p.endPos) &&
      index.docs[p.doc] !== undefined &&
      // The text is not stored: it must be exactly the document's text at [start, end).
      p.text.length === p.end - p.start &&
      index.docs[p.doc].text.startsWith(p.text, p.start),
  );
}

function figuresFit(index: CorpusIndex): boolean {
  return index.figures.every(
    (f) =>
      keysOf(f) === FIGURE_KEYS &&
      keysOf(f.meaning) === MEANING_KEYS &&
      posFits(f.pos) &&
      posFits(f.endPos) &&
      [f.start, f.end, f.doc, f.passage].every(isI32) &&
      [f.value, f.low, f.high, f.precision].every((x) => typeof x === 'number') &&
      [f.lowInclusive, f.highInclusive, f.meaning.periodExplicit].every((x) => typeof x === 'boolean') &&
      [f.text, f.unit, f.kind, f.qualifier, f.meaning.indicator, f.meaning.key, f.meaning.status, f.traditional].every((x) => typeof x === 'string') &&
      [f.meaning.region, f.meaning.period, f.meaning.scope].every((x) => x === null || typeof x === 'string'),
  );
}

class Writer {
  readonly columns: Record<string, ColumnRef> = {};
  readonly chunks: Uint8Array[] = [];
  private offset = 0; // relative to the start of the column area
  private readonly strings = new Map<string, number>();
  private readonly stringList: string[] = [];

  add(name: string, type: ColumnType, data: Int32Array | Float64Array | Uint8Array | Uint16Array): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.columns[name] = { type, offset: this.offset, length: data.length };
    this.chunks.push(bytes);
    this.offset += bytes.length;
    const pad = (8 - (this.offset % 8)) % 8;
    if (pad) {
      this.chunks.push(new Uint8Array(pad));
      this.offset += pad;
    }
  }

  /** Number of a string in the table (-1 for null). */
  str(s: string | null): number {
    if (s === null) return -1;
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.stringList.length;
      this.stringList.push(s);
      this.strings.set(s, id);
    }
    return id;
  }

  /** Flat records as one column per field (the schema was checked with `fits`). */
  records(prefix: string, records: readonly object[], schema: Schema): void {
    for (const [key, type] of schema) {
      const values = records.map((r) => (r as Record<string, unknown>)[key]);
      if (type === 'str' || type === 'str?') this.add(`${prefix}.${key}`, 'i32', Int32Array.from(values, (v) => this.str(v as string | null)));
      else if (type === 'i32') this.add(`${prefix}.${key}`, 'i32', Int32Array.from(values as number[]));
      else if (type === 'f64') this.add(`${prefix}.${key}`, 'f64', Float64Array.from(values as number[]));
      else this.add(`${prefix}.${key}`, 'u8', Uint8Array.from(values, (v) => (v ? 1 : 0)));
    }
  }

  /** The string table, last (every other part has added its strings by then). */
  finishStrings(): void {
    const offsets = new Int32Array(this.stringList.length + 1);
    let total = 0;
    this.stringList.forEach((s, i) => (offsets[i + 1] = total += s.length));
    const text = Buffer.allocUnsafe(total * 2);
    let at = 0;
    for (const s of this.stringList) at += text.write(s, at, 'utf16le');
    this.add('strings.offsets', 'i32', offsets);
    this.add('strings.text', 'u16', new Uint16Array(text.buffer, text.byteOffset, total));
  }
}

function encodeBinary(index: CorpusIndex): Uint8Array[] {
  const w = new Writer();
  const header: Header = { key: index.key, builtWith: index.builtWith, skipped: index.skipped, columns: w.columns };

  // Documents: texts as UTF-16 code units; offset maps, line starts and excluded spans
  // concatenated, with each document's counts.
  const docsOk = docsFit(index);
  if (docsOk) {
    const textLen = index.docs.reduce((s, d) => s + d.text.length, 0);
    const text = Buffer.allocUnsafe(textLen * 2);
    let at = 0;
    for (const d of index.docs) at += text.write(d.text, at, 'utf16le');
    w.add('docs.text', 'u16', new Uint16Array(text.buffer, text.byteOffset, textLen));
    w.add('docs.textLength', 'i32', Int32Array.from(index.docs, (d) => d.text.length));
    w.add('docs.mapLength', 'i32', Int32Array.from(index.docs, (d) => d.map.norm.length));
    w.add('docs.linesLength', 'i32', Int32Array.from(index.docs, (d) => d.lineStarts.length));
    w.add('docs.excludedLength', 'i32', Int32Array.from(index.docs, (d) => d.excluded.length));
    w.add('docs.hash', 'i32', Int32Array.from(index.docs, (d) => w.str(d.hash)));
    w.add('docs.mapNorm', 'i32', Int32Array.from(index.docs.flatMap((d) => d.map.norm)));
    w.add('docs.mapOrig', 'i32', Int32Array.from(index.docs.flatMap((d) => d.map.orig)));
    w.add('docs.lineStarts', 'i32', Int32Array.from(index.docs.flatMap((d) => d.lineStarts)));
    w.records('meta', index.docs.map((d) => d.meta), META_SCHEMA);
    w.records('excluded', index.docs.flatMap((d) => d.excluded), EXCLUDED_SCHEMA);
  } else header.docsJson = index.docs;

  // Passages: integer columns; the text is a slice of its document's text.
  if (docsOk && passagesFit(index)) {
    const ps = index.passages;
    w.add('p.doc', 'i32', Int32Array.from(ps, (p) => p.doc));
    w.add('p.paragraph', 'i32', Int32Array.from(ps, (p) => p.paragraph));
    w.add('p.start', 'i32', Int32Array.from(ps, (p) => p.start));
    w.add('p.end', 'i32', Int32Array.from(ps, (p) => p.end));
    w.add('p.line', 'i32', Int32Array.from(ps, (p) => p.pos.line));
    w.add('p.column', 'i32', Int32Array.from(ps, (p) => p.pos.column));
    w.add('p.endLine', 'i32', Int32Array.from(ps, (p) => p.endPos.line));
    w.add('p.endColumn', 'i32', Int32Array.from(ps, (p) => p.endPos.column));
  } else header.passagesJson = index.passages;

  // Programme names.
  if (fits(index.names, NAME_SCHEMA)) w.records('names', index.names, NAME_SCHEMA);
  else header.namesJson = index.names;

  // Vocabulary and the term ids of each passage (one flat column and the offsets).
  w.add('vocab', 'i32', Int32Array.from(index.vocab, (t) => w.str(t)));
  const termOffsets = new Int32Array(index.passageTerms.length + 1);
  index.passageTerms.forEach((t, i) => (termOffsets[i + 1] = termOffsets[i] + t.length));
  const termIds = new Int32Array(termOffsets[index.passageTerms.length]);
  index.passageTerms.forEach((t, i) => termIds.set(t, termOffsets[i]));
  w.add('terms.offsets', 'i32', termOffsets);
  w.add('terms.ids', 'i32', termIds);

  // Figures: numbers in Float64 (Infinity needs no special case), flags in bytes, strings through
  // the table (units, kinds and regions repeat thousands of times).
  if (figuresFit(index)) {
    const n = index.figures.length;
    const ints = new Int32Array(n * 8);
    const nums = new Float64Array(n * 4);
    const flags = new Uint8Array(n);
    const strs = new Int32Array(n * FIGURE_STRINGS);
    index.figures.forEach((f, i) => {
      ints.set([f.start, f.end, f.doc, f.passage, f.pos.line, f.pos.column, f.endPos.line, f.endPos.column], i * 8);
      nums.set([f.value, f.low, f.high, f.precision], i * 4);
      flags[i] = (f.lowInclusive ? 1 : 0) | (f.highInclusive ? 2 : 0) | (f.meaning.periodExplicit ? 4 : 0);
      const m = f.meaning;
      // The Traditional text through the table too: it is the text itself for most figures.
      strs.set([w.str(f.text), w.str(f.unit), w.str(f.kind), w.str(f.qualifier), w.str(m.indicator), w.str(m.key), w.str(m.region), w.str(m.period), w.str(m.status), w.str(m.scope), w.str(f.traditional)], i * FIGURE_STRINGS);
    });
    w.add('f.ints', 'i32', ints);
    w.add('f.nums', 'f64', nums);
    w.add('f.flags', 'u8', flags);
    w.add('f.strings', 'i32', strs);
  } else header.figuresJson = index.figures;

  w.finishStrings();
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pre = Buffer.alloc(16);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(INDEX_FORMAT, 8);
  pre.writeUInt32LE(headerBytes.length, 12);
  const headPad = (8 - ((16 + headerBytes.length) % 8)) % 8;
  return [pre, headerBytes, new Uint8Array(headPad), ...w.chunks];
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
  const ref = (name: string) => {
    const c = header.columns[name];
    if (!c) throw new Error(`index cache: missing column ${name}`);
    return c;
  };
  const i32 = (name: string) => {
    const c = ref(name);
    return new Int32Array(buf.buffer, buf.byteOffset + base + c.offset, c.length);
  };
  const f64 = (name: string) => {
    const c = ref(name);
    return new Float64Array(buf.buffer, buf.byteOffset + base + c.offset, c.length);
  };
  const u8 = (name: string) => {
    const c = ref(name);
    return new Uint8Array(buf.buffer, buf.byteOffset + base + c.offset, c.length);
  };
  /** A UTF-16 column (or a part of it, in code units) as a string. */
  const utf16 = (name: string, from = 0, to = ref(name).length) => {
    const at = base + ref(name).offset;
    return buf.toString('utf16le', at + from * 2, at + to * 2);
  };

  // The string table: one string, sliced per entry on first use.
  const strOffsets = i32('strings.offsets');
  const strText = utf16('strings.text');
  const strCache = new Array<string | undefined>(strOffsets.length - 1);
  const str = (i: number): string | null => {
    if (i < 0) return null;
    let s = strCache[i];
    if (s === undefined) strCache[i] = s = strText.slice(strOffsets[i], strOffsets[i + 1]);
    return s;
  };
  const strCol = (prefix: string, key: string) => {
    const ids = i32(`${prefix}.${key}`);
    return (i: number) => str(ids[i]);
  };
  // One literal per record type (keys in schema order: checked below), not a generic loop that
  // assigns computed keys, which was several times slower for 15,000 programme names.
  const metaRecords = (): IndexedDoc['meta'][] => {
    const [id, path, title, issuer, region, date, metaSource, script] = META_SCHEMA.map(([k]) => strCol('meta', k));
    return Array.from({ length: i32('meta.id').length }, (_, i) => ({
      id: id(i)!,
      path: path(i)!,
      title: title(i)!,
      issuer: issuer(i),
      region: region(i),
      date: date(i),
      metaSource: metaSource(i) as IndexedDoc['meta']['metaSource'],
      script: script(i) as IndexedDoc['meta']['script'],
    }));
  };
  const excludedRecords = (): IndexedDoc['excluded'] => {
    const start = i32('excluded.start');
    const end = i32('excluded.end');
    const [kind, reason, preview] = ['kind', 'reason', 'preview'].map((k) => strCol('excluded', k));
    return Array.from({ length: start.length }, (_, i) => ({
      start: start[i],
      end: end[i],
      kind: kind(i) as IndexedDoc['excluded'][number]['kind'],
      reason: reason(i)!,
      preview: preview(i)!,
    }));
  };
  const nameRecords = (): CorpusIndex['names'] => {
    const [name, traditional, kind, initials, pinyin, region] = ['name', 'traditional', 'kind', 'initials', 'pinyin', 'region'].map((k) => strCol('names', k));
    const count = i32('names.count');
    const score = f64('names.score');
    const firstPassage = i32('names.firstPassage');
    const via = strCol('names', 'via');
    return Array.from({ length: count.length }, (_, i) => ({
      name: name(i)!,
      traditional: traditional(i)!,
      kind: kind(i) as CorpusIndex['names'][number]['kind'],
      initials: initials(i)!,
      pinyin: pinyin(i)!,
      region: region(i),
      count: count[i],
      score: score[i],
      firstPassage: firstPassage[i],
      via: via(i) as CorpusIndex['names'][number]['via'],
    }));
  };
  const checkShape = (records: object[], schema: Schema) => {
    if (records.length && keysOf(records[0]) !== schema.map(([k]) => k).join(',')) throw new Error('index cache: record shape out of date');
    return records;
  };
  /** number[] of a part of an Int32Array (a plain loop: Array.from goes through the iterator). */
  const numbers = (a: Int32Array, from: number, to: number): number[] => {
    const out = new Array<number>(to - from);
    for (let k = 0; k < out.length; k++) out[k] = a[from + k];
    return out;
  };

  // Documents.
  let docs: IndexedDoc[];
  if (header.docsJson) docs = header.docsJson;
  else {
    const textLength = i32('docs.textLength');
    const mapLength = i32('docs.mapLength');
    const linesLength = i32('docs.linesLength');
    const excludedLength = i32('docs.excludedLength');
    const hash = i32('docs.hash');
    const norm = i32('docs.mapNorm');
    const orig = i32('docs.mapOrig');
    const lines = i32('docs.lineStarts');
    const metas = checkShape(metaRecords(), META_SCHEMA) as IndexedDoc['meta'][];
    const excluded = checkShape(excludedRecords(), EXCLUDED_SCHEMA) as IndexedDoc['excluded'];
    let t = 0;
    let m = 0;
    let l = 0;
    let e = 0;
    docs = new Array<IndexedDoc>(textLength.length);
    for (let d = 0; d < docs.length; d++) {
      docs[d] = {
        meta: metas[d],
        hash: str(hash[d])!,
        text: utf16('docs.text', t, t + textLength[d]),
        map: { norm: numbers(norm, m, m + mapLength[d]), orig: numbers(orig, m, m + mapLength[d]) },
        lineStarts: numbers(lines, l, l + linesLength[d]),
        excluded: excluded.slice(e, e + excludedLength[d]),
      };
      t += textLength[d];
      m += mapLength[d];
      l += linesLength[d];
      e += excludedLength[d];
    }
  }

  // Passages.
  let passages: Passage[];
  if (header.passagesJson) passages = header.passagesJson;
  else {
    const [pDoc, pParagraph, pStart, pEnd, pLine, pColumn, pEndLine, pEndColumn] = ['p.doc', 'p.paragraph', 'p.start', 'p.end', 'p.line', 'p.column', 'p.endLine', 'p.endColumn'].map(i32);
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

  const names = header.namesJson ?? (checkShape(nameRecords(), NAME_SCHEMA) as CorpusIndex['names']);
  const vocab = Array.from(i32('vocab'), (id) => str(id)!);

  // Term ids: materialised as number[][] only when first read (the first related-passages query
  // builds BM25 postings from them); a check or a completion never pays for 1.7M numbers.
  const termOffsets = i32('terms.offsets');
  const termIds = i32('terms.ids');
  let passageTerms: number[][] | undefined;
  const terms = () => {
    if (!passageTerms) {
      passageTerms = new Array<number[]>(termOffsets.length - 1);
      for (let p = 0; p < passageTerms.length; p++) passageTerms[p] = numbers(termIds, termOffsets[p], termOffsets[p + 1]);
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
    const ints = i32('f.ints');
    const nums = f64('f.nums');
    const flags = u8('f.flags');
    const strs = i32('f.strings');
    const n = flags.length;
    figures = new Array<OfficialFigure>(n);
    for (let i = 0; i < n; i++) {
      const a = i * 8;
      const b = i * 4;
      const c = i * FIGURE_STRINGS;
      const fl = flags[i];
      // Same key order as extractOfficialFigures builds, so JSON.stringify of a loaded index is
      // identical to that of the built one.
      figures[i] = {
        start: ints[a],
        end: ints[a + 1],
        text: str(strs[c])!,
        value: nums[b],
        low: nums[b + 1],
        high: nums[b + 2],
        lowInclusive: (fl & 1) !== 0,
        highInclusive: (fl & 2) !== 0,
        unit: str(strs[c + 1])!,
        kind: str(strs[c + 2]) as OfficialFigure['kind'],
        qualifier: str(strs[c + 3]) as OfficialFigure['qualifier'],
        precision: nums[b + 3],
        meaning: {
          indicator: str(strs[c + 4])!,
          key: str(strs[c + 5])!,
          region: str(strs[c + 6]),
          period: str(strs[c + 7]),
          periodExplicit: (fl & 4) !== 0,
          status: str(strs[c + 8]) as OfficialFigure['meaning']['status'],
          scope: str(strs[c + 9]),
        },
        doc: ints[a + 2],
        passage: ints[a + 3],
        pos: { line: ints[a + 4], column: ints[a + 5] },
        endPos: { line: ints[a + 6], column: ints[a + 7] },
        traditional: str(strs[c + 10])!,
      };
    }
  }

  const index = {
    format: INDEX_FORMAT,
    key: header.key,
    builtWith: header.builtWith,
    docs,
    passages,
    names,
    figures,
    vocab,
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
