/**
 * What the system can tell about an incoming file before a workflow hears of it: its media type, and for a PDF whether
 * it has a text layer. The procurement documents ask for "volledig digitaal en doorzoekbaar" (004); a scan without
 * text is accepted, never refused, but the receipt flags it. PDFs are read with pdf-parse (Mozilla's pdf.js), the
 * first pages only, so a huge or hostile file costs little; a file that says it is a PDF but cannot be read is kept
 * and flagged the same way.
 */
import path from 'node:path';
import { PdfInspector, type TextLayer } from './pdf-inspector';

export type { TextLayer } from './pdf-inspector';

/** The process's PDF reader (one worker thread, started on first use). */
let shared: PdfInspector | undefined;
export function pdfInspector(): PdfInspector {
  shared ??= new PdfInspector();
  return shared;
}

/** Ends the shared reader's thread (a server shutting down; a test finishing). */
export async function closePdfInspector(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

export interface FileFacts {
  mediaType: string;
  /** Only for PDFs. */
  textLayer?: TextLayer;
}

const BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

const isPdfBytes = (content: Uint8Array) => Buffer.from(content.subarray(0, 1024)).includes('%PDF-');

/** The media type: a PDF by its bytes, otherwise the declared type, otherwise the extension. */
export function mediaTypeOf(name: string, declared: string | undefined, content: Uint8Array): string {
  if (isPdfBytes(content)) return 'application/pdf';
  const clean = declared?.split(';')[0]?.trim().toLowerCase();
  if (clean && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(clean) && clean !== 'application/octet-stream')
    return clean;
  return BY_EXTENSION[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

export async function inspectFile(
  name: string,
  declared: string | undefined,
  content: Uint8Array,
  pdfs: PdfInspector = pdfInspector(),
): Promise<FileFacts> {
  const mediaType = mediaTypeOf(name, declared, content);
  const claimsPdf = mediaType === 'application/pdf' || path.extname(name).toLowerCase() === '.pdf';
  if (!claimsPdf) return { mediaType };
  if (!isPdfBytes(content)) return { mediaType: 'application/pdf', textLayer: 'unreadable' };
  return { mediaType: 'application/pdf', textLayer: await pdfs.textLayer(content) };
}
