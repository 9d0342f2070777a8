/**
 * How workflows call the e-mail activities. Apart from email.ts so that workflow code can import it without
 * bundling nodemailer: patient retries for a mail server that is down for a while, none for a permanent refusal
 * or a message that cannot be rendered; and how long the SMTP client may wait, which must fit inside them.
 */
import type { ActivityOptions } from '@temporalio/common';

export const PERMANENT_DELIVERY_FAILURE = 'PermanentDeliveryFailure';
export const INVALID_MESSAGE = 'InvalidMessage';

/**
 * One message. A worker that dies mid-send is noticed by the missing heartbeat (the activity beats every few seconds
 * while it delivers, email-heartbeat.ts), and another worker sends the message again after 20 s. The minute is only a
 * backstop: the SMTP client gives up well before it (SMTP_TIMEOUTS), and when the server does time an attempt out,
 * the attempt's SMTP exchange is aborted, so a retry does not send alongside it.
 */
export const EMAIL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [PERMANENT_DELIVERY_FAILURE, INVALID_MESSAGE],
  },
};

/**
 * A mailing sends up to a batch of messages in one activity and records its progress as it goes: a worker that dies
 * is noticed by the missing heartbeat, and the retry resumes where it had got to.
 */
export const MAILING_ACTIVITY_OPTIONS: ActivityOptions = {
  ...EMAIL_ACTIVITY_OPTIONS,
  startToCloseTimeout: '30 minutes',
};

/**
 * How long the SMTP client waits, in milliseconds (nodemailer's defaults are 2 minutes to connect and 10 minutes of
 * silence): connecting, with the greeting and STARTTLS, at most 10 s; then at most 30 s without a word from the
 * server, also for its answer to a whole message. Together clearly less than the one minute a send may take.
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
} as const;
