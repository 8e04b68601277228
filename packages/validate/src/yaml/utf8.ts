/**
 * Manifest bytes to text, strictly: the API server, and the YAML reader in front of it, refuse a
 * byte that is not UTF-8, where a lenient decoder would turn it into U+FFFD and accept the
 * document with a changed value.
 */

/** Where the first byte that is not UTF-8 is, 1-based, with the column counted in characters. */
export interface InvalidUtf8 {
  readonly byte: number;
  readonly line: number;
  readonly column: number;
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of `bytes` (a leading byte order mark dropped), or where its first byte that is not
 * UTF-8 is: a stray continuation byte, a truncated sequence, an overlong form, a surrogate, or a
 * code point above U+10FFFF.
 */
export function decodeUtf8(bytes: Uint8Array): string | InvalidUtf8 {
  try {
    return strict.decode(bytes);
  } catch {
    return locateInvalid(bytes);
  }
}

// --- internal ---

function locateInvalid(bytes: Uint8Array): InvalidUtf8 {
  const offset = firstInvalidOffset(bytes);
  // lastIndexOf reads a negative start as counted from the end: a bad first byte starts line 1.
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i += 1) if (bytes[i] === 0x0a) line += 1;
  const before = strict.decode(bytes.subarray(lineStart, offset));
  return { byte: bytes[offset] ?? 0, line, column: [...before].length + 1 };
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const [length, low, high] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf] : lead === 0xe0 ? [3, 0xa0, 0xbf] : lead === 0xed ? [3, 0x80, 0x9f] : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf] : lead === 0xf0 ? [4, 0x90, 0xbf] : lead === 0xf4 ? [4, 0x80, 0x8f] : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (length === 0) return i;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
