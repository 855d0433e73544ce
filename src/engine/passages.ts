// Passages: sentences within paragraphs (a paragraph is a non-empty line), cut from the normalised
// text with every excluded span (debris, mojibake) removed first. Everything downstream (names,
// figures, BM25) reads only passages, so nothing from an advert or a corrupted run can leak in.

import { positionAt, toOriginalOffset } from './normalize';
import type { IndexedDoc, Passage } from './types';

// “ 《 「 『
export function isOpenQuote(c: number): boolean {
  return c === 0x201c || c === 0x300a || c === 0x300c || c === 0x300e;
}
// ” 》 」 』
export function isCloseQuote(c: number): boolean {
  return c === 0x201d || c === 0x300b || c === 0x300d || c === 0x300f;
}
/** Exactly the characters of JavaScript's `\s` (and of String#trim). */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
/**
 * What sentenceSpans looks at: the open quotes “ 《 「 『, the close quotes ” 》 」 』, and the
 * sentence ends 。 ! ！ ? ？ ； ; (`;` too: plans list measures separated by semicolons).
 */
const MARKS = /[\u201c\u300a\u300c\u300e\u201d\u300b\u300d\u300f\u3002!\uff01?\uff1f\uff1b;]/g;
/** A sentence longer than this is split again at commas: BM25 over a 700-character "sentence" is noise. */
const MAX_PASSAGE = 240;
/** Fewer CJK characters or digits than this: a label such as `黎峰:`, not a passage. */
const MIN_CONTENT = 4;

export interface Span {
  start: number;
  end: number;
}

// Character codes rather than `text[i]` and Sets: on a 10 MB corpus `text[i]` allocated a
// one-character string for every CJK character (35M of them over a build).

/** Split [start, end) of `text` into sentence spans (quote-aware), trimmed, content-bearing. */
export function sentenceSpans(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let s = start;
  let depth = 0;
  // Only the marks matter (quotes and sentence ends): the regex finds them in native code, and
  // the loop visits them alone. A loop over every character (1 ms for a 100k-character draft,
  // three times a bare charCodeAt loop) was a twentieth of its cold check. Searched in
  // text[start, end) only (a slice shares the text's storage): a paragraph without marks must
  // not send the search to the end of a 10 MB document.
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  MARKS.lastIndex = 0;
  while (MARKS.test(part)) {
    const i = start + MARKS.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (isOpenQuote(c)) depth++;
    else if (isCloseQuote(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      // A sentence end. Keep a closing quote that follows it with this sentence.
      let e = i + 1;
      while (e < end && isCloseQuote(text.charCodeAt(e))) e++;
      pushTrimmed(text, s, e, out);
      s = e;
      MARKS.lastIndex = e - start;
    }
  }
  pushTrimmed(text, s, end, out);
  // Long sentences: split at commas into chunks of at most MAX_PASSAGE.
  let long = false;
  for (const sp of out) if (sp.end - sp.start > MAX_PASSAGE) long = true;
  if (!long) return out;
  const result: Span[] = [];
  for (const sp of out) {
    if (sp.end - sp.start <= MAX_PASSAGE) {
      result.push(sp);
      continue;
    }
    let cs = sp.start;
    let lastComma = -1;
    for (let i = sp.start; i < sp.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0xff0c) lastComma = i + 1;
      if (i - cs >= MAX_PASSAGE && lastComma > cs) {
        pushTrimmed(text, cs, lastComma, result);
        cs = lastComma;
      }
    }
    pushTrimmed(text, cs, sp.end, result);
  }
  return result;
}

function pushTrimmed(text: string, s: number, e: number, out: Span[]): void {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  let content = 0;
  for (let i = s; i < e && content < MIN_CONTENT; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39)) content++;
  }
  if (content >= MIN_CONTENT) out.push({ start: s, end: e });
}

/** Whether text[from, to) has a character other than whitespace (`text.slice(from, to).trim() !== ''`). */
function hasContent(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Passages of one document. `firstId` is the id of the first passage (ids are global in an index).
 * Positions are computed here, once, so a query never needs the offset map.
 */
export function passagesOf(doc: IndexedDoc, docIndex: number, firstId: number): Passage[] {
  const { text, excluded } = doc;
  const sorted = [...excluded].sort((a, b) => a.start - b.start);
  const out: Passage[] = [];
  let paragraph = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (hasContent(text, lineStart, lineEnd)) {
      paragraph++;
      // The pieces of this line that no excluded span covers.
      let s = lineStart;
      const pieces: Span[] = [];
      for (const ex of sorted) {
        if (ex.end <= s || ex.start >= lineEnd) continue;
        if (ex.start > s) pieces.push({ start: s, end: ex.start });
        s = Math.max(s, ex.end);
      }
      if (s < lineEnd) pieces.push({ start: s, end: lineEnd });
      for (const piece of pieces) {
        for (const sp of sentenceSpans(text, piece.start, piece.end)) {
          out.push({
            id: firstId + out.length,
            doc: docIndex,
            paragraph,
            text: text.slice(sp.start, sp.end),
            start: sp.start,
            end: sp.end,
            pos: originalPos(doc, sp.start),
            endPos: originalEndPos(doc, sp.start, sp.end),
          });
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Where normalised index `i` of a document sits in the ORIGINAL file (1-based line, UTF-16 column). */
export function originalPos(doc: Pick<IndexedDoc, 'map' | 'lineStarts'>, i: number) {
  return positionAt(doc.lineStarts, toOriginalOffset(doc.map, i));
}

/**
 * Original position just past the character at normalised `end - 1`. Not `originalPos(end)`: a
 * stripped pinyin annotation right after the last character would otherwise be included.
 */
export function originalEndPos(doc: Pick<IndexedDoc, 'map' | 'lineStarts'>, start: number, end: number) {
  if (end <= start) return originalPos(doc, start);
  return positionAt(doc.lineStarts, toOriginalOffset(doc.map, end - 1) + 1);
}
