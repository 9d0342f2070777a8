/**
 * Raw e-mails as a hostile or broken sender writes them, for the inbound hostile-input test: huge headers (one of
 * 1 MB, ten thousand of them), broken and missing MIME boundaries, deeply nested multiparts, base64 garbage, unknown
 * and wrong charsets, a Content-Type that lies (a zip bomb, random bytes or a PDF whose stream inflates to 64 MB, each
 * named .pdf as application/pdf), markup in subject, body and file names, impossible dates (2026-02-30, 24:00) in the
 * Date header, non-ASCII sender addresses. Built as bytes, not through a mail library that would tidy them up.
 */
import { deflateRawSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { PDFDocument, PDFName } from 'pdf-lib';
import { pdf } from '../helpers/api';
import { hostileText, MARKUP, markupText } from './arbitraries';

/** The bytes the attachments are made of, prepared once (a PDF with text, a scan, the bombs). */
export interface Contents {
  pdf: Buffer;
  scan: Buffer;
  zipBomb: Buffer;
  flateBomb: Buffer;
}

/** A zip archive holding one file of `size` zero bytes, deflated: a few kB that claim many MB. */
function zipOf(size: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('leeg.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** A PDF whose page content is a Flate stream of `size` bytes of spaces: small on disk, large when read. */
async function flateBombPdf(size: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const compressed = deflateSync(Buffer.alloc(size, 0x20), { level: 9 });
  const stream = doc.context.stream(compressed, { Filter: 'FlateDecode', Length: compressed.length });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  doc.setCreationDate(new Date('2023-01-01T00:00:00Z'));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export async function prepareContents(): Promise<Contents> {
  return {
    pdf: await pdf('Bestuursverklaring van Stichting a'),
    scan: await pdf(null),
    zipBomb: zipOf(64 * 1024 * 1024),
    flateBomb: await flateBombPdf(64 * 1024 * 1024),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The message as a specification

export type ContentKind = 'pdf' | 'scan' | 'zipBomb' | 'flateBomb' | 'random' | 'empty' | 'text';

export interface AttachmentSpec {
  name: string;
  declaredType: string;
  content: ContentKind;
  random: Uint8Array;
  encoding: 'base64' | 'base64-garbage' | '7bit' | 'quoted-printable';
  nameEncoding: 'plain' | 'rfc2231' | 'encoded-word' | 'bad-charset' | 'none';
}

export type BodySpec =
  | {
      kind: 'text';
      charset: string;
      encoding: '7bit' | '8bit' | 'quoted-printable' | 'base64' | 'x-bogus';
      html: boolean;
      text: string;
    }
  | {
      kind: 'multipart';
      boundary: 'ok' | 'missing' | 'absent' | 'unclosed' | 'mismatch';
      depth: number;
      text: string;
      attachments: AttachmentSpec[];
    }
  | { kind: 'garbage'; bytes: Uint8Array };

export interface MailSpec {
  from: string;
  subject: string;
  subjectEncoding: 'plain' | 'encoded-word' | 'bad-charset' | 'raw-8bit';
  date: string | null;
  messageId: string | null;
  headers: 'none' | 'huge' | 'many' | 'broken';
  body: BodySpec;
  lineEnd: '\r\n' | '\n';
}

/** The known providers' addresses (they route), and senders that do not route. */
export function senderArbitrary(known: readonly string[]): fc.Arbitrary<string> {
  const address = fc.constantFrom(...known);
  return fc.oneof(
    { weight: 5, arbitrary: address },
    {
      weight: 2,
      arbitrary: fc.tuple(markupText(), address).map(([n, a]) => `"${n.replace(/"/g, "'")}" <${a}>`),
    },
    { weight: 1, arbitrary: address.map((a) => a.toUpperCase()) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ unit: 'binary', maxLength: 20 }), address)
        .map(([n, a]) => `=?utf-8?B?${Buffer.from(n).toString('base64')}?= <${a}>`),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'onbekend@elders.example',
        'jörg@exämple.de',
        '"Jörg Müller" <jörg@bücher.example>',
        '用户@例子.广告',
        'geen-adres',
        '',
        '<>',
        'a@aanbieder.example.nl, b@aanbieder.example.nl',
        'undisclosed-recipients:;',
        '"a@aanbieder.example.nl" <kwaad@elders.example>',
        '<script>alert(1)</script>@x.example',
        `${'x'.repeat(300)}@aanbieder.example.nl`,
      ),
    },
  );
}

export const KEYWORDS = [
  'Vraag',
  'Inschrijving regio Amsterdam',
  'Aanvulling',
  'Bezwaar',
  'Intrekking',
  'Vraag en bezwaar',
  'Re: vraag',
  'Stukken',
  '',
] as const;

const DATES = [
  'Mon, 30 Feb 2026 10:00:00 +0100',
  'Thu, 1 Jan 2026 24:00:00 +0000',
  'Thu, 1 Jan 2026 25:61:00 +0000',
  '2026-02-30T24:00',
  'Sun, 29 Mar 2026 02:30:00 +0100',
  'gisteren',
  '',
  'Tue, 1 Aug 2023 16:59:59 +0200',
  'Fri, 31 Dec 9999 23:59:59 +1400',
  'Thu, 01 Jan 1970 00:00:00 -1200',
];

const CHARSETS = [
  'utf-8',
  'iso-8859-1',
  'windows-1252',
  'x-onbekend',
  'utf-7',
  'utf-16',
  'us-ascii',
  'UTF8',
  '',
];

const attachmentArbitrary: fc.Arbitrary<AttachmentSpec> = fc.record({
  name: fc.oneof(
    fc.constantFrom(
      'Bestuursverklaring.pdf',
      'KvK uittreksel.pdf',
      'bom.pdf',
      '../../../etc/passwd.pdf',
      'C:\\Windows\\evil.pdf',
      '\u202efdp.exe',
      'naam\u0000met-nul.pdf',
      `${'lang'.repeat(300)}.pdf`,
      '',
      ' ',
      '.pdf',
    ),
    markupText().map((t) => `${t}.pdf`),
    hostileText(80),
  ),
  declaredType: fc.constantFrom(
    'application/pdf',
    'application/octet-stream',
    'application/zip',
    'image/png',
    'text/html',
    'application/x-onbekend',
    'application/pdf; name="ander.pdf"',
    'nonsense',
    '',
  ),
  content: fc.constantFrom<ContentKind>('pdf', 'scan', 'zipBomb', 'flateBomb', 'random', 'empty', 'text'),
  random: fc.uint8Array({ minLength: 1, maxLength: 4096 }),
  encoding: fc.constantFrom('base64', 'base64-garbage', '7bit', 'quoted-printable'),
  nameEncoding: fc.constantFrom('plain', 'rfc2231', 'encoded-word', 'bad-charset', 'none'),
});

const bodyText = fc.oneof(
  fc
    .tuple(hostileText(200), fc.constantFrom('', '\nregio Amsterdam', '\nregio Utrecht en Zwolle'))
    .map(([t, r]) => `${t}${r}`),
  markupText(),
  fc.constantFrom(...MARKUP),
);

const bodyArbitrary: fc.Arbitrary<BodySpec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      charset: fc.constantFrom(...CHARSETS),
      encoding: fc.constantFrom('7bit', '8bit', 'quoted-printable', 'base64', 'x-bogus'),
      html: fc.boolean(),
      text: bodyText,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('multipart' as const),
      boundary: fc.constantFrom('ok', 'ok', 'ok', 'missing', 'absent', 'unclosed', 'mismatch'),
      depth: fc.oneof(fc.constantFrom(1, 1, 1, 2, 3), fc.integer({ min: 4, max: 60 })),
      text: bodyText,
      attachments: fc.array(attachmentArbitrary, { maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      bytes: fc.uint8Array({ maxLength: 2048 }),
    }),
  },
);

