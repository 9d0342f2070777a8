/**
 * Text as messages, logs and e-mails show it: cut to a length, and kept on one line. The one place that does either,
 * so every cut looks the same and none splits a character.
 */

/** Where a cut text lost its end (or, with keepEnd, its middle). */
export const ELLIPSIS = '…';

export interface TruncateOptions {
  /** How much of the end to keep after the ellipsis: for a text whose end says most (a parser's line and column). */
  keepEnd?: number;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether index `i` lies between the two halves of a surrogate pair (a cut there would split a character). */
function splitsPair(text: string, i: number): boolean {
  return (
    i > 0 && i < text.length && isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i))
  );
}

/**
 * `text` itself when it is at most `max` long; otherwise its start (and, with `keepEnd`, its end) around "…", at most
 * `max` long. Lengths are counted as JavaScript and zod count them (UTF-16 code units), so a cut text always meets
 * the limit it was cut for; the cut itself falls between code points: a character outside the BMP (an emoji) is
 * kept whole or left out whole, never split into a lone surrogate.
 */
export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  if (!Number.isInteger(max) || max < ELLIPSIS.length)
    throw new RangeError(`truncate: max must be a whole number of at least ${ELLIPSIS.length}, got ${max}`);
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  const endLength = Math.min(Math.max(0, Math.floor(options.keepEnd ?? 0)), room);
  let headEnd = room - endLength;
  if (splitsPair(text, headEnd)) headEnd--;
  let tailStart = text.length - endLength;
  if (endLength > 0 && splitsPair(text, tailStart)) tailStart++;
  return `${text.slice(0, headEnd)}${ELLIPSIS}${endLength > 0 ? text.slice(tailStart) : ''}`;
}

/**
 * `text` on one line: every run of control characters (line breaks, tabs, C0 and C1 controls, DEL) and of the Unicode
 * line and paragraph separators (U+2028, U+2029) becomes one space. For an e-mail subject, or a calendar's name that
 * ical-generator writes as it is: a line break there would start a header or a property of its own.
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
