/**
 * Whether a PDF has a text layer, read by pdf.js (through pdf-parse) in a worker thread of its own: a hostile or broken
 * file can exhaust at most that thread's memory (resourceLimits) and time (a deadline per file), after which the
 * thread is replaced and the file counts as unreadable. The file is still accepted; the receipt flags it. One thread
 * serves every file in turn, so pdf.js is loaded once, not per file.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../support/project-root';

export type TextLayer = 'present' | 'absent' | 'unreadable';

export interface PdfInspectorOptions {
  /** Pages read to find text: a searchable document shows it on its first pages. */
  pages?: number;
  /** How long one file may take. */
  timeoutMs?: number;
  /** The thread's heap. */
  maxMemoryMb?: number;
}

interface Pending {
  resolve(layer: TextLayer): void;
  timer: NodeJS.Timeout;
}

export class PdfInspector {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private readonly pages: number;
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;

  constructor(options: PdfInspectorOptions = {}) {
    this.pages = options.pages ?? 5;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxMemoryMb = options.maxMemoryMb ?? 256;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(projectRoot(), 'attachments', 'pdf-text-worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
    });
    worker.unref();
    worker.on('message', ({ id, textLayer }: { id: number; textLayer: TextLayer }) =>
      this.settle(id, textLayer),
    );
    // A thread that died (out of memory, say) takes its files with it: each counts as unreadable.
    worker.on('error', () => this.reset(worker));
    worker.on('exit', () => this.reset(worker));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, layer: TextLayer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.resolve(layer);
  }

  private reset(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, 'unreadable');
    void worker.terminate();
  }

  textLayer(content: Uint8Array): Promise<TextLayer> {
    const id = this.next++;
    const worker = this.thread();
    return new Promise<TextLayer>((resolve) => {
      const timer = setTimeout(() => this.reset(worker), this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, bytes: content, pages: this.pages });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker) this.reset(worker);
  }
}