export function mailArbitrary(known: readonly string[]): fc.Arbitrary<MailSpec> {
  return fc.record({
    from: senderArbitrary(known),
    subject: fc
      .tuple(fc.constantFrom(...KEYWORDS), fc.oneof(fc.constant(''), hostileText(120)))
      .map(([k, t]) => `${k} ${t}`.trim()),
    subjectEncoding: fc.constantFrom('plain', 'plain', 'encoded-word', 'bad-charset', 'raw-8bit'),
    date: fc.oneof(fc.constantFrom(...DATES), fc.constant(null)),
    messageId: fc.oneof(
      fc.uuid().map((u) => `<${u}@afzender.example>`),
      fc.constantFrom(null, '', '<>', 'geen-haakjes', '<dubbel@afzender.example>', `<${'x'.repeat(2000)}@y>`),
      markupText().map((t) => `<${t}@x>`),
    ),
    headers: fc.oneof(
      { weight: 8, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom('huge' as const, 'many' as const, 'broken' as const) },
    ),
    body: bodyArbitrary,
    lineEnd: fc.constantFrom('\r\n' as const, '\n' as const),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// From specification to bytes

const b64 = (bytes: Uint8Array | string) =>
  (
    Buffer.from(bytes as Uint8Array)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\n');

function qp(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes)
    out +=
      byte >= 33 && byte <= 126 && byte !== 61
        ? String.fromCharCode(byte)
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return `${out}=ZZ=\n`; // and a broken escape at the end
}

/** A text's UTF-8 bytes, every byte but letters and digits as `<marker>XX` (lone surrogates included). */
function escapedBytes(text: string, marker: '%' | '='): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8'))
    out += /[A-Za-z0-9]/.test(String.fromCharCode(byte))
      ? String.fromCharCode(byte)
      : `${marker}${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

function headerName(name: string, encoding: AttachmentSpec['nameEncoding']): string {
  const clean = name.replace(/[\r\n"]/g, '');
  switch (encoding) {
    case 'plain':
      return `; name="${utf8Bytes(clean)}"`;
    case 'rfc2231':
      return `; name*=utf-8''${escapedBytes(name, '%')}`;
    case 'encoded-word':
      return `; name="=?utf-8?B?${Buffer.from(name).toString('base64')}?="`;
    case 'bad-charset':
      return `; name*=x-onbekend''${escapedBytes(name, '%')}`;
    case 'none':
      return '';
  }
}

function attachmentBytes(spec: AttachmentSpec, contents: Contents): Buffer {
  switch (spec.content) {
    case 'pdf':
      return contents.pdf;
    case 'scan':
      return contents.scan;
    case 'zipBomb':
      return contents.zipBomb;
    case 'flateBomb':
      return contents.flateBomb;
    case 'random':
      return Buffer.from(spec.random);
    case 'empty':
      return Buffer.alloc(0);
    case 'text':
      return Buffer.from(`${MARKUP[0]}\n%PDF-1.4 nep\n`);
  }
}

function attachmentPart(spec: AttachmentSpec, contents: Contents): string[] {
  const bytes = attachmentBytes(spec, contents);
  const name = headerName(spec.name, spec.nameEncoding);
  const body =
    spec.encoding === 'base64'
      ? b64(bytes)
      : spec.encoding === 'base64-garbage'
        ? `${b64(bytes).slice(0, 200)}!!!***%%%\u00ff not base64 ===\n${b64(bytes).slice(200, 400)}`
        : spec.encoding === 'quoted-printable'
          ? qp(bytes.subarray(0, 8192))
          : bytes.subarray(0, 8192).toString('latin1');
  return [
    `Content-Type: ${spec.declaredType}${name}`,
    `Content-Disposition: attachment${name.replace('name', 'filename')}`,
    `Content-Transfer-Encoding: ${spec.encoding === 'base64-garbage' ? 'base64' : spec.encoding}`,
    '',
    body,
  ];
}

function textPart(text: string, html: boolean, charset = 'utf-8', encoding = '8bit'): string[] {
  // The bytes are UTF-8 whatever charset is declared: a wrong charset is one of the hostile cases.
  const bytes = Buffer.from(
    html ? `<html><body><p>${text}</p><script>alert(1)</script></body></html>` : text,
  );
  const body =
    encoding === 'base64'
      ? b64(bytes)
      : encoding === 'quoted-printable'
        ? qp(bytes)
        : bytes.toString('latin1');
  return [
    `Content-Type: ${html ? 'text/html' : 'text/plain'}${charset === '' ? '' : `; charset=${charset}`}`,
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    body,
  ];
}

function multipart(spec: Extract<BodySpec, { kind: 'multipart' }>, contents: Contents, level = 1): string[] {
  const boundary = `grens-${level}-${'='.repeat(level % 3)}_x`;
  const declared =
    spec.boundary === 'missing'
      ? ''
      : spec.boundary === 'mismatch'
        ? `; boundary="anders-${level}"`
        : `; boundary="${boundary}"`;
  const inner =
    level < spec.depth
      ? multipart(spec, contents, level + 1)
      : [
          ...textPart(spec.text, false),
          ...spec.attachments.flatMap((a) => [`--${boundary}`, ...attachmentPart(a, contents)]),
        ];
  const lines = [`Content-Type: multipart/mixed${declared}`, '', 'Dit is een bericht in MIME-formaat.'];
  if (spec.boundary !== 'absent') lines.push(`--${boundary}`);
  lines.push(...inner);
  if (spec.boundary !== 'unclosed' && spec.boundary !== 'absent') lines.push(`--${boundary}--`);
  return lines;
}

function subjectHeader(subject: string, encoding: MailSpec['subjectEncoding']): string {
  switch (encoding) {
    case 'plain':
      // UTF-8 in the header itself (RFC 6532), as the bytes below are written one per character.
      return utf8Bytes(subject.replace(/[\r\n]/g, ' '));
    case 'encoded-word':
      return `=?utf-8?B?${Buffer.from(subject).toString('base64')}?=`;
    case 'bad-charset':
      return `=?x-onbekend?Q?${escapedBytes(subject, '=')}?=`;
    case 'raw-8bit':
      // Latin-1 bytes where UTF-8 is expected (characters beyond it lose their high byte).
      return subject.replace(/[\r\n]/g, ' ');
  }
}

/** A text's UTF-8 bytes as one character per byte, for the latin1 join below. */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** The raw bytes of a message. */
export function rawMail(spec: MailSpec, contents: Contents): Buffer {
  const head = [
    `From: ${utf8Bytes(spec.from.replace(/[\r\n]/g, ' '))}`,
    'To: zorginkoopwlz.OCO@zilverenkruis.nl',
    `Subject: ${subjectHeader(spec.subject, spec.subjectEncoding)}`,
    ...(spec.date === null ? [] : [`Date: ${spec.date}`]),
    ...(spec.messageId === null ? [] : [`Message-ID: ${utf8Bytes(spec.messageId.replace(/[\r\n]/g, ' '))}`]),
    'MIME-Version: 1.0',
  ];
  if (spec.headers === 'huge') head.push(`X-Groot: ${'a'.repeat(1024 * 1024)}`);
  if (spec.headers === 'many') for (let i = 0; i < 10_000; i++) head.push(`X-Veel-${i}: ${i}`);
  if (spec.headers === 'broken')
    head.push(
      'Geen dubbele punt',
      ' vervolg zonder kop',
      'X-Nul: a\u0000b',
      `X-Lang: ${'b '.repeat(20_000)}`,
    );
  let body: string[];
  switch (spec.body.kind) {
    case 'text':
      body = textPart(spec.body.text, spec.body.html, spec.body.charset, spec.body.encoding);
      break;
    case 'multipart':
      body = multipart(spec.body, contents);
      break;
    case 'garbage':
      return Buffer.concat([
        Buffer.from(`${head.join(spec.lineEnd)}${spec.lineEnd}`, 'latin1'),
        Buffer.from(spec.body.bytes),
      ]);
  }
  // The headers of the body part continue the message's own headers (the first part is the message's body).
  return Buffer.from([...head, ...body].join(spec.lineEnd), 'latin1');
}
