// Figures with their meaning, for corpus passages (official figures) and for drafts. One function,
// `figuresInSentence`, serves both, so a draft figure and an official figure are understood the
// same way.

import { originalEndPos, originalPos } from '../passages';
import type { IndexedDoc, Passage, SourcePos } from '../types';
import { hasCode, indicatorKey, meaningOf, paragraphTense, regionMentions, splitCoordinated, timeMentions, type Context, type FigureMeaning, type ParagraphTense, type TimeMention } from './meaning';
import { parseQuantities, type Quantity } from './quantity';

/** A quantity (offsets in its sentence) with its meaning. numStart/numEnd are only the parser's. */
export interface StatedFigure extends Omit<Quantity, 'numStart' | 'numEnd'> {
  meaning: FigureMeaning;
}

export interface OfficialFigure extends StatedFigure {
  doc: number;
  passage: number;
  /** Position of the figure text in the ORIGINAL file. */
  pos: SourcePos;
  endPos: SourcePos;
  /**
   * `text` in Traditional (OpenCC cn→tw of `text`, which is the normalised text: Simplified even
   * for a Traditional source; `20.2万个` → `20.2萬個`), the quick fix's replacement in a
   * Traditional draft. Computed when the index is
   * built (buildIndex), so a check never builds the cn→tw converter (~40–56 MB).
   */
  traditional: string;
}

/**
 * Every figure in one sentence, with its meaning. `paragraph` is the paragraph's tense (see paragraphTense),
 * or a function giving it, called only when the sentence has a figure: most lines of a draft
 * (headings, prose) have none, and their tense was a twelfth of a check.
 */
export function figuresInSentence(
  sentence: string,
  ctx: Context,
  paragraph: ParagraphTense | (() => ParagraphTense) = null,
  sentenceTimes?: () => TimeMention[],
): StatedFigure[] {
  const qs = parseQuantities(sentence);
  if (qs.length === 0) return [];
  const tense = typeof paragraph === 'function' ? paragraph() : paragraph;
  // `sentenceTimes`: the sentence's time mentions from its line's (see timeMentionsIn).
  const times = sentenceTimes ? sentenceTimes() : timeMentions(sentence, ctx.date);
  const regions = regionMentions(sentence);
  const out: StatedFigure[] = [];
  let prev: { indicator: string; end: number } | null = null;
  for (const q of qs) {
    const meaning = meaningOf(sentence, q, ctx, prev, times, tense, regions);
    // Field by field, in the parser's order: `const { numStart, numEnd, ...rest } = q` and
    // `{ ...rest, meaning }` were a fifth of a 1 MB draft's extraction (generic object copies).
    out.push({
      start: q.start,
      end: q.end,
      text: q.text,
      value: q.value,
      low: q.low,
      high: q.high,
      lowInclusive: q.lowInclusive,
      highInclusive: q.highInclusive,
      unit: q.unit,
      kind: q.kind,
      qualifier: q.qualifier,
      precision: q.precision,
      meaning,
    });
    // The next figure inherits the bare indicator: `居全国第7位、中部第1位` ranks the same thing twice.
    // (The replace only when the indicator ends in 长/降/数/名: anchored at the end, the regex is
    // still tried at every position of every figure's indicator.)
    const ind = meaning.indicator;
    if (ind) prev = { indicator: hasCode('长降数名', ind.charCodeAt(ind.length - 1)) ? ind.replace(/(增长|下降|倍数|(?:全国|全省|中部|西部|东部|东北)?排名)$/, '') : ind, end: q.end };
  }
  // Figures that share one indicator inside a clause (`分别达到了40%和28.8%`, `…比例达到63.9%和
  // 11.5%`) are different indicators stated together: split a coordinated indicator between them,
  // or at least number them so they never form one slot.
  for (let i = 0; i < out.length; ) {
    let j = i + 1;
    while (
      j < out.length &&
      out[j].meaning.indicator === out[i].meaning.indicator &&
      !/[,，;；。]/.test(sentence.slice(out[j - 1].end, out[j].start))
    ) j++;
    if (j - i >= 2 && out[i].kind !== 'rank') {
      const parts = splitCoordinated(out[i].meaning.indicator, j - i);
      for (let k = i; k < j; k++) {
        const m = out[k].meaning;
        if (parts) {
          m.indicator = parts[k - i];
          m.key = indicatorKey(m.indicator);
        } else m.key += `#${k - i + 1}`;
      }
    }
    i = j;
  }
  return out;
}

export function extractOfficialFigures(docs: IndexedDoc[], passages: Passage[]): OfficialFigure[] {
  const out: OfficialFigure[] = [];
  // Paragraph text per (doc, paragraph), for the paragraph's tense. Numeric keys and the parts
  // joined once: string keys and repeated concatenation per passage showed up on a 10 MB corpus.
  const paragraphs = new Map<number, Map<number, string[]>>();
  for (const p of passages) {
    let byPara = paragraphs.get(p.doc);
    if (!byPara) paragraphs.set(p.doc, (byPara = new Map()));
    const parts = byPara.get(p.paragraph);
    if (parts) parts.push(p.text);
    else byPara.set(p.paragraph, [p.text]);
  }
  const tenses = new Map<number, Map<number, ParagraphTense>>();
  // Passages come paragraph by paragraph: the last paragraph's tense and the document's context
  // are reused without looking them up again.
  let lastDoc = -1;
  let lastPara = -1;
  let tense: ParagraphTense = null;
  let ctx: Context | null = null;
  for (const p of passages) {
    const doc = docs[p.doc];
    if (p.doc !== lastDoc || p.paragraph !== lastPara) {
      if (p.doc !== lastDoc) ctx = { region: doc.meta.region, date: doc.meta.date };
      let byPara = tenses.get(p.doc);
      if (!byPara) tenses.set(p.doc, (byPara = new Map()));
      let t = byPara.get(p.paragraph);
      if (t === undefined) byPara.set(p.paragraph, (t = paragraphTense(paragraphs.get(p.doc)!.get(p.paragraph)!.join(''), doc.meta.date)));
      tense = t;
      lastDoc = p.doc;
      lastPara = p.paragraph;
    }
    for (const f of figuresInSentence(p.text, ctx!, tense)) {
      // A figure without an indicator cannot be matched to anything; keeping it would only
      // produce noise in hovers.
      if (!f.meaning.key) continue;
      // figuresInSentence returns new objects: completed in place rather than copied with a
      // spread (a generic copy of every field, per figure); the fields come after f's own, in
      // the order the spread gave them.
      const o = f as OfficialFigure;
      o.doc = p.doc;
      o.passage = p.id;
      o.pos = originalPos(doc, p.start + f.start);
      o.endPos = originalEndPos(doc, p.start + f.start, p.start + f.end);
      out.push(o);
    }
  }
  return out;
}
