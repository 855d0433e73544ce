// The language service: one object built from an index, answering the questions the editor and
// the CLI ask (complete, related, check, hover). Like vscode-markdown-languageservice, it takes
// plain text and returns plain data; the callers convert to their own types.

import { Bm25Index } from './bm25';
import { NameMatcher, type CompleteOptions, type CompletionItemData } from './complete';
import { summarize, type CorpusIndex } from './corpusIndex';
import { checkDraft, draftFigures, figureAtPosition, FigureMatcher, type CheckOptions, type CheckResult, type OfficialRef } from './figures/check';
import { normalize } from './normalize';
import type { ProgrammeName } from './types';

export interface RelatedPassage {
  source: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  score: number;
  terms: string[];
  title: string;
  date: string | null;
  region: string | null;
}

export interface NameHover {
  name: ProgrammeName;
  source: string;
  line: number;
  column: number;
  passage: string;
  title: string;
  date: string | null;
}

export interface LanguageService {
  readonly index: CorpusIndex;
  summary(): ReturnType<typeof summarize>;
  complete(lineBeforeCursor: string, opts?: CompleteOptions): CompletionItemData[];
  related(text: string, top?: number): RelatedPassage[];
  check(draft: string, opts?: CheckOptions): CheckResult;
  /** Official figures for the draft figure at (line, column) (1-based, UTF-16), or null. */
  figureAt(draft: string, line: number, column: number, opts?: CheckOptions): CheckResult['figures'][number] | null;
  /** Programme name under (line, column) of a draft line, or null. */
  nameAt(lineText: string, column: number): { hover: NameHover; start: number; end: number } | null;
}

export function createLanguageService(index: CorpusIndex): LanguageService {
  // Each part is built on first use: a completion request must not pay for BM25 postings.
  let names: NameMatcher | undefined;
  let bm25: Bm25Index | undefined;
  let figures: FigureMatcher | undefined;
  let nameList: ProgrammeName[] | undefined;
  const getNames = () => (names ??= new NameMatcher(index.names, index.docs.map((d) => d.meta), index.passages));
  const getBm25 = () => (bm25 ??= new Bm25Index(index.vocab, index.passageTerms));
  const getFigures = () => (figures ??= new FigureMatcher(index));

  const service: LanguageService = {
    index,
    summary: () => summarize(index),
    complete: (line, opts) => getNames().complete(line, opts),
    related(text, top = 5) {
      const simplified = normalize(text).text;
      return getBm25()
        .search(simplified, top)
        .map((h) => {
          const p = index.passages[h.passage];
          const meta = index.docs[p.doc].meta;
          return {
            source: meta.path,
            line: p.pos.line,
            column: p.pos.column,
            endLine: p.endPos.line,
            endColumn: p.endPos.column,
            text: p.text,
            score: Math.round(h.score * 1000) / 1000,
            terms: h.terms,
            title: meta.title,
            date: meta.date,
            region: meta.region,
          };
        });
    },
    check: (draft, opts) => checkDraft(draft, index, opts, getFigures()),
    figureAt(draft, line, column, opts) {
      return figureAtPosition(checkDraft(draft, index, opts, getFigures()).figures, line, column);
    },
    nameAt(lineText, column) {
      nameList ??= index.names.filter((n) => n.kind !== 'phrase').sort((a, b) => b.name.length - a.name.length);
      const simplified = normalize(lineText).text;
      const i = column - 1;
      for (const n of nameList) {
        // Search around the cursor only: a window of the name's length on either side.
        const from = Math.max(0, i - n.name.length);
        const at = simplified.indexOf(n.name, from);
        if (at === -1 || at > i || at + n.name.length < i) continue;
        const p = index.passages[n.firstPassage];
        const meta = index.docs[p.doc].meta;
        return {
          hover: { name: n, source: meta.path, line: p.pos.line, column: p.pos.column, passage: p.text, title: meta.title, date: meta.date },
          start: at,
          end: at + n.name.length,
        };
      }
      return null;
    },
  };
  return service;
}

export type { CheckResult, OfficialRef, CompletionItemData };
export { draftFigures };
