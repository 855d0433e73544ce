// Bytes -> text for corpus files and drafts. Chinese government documents arrive as UTF-8 (with or
// without BOM), UTF-16 with BOM (saved from Word/Notepad) and GB18030/GBK (older provincial sites);
// a file that decodes to garbage must be skipped with a reason rather than indexed as mojibake.

export type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030' }
  | { ok: false; reason: string };

/** Default ceiling for one corpus file or draft. A 5 MB draft must pass; a 200 MB log must not. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export function decodeBytes(buf: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult {
  if (buf.length > maxBytes) {
    return { ok: false, reason: `too large (${formatBytes(buf.length)}; limit ${formatBytes(maxBytes)})` };
  }
  let result: DecodeResult;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    result = utf8(buf.subarray(3), 'utf-8-bom');
  } else if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    result = { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  } else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    result = { ok: true, text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  } else if (buf.indexOf(0) !== -1) {
    // A NUL byte never occurs in UTF-8 or GB18030 text; UTF-16 without a BOM is too rare to guess at.
    return { ok: false, reason: 'binary (contains NUL bytes)' };
  } else {
    result = utf8(buf, 'utf-8');
    if (!result.ok) {
      // Not valid UTF-8: the common case in this domain is GBK/GB18030 from older government sites.
      result = { ok: true, text: new TextDecoder('gb18030').decode(buf), encoding: 'gb18030' };
    }
  }
  if (!result.ok) return result;
  if (result.text.trim() === '') return { ok: false, reason: 'empty' };
  if (looksBinary(result.text)) return { ok: false, reason: 'binary (mostly control or undecodable characters)' };
  return result;
}

function utf8(buf: Uint8Array, encoding: 'utf-8' | 'utf-8-bom'): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding };
  } catch {
    return { ok: false, reason: 'invalid UTF-8' };
  }
}

/** More than 5% control characters or U+FFFD in the first 64k characters: not a text document. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return bad > n * 0.05;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
