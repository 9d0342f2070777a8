/** The environment `npm start` reads for files and the mailbox: good values understood, bad ones named with the rule. */
import { DEFAULT_ATTACHMENT_LIMITS, limitsFromEnv } from '../../domain/attachment-limits';
import { imapSettingsOf } from '../../inbound/wire';

test('OCO_IMAP_URL: user, password, host, port, mailbox; a wrong one says what it must be', () => {
  expect(imapSettingsOf('imaps://oco%40vgz.nl:ge%3Aheim@mail.vgz.nl/Inkoop')).toEqual({
    host: 'mail.vgz.nl',
    port: 993,
    secure: true,
    user: 'oco@vgz.nl',
    password: 'ge:heim',
    mailbox: 'Inkoop',
  });
  expect(imapSettingsOf('imap://oco:x@127.0.0.1:3143')).toMatchObject({
    port: 3143,
    secure: false,
    mailbox: 'INBOX',
  });
  expect(() => imapSettingsOf('mail.vgz.nl')).toThrow(
    'OCO_IMAP_URL: must be a URL such as imap://user:password@mail.example:143/INBOX, got mail.vgz.nl',
  );
  expect(() => imapSettingsOf('pop3://oco:x@mail.vgz.nl')).toThrow(
    'OCO_IMAP_URL: must start with imap:// or imaps://, got pop3://',
  );
  expect(() => imapSettingsOf('imap://mail.vgz.nl')).toThrow('OCO_IMAP_URL: must name the mailbox user');
});

test('size limits from the environment: defaults, MiB, and each wrong value named', () => {
  expect(limitsFromEnv({})).toEqual(DEFAULT_ATTACHMENT_LIMITS);
  expect(limitsFromEnv({ OCO_MAX_FILE_MB: '2.5', OCO_MAX_MESSAGE_MB: '10', OCO_MAX_FILES: '20' })).toEqual({
    maxFileBytes: 2.5 * 1024 * 1024,
    maxMessageBytes: 10 * 1024 * 1024,
    maxFiles: 20,
  });
  expect(() => limitsFromEnv({ OCO_MAX_FILE_MB: 'veel' })).toThrow(
    'OCO_MAX_FILE_MB: must be a positive number of MiB, got veel',
  );
  expect(() => limitsFromEnv({ OCO_MAX_MESSAGE_MB: '-1' })).toThrow(
    'OCO_MAX_MESSAGE_MB: must be a positive number of MiB, got -1',
  );
  expect(() => limitsFromEnv({ OCO_MAX_FILES: '2.5' })).toThrow(
    'OCO_MAX_FILES: must be a whole number above 0, got 2.5',
  );
});
