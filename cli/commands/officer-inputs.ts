/**
 * The officer's inputs from files, on a running system (`--address`), through the same client code as the API:
 * `oco nvi publish --cycle ID --file answers.json` and `oco assess --cycle ID --file assessments.json` (one
 * assessment or a list; each line of progress as it goes). A refusal is printed by field with exit code 2.
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { z } from 'zod';
import { type Clock, InputRefusedError, officerActions, systemClock } from '../../client/inputs';
import { AssessmentInputSchema } from '../../domain/assessment';
import { NviInputSchema, parseInput } from '../../domain/inputs';
import { InputError, readStructuredFile } from '../config-file';
import { type ServerOptions, withClient, withServerOptions } from '../temporal-client';

const refusedAs = (source: string, what: string) => (error: unknown) => {
  if (error instanceof InputRefusedError)
    throw new InputError(
      source,
      error.problems.length > 0 ? error.problems : [{ path: '', message: error.message }],
      what,
    );
  throw error;
};

const AnswersFileSchema = z.union([
  NviInputSchema.omit({ receivedAt: true }),
  NviInputSchema.shape.answers.transform((answers) => ({ answers })),
]);

export async function publishNviFromFile(
  client: Client,
  cycleId: string,
  file: string,
  clock: Clock = systemClock,
) {
  const parsed = parseInput(AnswersFileSchema, readStructuredFile(file, 'NvI answers'));
  if (!parsed.ok) throw new InputError(file, parsed.problems, 'NvI answers');
  return officerActions(client, cycleId, clock)
    .publishNvi(parsed.value.answers)
    .catch(refusedAs(file, 'NvI'));
}

const AssessmentFileItem = AssessmentInputSchema.omit({ receivedAt: true }).extend({
  provider: z.string().min(1, 'must name the provider id'),
});
const AssessmentsFileSchema = z.union([
  AssessmentFileItem.transform((a) => [a]),
  z.array(AssessmentFileItem).min(1),
]);

export async function assessFromFile(
  client: Client,
  cycleId: string,
  file: string,
  progress: (line: string) => void = () => undefined,
  clock: Clock = systemClock,
) {
  const parsed = parseInput(AssessmentsFileSchema, readStructuredFile(file, 'assessments'));
  if (!parsed.ok) throw new InputError(file, parsed.problems, 'assessments');
  const officer = officerActions(client, cycleId, clock);
  const recorded = [];
  for (const [i, { provider, ...assessment }] of parsed.value.entries()) {
    const record = await officer.assess(provider, assessment).catch((error: unknown) => {
      if (error instanceof InputRefusedError)
        throw new InputError(
          file,
          [
            {
              path: `[${i}]`,
              message: `${provider}, ${assessment.region}: ${error.message} (the ${i} before it were recorded)`,
            },
          ],
          'assessments',
        );
      throw error;
    });
    recorded.push({ provider, ...record });
    progress(
      `assessed ${i + 1}/${parsed.value.length}: ${provider} in ${assessment.region}, version ${record.version}`,
    );
  }
  return recorded;
}

export function nviCommand(): Command {
  const nvi = new Command('nvi').description('the Nota van Inlichtingen').exitOverride().showHelpAfterError();
  withServerOptions(
    nvi
      .command('publish')
      .description('publish the NvI: every question received in time answered (bundled where alike)')
      .requiredOption('--cycle <id>', 'the cycle')
      .requiredOption(
        '--file <file>',
        'the answers (JSON or YAML): [{ questions: [{ provider, number }], answer, changesDocuments }]',
      )
      .option('--json', 'print JSON'),
  ).action(async (options: ServerOptions & { cycle: string; file: string; json?: boolean }) => {
    const notice = await withClient(options, (client) =>
      publishNviFromFile(client, options.cycle, options.file),
    );
    console.log(options.json ? JSON.stringify(notice, null, 2) : `NvI published at ${notice.publishedAt}`);
  });
  return nvi;
}

export function assessCommand(): Command {
  return withServerOptions(
    new Command('assess')
      .description(
        'record assessments from a file: one, or a list of { provider, region, requirements, selection }',
      )
      .requiredOption('--cycle <id>', 'the cycle')
      .requiredOption('--file <file>', 'the assessments (JSON or YAML)')
      .option('--json', 'print JSON'),
  ).action(async (options: ServerOptions & { cycle: string; file: string; json?: boolean }) => {
    const recorded = await withClient(options, (client) =>
      assessFromFile(
        client,
        options.cycle,
        options.file,
        options.json ? undefined : (line) => console.log(line),
      ),
    );
    if (options.json) console.log(JSON.stringify({ recorded }, null, 2));
  });
}
