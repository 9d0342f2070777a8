/**
 * `oco token create --role provider|officer|legal [--provider ID] [--cycle ID] [--label TEXT] [--days N]` issues a
 * bearer token for the HTTP API and prints it once; only its hash is kept (`<data>/tokens.json`). `oco token list`
 * shows the tokens (never a secret), `oco token revoke ID` ends one at once. Making and revoking a token (and a refused
 * attempt) is recorded in the audit log (`<data>/audit.jsonl`), never the secret.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { shortened } from '../../api/audit/entry';
import { ROLES, type Role, TokenStore } from '../../api/tokens';
import { InputError } from '../config-file';
import { recordLocally } from '../local-audit';

const dataOption = () =>
  new Option('-d, --data <dir>', 'data folder of `npm start`').default(process.env.OCO_DATA_DIR ?? 'data');

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new InvalidArgumentError('must be a whole number of days, 1 to 3650');
  return n;
}

export function tokenCommand(): Command {
  const token = new Command('token')
    .description('bearer tokens for the HTTP API')
    .exitOverride()
    .showHelpAfterError();
  token
    .command('create')
    .description('issue a token; it is printed once and only its hash is kept')
    .addOption(new Option('--role <role>', 'who the token is for').choices(ROLES).makeOptionMandatory())
    .option('--provider <id>', 'the provider a provider token acts for (required for --role provider)')
    .option('--cycle <id>', 'bind the token to one cycle')
    .option('--label <text>', 'who holds it (an officer token signs decisions with this name)')
    .option('--days <n>', 'lifetime in days (default: until revoked)', days)
    .addOption(dataOption())
    .option('--json', 'print the token and its record as JSON')
    .action(
      async (options: {
        role: Role;
        provider?: string;
        cycle?: string;
        label?: string;
        days?: number;
        data: string;
        json?: boolean;
      }) => {
        const store = TokenStore.inDataDir(options.data);
        const what = {
          action: 'token.create',
          ...(options.cycle ? { cycleId: shortened(options.cycle) } : {}),
          ...(options.provider ? { providerId: shortened(options.provider) } : {}),
          fields: {
            role: options.role,
            ...(options.label ? { label: shortened(options.label) } : {}),
            ...(options.days ? { days: options.days } : {}),
          },
        };
        let created: Awaited<ReturnType<TokenStore['create']>>;
        try {
          created = await store.create({
            role: options.role,
            ...(options.provider ? { providerId: options.provider } : {}),
            ...(options.cycle ? { cycleId: options.cycle } : {}),
            ...(options.label ? { label: options.label } : {}),
            ...(options.days ? { days: options.days } : {}),
          });
        } catch (error) {
          const [path, ...rest] = (error as Error).message.split(': ');
          recordLocally(options.data, what, {
            ok: false,
            error: 'invalid',
            reason: (error as Error).message,
          });
          throw new InputError(
            'oco token create',
            [{ path: path ?? '', message: rest.join(': ') }],
            'token request',
          );
        }
        recordLocally(options.data, what, { ok: true, tokenId: created.record.id });
        if (options.json)
          return console.log(JSON.stringify({ token: created.token, ...created.record }, null, 2));
        const { record } = created;
        console.log(created.token);
        console.error(
          `token ${record.id}: role ${record.role}${record.providerId ? `, provider ${record.providerId}` : ''}` +
            `${record.cycleId ? `, cycle ${record.cycleId}` : ''}${record.expiresAt ? `, expires ${record.expiresAt}` : ''}. ` +
            'Keep it: it is not shown again.',
        );
      },
    );
  token
    .command('list')
    .description('the tokens issued (never their secrets)')
    .addOption(dataOption())
    .option('--json', 'print JSON')
    .action(async (options: { data: string; json?: boolean }) => {
      const records = (await TokenStore.inDataDir(options.data).list()).map(({ sha256: _, ...r }) => r);
      if (options.json) return console.log(JSON.stringify({ tokens: records }, null, 2));
      if (records.length === 0) return console.log('no tokens');
      for (const r of records)
        console.log(
          `${r.id}  ${r.role.padEnd(8)} ${(r.providerId ?? '').padEnd(16)} ${(r.label ?? '').padEnd(24)} ` +
            `${r.revokedAt ? `revoked ${r.revokedAt}` : r.expiresAt ? `expires ${r.expiresAt}` : 'active'}`,
        );
    });
  token
    .command('revoke')
    .description('end a token at once')
    .argument('<id>', 'the token id (from `oco token list`)')
    .addOption(dataOption())
    .action(async (id: string, options: { data: string }) => {
      const what = { action: 'token.revoke', fields: { tokenId: shortened(id) } };
      try {
        const record = await TokenStore.inDataDir(options.data).revoke(id);
        recordLocally(options.data, what, { ok: true, tokenId: record.id });
        console.log(`token ${record.id} revoked at ${record.revokedAt}`);
      } catch (error) {
        const reason = (error as Error).message;
        recordLocally(options.data, what, {
          ok: false,
          error: reason.startsWith('id: no token') ? 'notFound' : 'internal',
          reason: shortened(reason, 300),
        });
        throw new InputError(
          'oco token revoke',
          [{ path: 'id', message: (error as Error).message.replace(/^id: /, '') }],
          'token id',
        );
      }
    });
  return token;
}
