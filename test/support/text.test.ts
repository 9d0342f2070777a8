import { ELLIPSIS, oneLine, truncate } from '../../support/text';

test('a text within its limit is kept as it is; a longer one is cut to the limit, ending in the ellipsis', () => {
  expect(truncate('Stichting Noord', 15)).toBe('Stichting Noord');
  expect(truncate('Stichting Noord', 10)).toBe(`Stichting${ELLIPSIS}`);
  expect(truncate('Stichting Noord', 10)).toHaveLength(10);
  expect(truncate('', 1)).toBe('');
  expect(truncate('ab', 1)).toBe(ELLIPSIS);
});

test('with keepEnd the middle goes and the end stays (a parser message ends with its line and column)', () => {
  const message = `Unexpected token ${'x'.repeat(300)} at line 12, column 7`;
  const cut = truncate(message, 100, { keepEnd: 20 });
  expect(cut).toHaveLength(100);
  expect(cut.startsWith('Unexpected token xxx')).toBe(true);
  expect(cut.endsWith(`${ELLIPSIS}at line 12, column 7`)).toBe(true);
  // An end longer than the room there is: the ellipsis and as much of the end as fits.
  expect(truncate('abcdefghij', 5, { keepEnd: 50 })).toBe(`${ELLIPSIS}ghij`);
});

test('a cut never splits a character outside the BMP, and the result still meets the limit in UTF-16 units', () => {
  const text = 'ab😀cd'; // 😀 is two UTF-16 units: a(0) b(1) 😀(2,3) c(4) d(5)
  // Cutting after 3 units would keep half of the emoji: it is left out whole instead.
  expect(truncate(text, 4)).toBe(`ab${ELLIPSIS}`);
  expect(truncate(text, 5)).toBe(`ab😀${ELLIPSIS}`);
  // The same at the kept end: the emoji whole or not at all.
  expect(truncate('x'.repeat(10) + text, 4, { keepEnd: 3 })).toBe(`${ELLIPSIS}cd`);
  expect(truncate('x'.repeat(10) + text, 5, { keepEnd: 4 })).toBe(`${ELLIPSIS}😀cd`);
  for (let max = 1; max <= 40; max++)
    for (const keepEnd of [0, 1, 2, 3, 10]) {
      const cut = truncate('😀é😀'.repeat(8), max, { keepEnd });
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
});

test('a limit that leaves no room even for the ellipsis is a programming error', () => {
  expect(() => truncate('abc', 0)).toThrow(RangeError);
  expect(() => truncate('abc', 2.5)).toThrow(RangeError);
});

test('oneLine: line breaks, control characters and the Unicode line and paragraph separators become one space', () => {
  expect(oneLine('Inkoop OCO\r\n2027')).toBe('Inkoop OCO 2027');
  expect(oneLine('a\u2028b\u2029c\u0085d\te\u0000f\u007fg\u009fh')).toBe('a b c d e f g h');
  expect(oneLine('Zorginkoop – cliëntondersteuning 😀')).toBe('Zorginkoop – cliëntondersteuning 😀');
});
