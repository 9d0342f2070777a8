/**
 * The attachment store and intake on a real folder: content-addressed, kept once, nothing kept from a refused message;
 * the PDF reader's findings (text, scan, broken, too slow) in its worker thread; the receipt's line for a scan.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closePdfInspector, mediaTypeOf } from '../../attachments/inspect';
import { cleanFileName, FilesRefusedError, receiveFiles } from '../../attachments/intake';
import { PdfInspector } from '../../attachments/pdf-inspector';
import { FileSystemAttachmentStore, sha256Of } from '../../attachments/store';
import { submissionIssues } from '../../domain/submission-rules';
import { pdf } from '../helpers/api';

let dir: string;
let store: FileSystemAttachmentStore;
const limits = { maxFileBytes: 1000, maxMessageBytes: 1500, maxFiles: 3 };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oco-store-'));
  store = new FileSystemAttachmentStore(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));
afterAll(() => closePdfInspector());

test('files are kept by SHA-256, once, and read back byte for byte', async () => {
  const content = Buffer.from('Bestuursverklaring');
  const first = await store.put(content);
  expect(first).toEqual({ sha256: sha256Of(content), sizeBytes: 18 });
  expect(await store.put(content)).toEqual(first);
  expect(await store.get(first.sha256)).toEqual(content);
  expect(await store.size(first.sha256)).toBe(18);
  expect(await store.get('0'.repeat(64))).toBeNull();
  expect(await store.get('../../etc/passwd')).toBeNull();
  const kept = await readdir(path.join(dir, first.sha256.slice(0, 2), first.sha256.slice(2, 4)));
  expect(kept).toEqual([first.sha256]);
});

test('a message over a limit is refused whole: every problem named, nothing kept', async () => {
  const files = [
    { name: 'a.txt', content: Buffer.alloc(900, 1) },
    { name: 'b.txt', content: Buffer.alloc(1001, 2) },
    { name: 'c.txt', content: Buffer.alloc(0) },
    { name: 'd.txt', content: Buffer.alloc(10, 3) },
  ];
  const error = await receiveFiles(store, files, limits).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FilesRefusedError);
  expect((error as FilesRefusedError).problems).toEqual([
    { path: 'files', message: 'must hold at most 3 files, got 4' },
    { path: 'files[1]', message: 'b.txt is 1001 bytes; a file may be at most 1000 bytes' },
    { path: 'files[2]', message: 'c.txt is empty' },
    { path: 'files', message: 'together 1.9 KiB; one message may carry at most 1.5 KiB' },
  ]);
  expect(await readdir(dir)).toEqual([]);
});

test('names lose folders and control characters; the type comes from the bytes first', async () => {
  expect(cleanFileName('..\\..\\windows\\Bestuurs\u0000verklaring.pdf')).toBe('Bestuursverklaring.pdf');
  expect(cleanFileName('/etc/')).toBe('etc');
  expect(cleanFileName('\u0007')).toBe('bijlage');
  expect(mediaTypeOf('scan.jpg', 'image/jpeg', Buffer.from('%PDF-1.7 ...'))).toBe('application/pdf');
  expect(mediaTypeOf('brief.docx', 'application/octet-stream', Buffer.from('PK'))).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  expect(mediaTypeOf('x', 'text/html; charset=utf-8', Buffer.from('<p>'))).toBe('text/html');
});

test('the PDF reader: text, a scan, a broken file, a fake PDF, and a file that takes too long', async () => {
  const [text, scan] = [await pdf('VOG RP 2023'), await pdf(null)];
  const received = await receiveFiles(
    store,
    [
      { name: 'vog.pdf', content: text },
      { name: 'scan.pdf', content: scan },
      { name: 'kapot.pdf', content: text.subarray(0, 200) },
      { name: 'nep.pdf', declaredType: 'application/pdf', content: Buffer.from('geen pdf') },
    ],
    { maxFileBytes: 1e6, maxMessageBytes: 1e7, maxFiles: 10 },
  );
  expect(received.map((f) => [f.name, f.mediaType, f.textLayer])).toEqual([
    ['vog.pdf', 'application/pdf', 'present'],
    ['scan.pdf', 'application/pdf', 'absent'],
    ['kapot.pdf', 'application/pdf', 'unreadable'],
    ['nep.pdf', 'application/pdf', 'unreadable'],
  ]);
  const impatient = new PdfInspector({ timeoutMs: 1 });
  expect(await impatient.textLayer(text)).toBe('unreadable');
  await impatient.close();
  const patient = new PdfInspector();
  expect(await patient.textLayer(text)).toBe('present');
  await patient.close();
});

test('a receipt names a scan and an unreadable PDF, and accepts them', () => {
  const issues = submissionIssues({
    documents: [
      { kind: 'onderbouwing', name: 'plan.pdf', textLayer: 'absent' },
      { kind: 'onderbouwing', name: 'bijlage.pdf', textLayer: 'unreadable' },
      { kind: 'onderbouwing', name: 'tekst.pdf', textLayer: 'present' },
    ],
    consortium: false,
    receivedAt: Date.parse('2023-08-01T10:00:00Z'),
    zone: 'Europe/Amsterdam',
  });
  expect(issues.filter((i) => i.includes('.pdf'))).toEqual([
    'plan.pdf: een scan zonder tekstlaag; de stukken moeten volledig digitaal en doorzoekbaar zijn (wel ontvangen)',
    'bijlage.pdf: het PDF-bestand kon niet worden gelezen; controleer het bestand (wel ontvangen)',
  ]);
});
