/** The benchmark's settings from the environment: defaults, and every wrong one named with its rule. */
import { benchSettings } from '../../bench/settings';

test('without settings every part runs at its documented size; empty variables count as unset', () => {
  expect(benchSettings({ BENCH_PROVIDERS: '' })).toMatchObject({
    BENCH_SECONDS: 3,
    BENCH_PROVIDERS: 500,
    BENCH_RUSH_SUBMISSIONS: 2000,
    BENCH_RUSH_WINDOW_S: 60,
    BENCH_NATIONAL_PROVIDERS: 2000,
    BENCH_NATIONAL_SERVERS: 'each',
    BENCH_HISTORY_PROVIDERS: 0,
  });
  expect(benchSettings({ BENCH_BUDGET_PROVIDERS: '0', BENCH_NATIONAL_SERVERS: 'one' })).toMatchObject({
    BENCH_BUDGET_PROVIDERS: 0,
    BENCH_NATIONAL_SERVERS: 'one',
  });
});

test('a wrong setting stops the run, naming every wrong variable, its rule and its value', () => {
  const wrong = () =>
    benchSettings({
      BENCH_PROVIDERS: '5OO',
      BENCH_RUSH_SUBMISSIONS: '-1',
      BENCH_CONCURRENCY: '0',
      BENCH_RUSH_WINDOW_S: '2',
      BENCH_NATIONAL_PROVIDERS: '1.5',
      BENCH_NATIONAL_SERVERS: 'all',
    });
  expect(wrong).toThrow(/^npm run bench: wrong settings in the environment:/);
  const message = (() => {
    try {
      wrong();
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  })();
  for (const name of [
    'BENCH_PROVIDERS',
    'BENCH_RUSH_SUBMISSIONS',
    'BENCH_CONCURRENCY',
    'BENCH_RUSH_WINDOW_S',
    'BENCH_NATIONAL_PROVIDERS',
    'BENCH_NATIONAL_SERVERS',
  ])
    expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'));
  expect(message).toMatch(/BENCH_NATIONAL_PROVIDERS: must be a whole number/);
  expect(message).toMatch(/BENCH_RUSH_WINDOW_S: must be at least 5/);
  expect(message).toMatch(/BENCH_NATIONAL_SERVERS: .*each.*one/);
});
