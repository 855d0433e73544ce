// Which figures of a check the extension host receives, and the figure under a position. Pure:
// used by the engine worker (engineWorker.ts) and by unit tests.

import type { CheckedFigure, CheckResult } from '../../engine/figures/check';
import { isFinding } from './report';

/**
 * The figures with a finding code (conflict, inconsistent, target-as-achieved: the diagnostics and
 * the report's lines), in draft order, at most `limit` (null: all), and how many were left off.
 * The host gets only these: a 100k-character draft has ~3800 figures (~4.9 MB as a structured
 * clone, whose deserialisation and garbage blocked the extension host 80–280 ms) and ~630 findings;
 * hovers ask the worker for the one figure they show.
 */
export function findingsOf(result: CheckResult, limit: number | null): { figures: CheckedFigure[]; omitted: number } {
  const all = result.figures.filter(isFinding);
  if (limit === null || all.length <= limit) return { figures: all, omitted: 0 };
  return { figures: all.slice(0, limit), omitted: all.length - limit };
}

// The figure under a position: the engine's own rule (service.figureAt uses it too).
export { figureAtPosition } from '../../engine/figures/check';
