/**
 * What `npm run bench` reads from its environment, validated: a mistyped number (BENCH_PROVIDERS=5OO) stops the run
 * with the variable and the rule named, instead of silently leaving a part out (Number('5OO') is NaN, never > 0).
 */
import { z } from 'zod';
import { zodProblems } from '../domain/validation';

/** A whole number from its text, at least `min`, or `fallback` when unset. */
const whole = (fallback: number, min: 0 | 1) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${min} or more`)
    .transform(Number)
    .refine((n) => n >= min, `must be ${min} or more`)
    .default(fallback);
const count = (fallback: number) => whole(fallback, 0);
const positive = (fallback: number) => whole(fallback, 1);

const schema = z.object({
  BENCH_VERBOSE: z.string().optional(),
  /** Seconds of template rendering; 0 leaves it out. */
  BENCH_SECONDS: count(3),
  /** Providers of the whole simulated cycle; 0 leaves it out. */
  BENCH_PROVIDERS: count(500),
  /** Providers of the contract period; 0 leaves it out. */
  BENCH_BUDGET_PROVIDERS: count(500),
  /** Inputs of (a) the rush and (b) the floor; 0 leaves both out. */
  BENCH_RUSH_SUBMISSIONS: count(2000),
  BENCH_RUSH_WINDOW_S: positive(60).refine(
    (s) => s >= 5,
    'must be at least 5 (the pacing leaves 2 s before the closing)',
  ),
  BENCH_CONCURRENCY: positive(32),
  /** Providers of (c) the national simulation; 0 leaves it out. */
  BENCH_NATIONAL_PROVIDERS: count(2000),
  BENCH_NATIONAL_CONCURRENCY: positive(8),
  BENCH_NATIONAL_SERVERS: z.enum(['each', 'one']).default('each'),
  /** Providers of the cycle history on the dev server (opt-in, half an hour); 0 leaves it out. */
  BENCH_HISTORY_PROVIDERS: count(0),
});

export type BenchSettings = z.infer<typeof schema>;

/** The settings from `env`; throws with every wrong variable, its value and the rule. */
export function benchSettings(env: Record<string, string | undefined>): BenchSettings {
  const known = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key] || undefined]));
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const lines = zodProblems(result.error).map((p) => `  ${p.path}: ${p.message}`);
  throw new Error(`npm run bench: wrong settings in the environment:\n${lines.join('\n')}`);
}
