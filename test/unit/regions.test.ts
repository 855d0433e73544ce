import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalize } from '../../src/engine/normalize';
import { MENTION_PATTERN, provinceMentions } from '../../src/engine/regions';
import { ROOT, SEEDS } from './seeds';

/** The global regex scan provinceMentions replaces. */
function byRegex(text: string) {
  const re = new RegExp(MENTION_PATTERN, 'g');
  const out: { name: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ name: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

describe('provinceMentions', () => {
  it('finds what the global regex finds, on every seed document and draft', () => {
    const files = [
      ...fs.readdirSync(SEEDS).map((f) => path.join(SEEDS, f)),
      ...fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'drafts')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'test', 'fixtures', 'drafts', f)),
      path.join(ROOT, 'examples', 'draft.md'),
    ].filter((f) => fs.statSync(f).isFile());
    let n = 0;
    for (const f of files) {
      const text = normalize(fs.readFileSync(f, 'utf8')).text;
      const got = provinceMentions(text).map((m) => ({ name: text.slice(m.start, m.end), start: m.start, end: m.end }));
      assert.deepStrictEqual(got, byRegex(text), f);
      n += got.length;
    }
    assert.ok(n > 50, `${n} mentions`);
  });

  it('takes the longest name at a position and goes on after it', () => {
    const s = '内蒙古自治区和黑龙江省,山东山东省;江西省江西。上海市';
    assert.deepStrictEqual(
      provinceMentions(s).map((m) => [m.region, s.slice(m.start, m.end)]),
      byRegex(s).map((m) => [provinceMentions(m.name)[0].region, m.name]),
    );
    assert.deepEqual(provinceMentions(s).map((m) => m.region), ['内蒙古', '黑龙江', '山东', '山东', '江西', '江西', '上海']);
  });
});
