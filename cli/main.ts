/**
 * `oco`: the officers' command line. Bad input exits with code 2 and a list of problems; other failures exit 1
 * with one message (a stack trace only with OCO_DEBUG=1).
 */
import { Command, CommanderError } from 'commander';
import { auditCommand } from './commands/audit';
import { budgetCommand } from './commands/budget';
import { calendarCommand } from './commands/calendar';
import { cycleCommand } from './commands/cycle';
import { legalCommand } from './commands/legal';
import { mailboxCommand } from './commands/mailbox';
import { assessCommand, nviCommand } from './commands/officer-inputs';
import { productionCommand } from './commands/production';
import { providersCommand } from './commands/providers';
import { receiptCommand } from './commands/receipt';
import { simulateCommand } from './commands/simulate';
import { startCommand } from './commands/start';
import { timelineCommand } from './commands/timeline';
import { tokenCommand } from './commands/token';
import { triageCommand } from './commands/triage';
import { InputError } from './config-file';

export function buildProgram(): Command {
  const program = new Command('oco')
    .description('Yearly contracting cycle of independent client support (OCO) under the Wlz')
    .showHelpAfterError()
    .exitOverride();
  for (const command of [
    timelineCommand(),
    startCommand(),
    calendarCommand(),
    receiptCommand(),
    mailboxCommand(),
    simulateCommand(),
    legalCommand(),
    budgetCommand(),
    tokenCommand(),
    auditCommand(),
    triageCommand(),
    cycleCommand(),
    nviCommand(),
    assessCommand(),
    productionCommand(),
    providersCommand(),
  ]) {
    // Usage errors in a subcommand come back to reportFailure (exit code 2) instead of exiting with 1.
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  return program;
}

export function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof InputError) {
    console.error(error.message);
    return 2;
  }
  console.error(`oco: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.OCO_DEBUG && error instanceof Error) console.error(error.stack);
  return 1;
}

if (require.main === module || require.main?.filename.endsWith('oco.js')) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error) => {
      process.exitCode = reportFailure(error);
    });
}
