/**
 * `oco receipt verify FILE.eml` — is this receipt genuine and unchanged? Exit 0 when it is, 1 when it is not.
 * `oco receipt verify --facts FACTS.json --code OCO-…` checks the facts and code given separately.
 * The key: OCO_RECEIPT_KEY, else receipt.key in the data folder (--data, default "data").
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { verifyReceipt } from '../../mail/receipt';
import { resolveReceiptKey } from '../../mail/receipt-key';
import { verifyReceiptEml } from '../../mail/verify-eml';
import { InputError, readStructuredFile } from '../config-file';

interface VerifyOptions {
  data: string;
  facts?: string;
  code?: string;
}

export function receiptCommand(): Command {
  const receipt = new Command('receipt').description('check receipts (ontvangstbevestigingen)');
  receipt
    .command('verify')
    .description('say whether a receipt is genuine and unchanged')
    .argument('[file]', 'the receipt e-mail as an .eml file')
    .option(
      '--facts <file>',
      'the signed facts (ontvangstbevestiging.json or its "facts") instead of an .eml',
    )
    .option('--code <code>', 'the receipt code, with --facts')
    .option('-d, --data <dir>', 'data folder holding receipt.key', process.env.OCO_DATA_DIR ?? 'data')
    .action(async (file: string | undefined, options: VerifyOptions) => {
      const key = resolveReceiptKey({ dataDir: options.data, create: false });
      if (file) {
        let eml: Buffer;
        try {
          eml = readFileSync(file);
        } catch (error) {
          throw new InputError(
            file,
            [{ path: '', message: `cannot read the receipt: ${(error as Error).message}` }],
            'receipt',
          );
        }
        const result = await verifyReceiptEml(key, eml);
        if (!result.genuine) return fail(`${file}: NOT genuine: ${result.reason}`);
        const f = result.facts;
        console.log(`${file}: genuine and unchanged (${result.code})`);
        console.log(
          `  ${f.kind} from ${f.providerId} in ${f.cycleId}, received ${f.receivedAt}, ${f.onTime ? 'on time' : 'late'}` +
            (f.deadline ? ` for ${f.deadline.label} (${f.deadline.at})` : ''),
        );
        for (const attached of f.files)
          console.log(`  file ${attached.name}, ${attached.sizeBytes} bytes, sha256 ${attached.sha256}`);
        for (const issue of f.issues) console.log(`  noted: ${issue}`);
        return;
      }
      if (!options.facts)
        throw new InputError(
          'oco receipt verify',
          [{ path: '', message: 'give an .eml file, or --facts FILE with --code CODE' }],
          'call',
        );
      const document = readStructuredFile(options.facts, 'receipt facts') as {
        facts?: unknown;
        code?: unknown;
      };
      const facts = document.facts ?? document;
      const code = options.code ?? (typeof document.code === 'string' ? document.code : undefined);
      if (!code)
        throw new InputError(
          options.facts,
          [{ path: 'code', message: 'no receipt code: give --code' }],
          'receipt facts',
        );
      const result = verifyReceipt(key, facts, code);
      if (!result.genuine) return fail(`${options.facts}: NOT genuine: ${result.reason}`);
      console.log(`${options.facts}: genuine and unchanged (${code})`);
    });
  return receipt;
}

function fail(message: string): void {
  console.log(message);
  process.exitCode = 1;
}
