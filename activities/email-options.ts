/**
 * How workflows call the e-mail activities. Apart from email.ts so that workflow code can import it without
 * bundling nodemailer: patient retries for a mail server that is down for a while, none for a permanent refusal
 * or a message that cannot be rendered.
 */
import type { ActivityOptions } from '@temporalio/common';

export const PERMANENT_DELIVERY_FAILURE = 'PermanentDeliveryFailure';
export const INVALID_MESSAGE = 'InvalidMessage';

/**
 * One message: an SMTP exchange takes milliseconds, so a minute is ample; it is also how long a receipt waits when
 * the worker sending it died mid-send (no heartbeat to notice sooner), before another worker sends it again.
 */
export const EMAIL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
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
  heartbeatTimeout: '1 minute',
};
