// SARIF 2.1.0 output for code-scanning UIs. Columns are UTF-16 code units (VS Code's and SARIF's
// default `columnKind`), declared explicitly so consumers do not guess.

import type * as Sarif from 'sarif';
import { FIGURE_CODES, type CheckResult } from '../engine/figures/check';

const LEVEL: Record<string, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

// Typed against @types/sarif (the 2.1.0 schema as TypeScript): a missing required field fails to compile.
export function toSarif(results: { path: string; result: CheckResult }[], version: string): Sarif.Log {
  const findings = (f: CheckResult['figures'][number]) =>
    f.code === 'figure.conflict' || f.code === 'figure.inconsistent' || f.code === 'figure.target-as-achieved';
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'policy-assist',
            version,
            informationUri: 'https://example.invalid/policy-assist',
            rules: Object.entries(FIGURE_CODES).map(([id, text]) => ({
              id,
              shortDescription: { text },
              defaultConfiguration: { level: (id === 'figure.conflict' ? 'error' : id === 'figure.consistent' || id === 'figure.unmatched' ? 'note' : 'warning') as Sarif.ReportingConfiguration.level },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ path, result }) =>
          result.figures.filter(findings).map((f) => ({
            ruleId: f.code,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(path.split('\\').join('/')) },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: f.text } },
                },
              },
            ],
            ...(f.official
              ? {
                  relatedLocations: [
                    {
                      id: 1,
                      message: { text: `${f.official.text}: ${f.official.passage}` },
                      physicalLocation: {
                        artifactLocation: { uri: encodeURI(f.official.source) },
                        region: { startLine: f.official.line, startColumn: f.official.column },
                      },
                    },
                  ],
                }
              : {}),
            ...(f.replacement
              ? {
                  fixes: [
                    {
                      description: { text: `Replace with the official figure ${f.replacement}` },
                      artifactChanges: [
                        {
                          artifactLocation: { uri: encodeURI(path.split('\\').join('/')) },
                          replacements: [
                            {
                              deletedRegion: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                              insertedContent: { text: f.replacement },
                            },
                          ],
                        },
                      ],
                    },
                  ],
                }
              : {}),
          })),
        ),
      },
    ],
  };
}
