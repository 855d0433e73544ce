// A cheap script guess for completion: which form of a programme name to insert. The engine's
// detectScript builds an OpenCC converter (12–35 ms and large tables); completion runs on every
// keystroke and must not pay that, so count characters that exist in only one script instead.

import type { Script } from '../../engine/types';

// Very common characters that differ between the scripts, as pairs (Traditional, Simplified).
const PAIRS = '這这個个們们國国經经濟济發发數数據据產产業业對对會会時时來来說说為为與与動动進进實实現现關关開开長长車车書书門门東东區区務务點点體体機机總总質质標标';
const TRAD = new Set<string>();
const SIMP = new Set<string>();
for (let i = 0; i < PAIRS.length; i += 2) {
  TRAD.add(PAIRS[i]);
  SIMP.add(PAIRS[i + 1]);
}

/** Traditional if Traditional-only characters outnumber Simplified-only ones in the sample. */
export function guessScript(text: string, sample = 4000): Script {
  const s = text.length > sample ? text.slice(0, sample) : text;
  let t = 0;
  let c = 0;
  for (const ch of s) {
    if (TRAD.has(ch)) t++;
    else if (SIMP.has(ch)) c++;
  }
  return t > c ? 'traditional' : 'simplified';
}

export type ScriptSetting = 'auto' | 'simplified' | 'traditional';

export function scriptFor(setting: ScriptSetting, text: string): Script {
  return setting === 'auto' ? guessScript(text) : setting;
}
