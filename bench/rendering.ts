/**
 * Template rendering: messages per second with templates compiled once (how the system sends) against compiling the
 * mjml for every message, measured in one run on one core (Node runs this on one thread).
 */
import { TEMPLATE_KINDS } from '../mail/catalog';
import { exampleData } from '../mail/examples';
import { renderCompilingEachTime, TemplateStore } from '../mail/render';

export interface RenderingFigures {
  precompiledPerSecond: number;
  compilingPerSecond: number;
  ratio: number;
  compileAllMs: number;
  messages: { precompiled: number; compiling: number };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

export async function benchRendering(options: { seconds?: number } = {}): Promise<RenderingFigures> {
  const seconds = options.seconds ?? 3;
  const key = Buffer.alloc(32, 1);
  // Every kind in turn, so the figure is the mix the cycle sends, not the cheapest template.
  const inputs = TEMPLATE_KINDS.map((kind) => ({ kind, data: exampleData(kind, key) }));
  const [store, compileAllMs] = await timed(() => TemplateStore.load());

  for (const { kind, data } of inputs) store.render(kind, data); // warm-up
  let precompiled = 0;
  let bytes = 0;
  const [, precompiledMs] = await timed(() => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      for (const { kind, data } of inputs) {
        const message = store.render(kind, data);
        bytes += message.html.length + message.text.length;
        precompiled++;
      }
    }
  });

  let compiling = 0;
  const [, compilingMs] = await timed(async () => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      for (const { kind, data } of inputs) {
        await renderCompilingEachTime(kind, data);
        compiling++;
        if (performance.now() >= until) break;
      }
    }
  });
  if (bytes === 0) throw new Error('nothing rendered');

  const precompiledPerSecond = (precompiled / precompiledMs) * 1000;
  const compilingPerSecond = (compiling / compilingMs) * 1000;
  return {
    precompiledPerSecond,
    compilingPerSecond,
    ratio: precompiledPerSecond / compilingPerSecond,
    compileAllMs,
    messages: { precompiled, compiling },
  };
}
