/**
 * The floor's one activity: a small plain-text e-mail through the same pooled nodemailer transport as our messages,
 * with a Message-ID that follows from the input (the same on a retry). A failure is thrown and Temporal retries it.
 */
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { whileBeating } from '../../activities/email-heartbeat';

export interface FloorEmailInput {
  to: string;
  holderId: string;
  sequence: number;
  receivedAt: string;
}

export const FLOOR_MAIL_KIND = 'floorReceipt';
const DOMAIN = 'floor.example.nl';

export function createFloorActivities(transport: Transporter<SMTPTransport.SentMessageInfo>) {
  return {
    async sendFloorEmail(input: FloorEmailInput): Promise<string> {
      const messageId = `<${input.holderId}.${input.sequence}@${DOMAIN}>`;
      // It beats while it sends, as our e-mail activities do (EMAIL_ACTIVITY_OPTIONS has a heartbeat timeout).
      await whileBeating(() =>
        transport.sendMail({
          from: `Ontvangst <ontvangst@${DOMAIN}>`,
          to: input.to,
          subject: `Ontvangen: invoer ${input.sequence}`,
          text: `Uw invoer nummer ${input.sequence} is ontvangen op ${input.receivedAt}.\n`,
          messageId,
          headers: { 'X-OCO-Kind': FLOOR_MAIL_KIND },
        }),
      );
      return messageId;
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
