/**
 * The worker thread that reads PDFs for attachments/pdf-inspector.ts (plain CommonJS, so it runs the same from source,
 * from dist/ and under Jest). One message in, { id, textLayer } out: 'present' when the first pages hold letters or
 * digits, 'absent' when they hold none (a scan), 'unreadable' when pdf.js cannot read the file.
 */
const { parentPort } = require('node:worker_threads');
const { PDFParse } = require('pdf-parse');

parentPort.on('message', async ({ id, bytes, pages }) => {
  const parser = new PDFParse({ data: new Uint8Array(bytes), stopAtErrors: false });
  let textLayer = 'unreadable';
  try {
    const result = await parser.getText({ first: pages });
    textLayer = result.pages.some((page) => /\p{L}|\p{N}/u.test(page.text)) ? 'present' : 'absent';
  } catch {
    textLayer = 'unreadable';
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  parentPort.postMessage({ id, textLayer });
});
