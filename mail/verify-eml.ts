/**
 * Checks a receipt e-mail as a provider would present it in a dispute: the signed facts in its
 * ontvangstbevestiging.json attachment must match the receipt code under the cycle's key, and the readable text must
 * state that same code and receipt time.
 */
import { simpleParser } from 'mailparser';
import { type ReceiptFacts, verifyReceipt } from './receipt';

export type EmlVerification =
  | { genuine: true; facts: ReceiptFacts; code: string; messageId?: string }
  | { genuine: false; reason: string };

export const RECEIPT_ATTACHMENT = 'ontvangstbevestiging.json';

export async function verifyReceiptEml(masterKey: Buffer, eml: Buffer | string): Promise<EmlVerification> {
  const mail = await simpleParser(eml);
  const attachment = mail.attachments.find((a) => a.filename === RECEIPT_ATTACHMENT);
  if (!attachment)
    return {
      genuine: false,
      reason: `the message has no ${RECEIPT_ATTACHMENT} attachment: it is not a receipt`,
    };
  let signed: { facts?: unknown; code?: unknown };
  try {
    signed = JSON.parse(attachment.content.toString('utf8'));
  } catch {
    return { genuine: false, reason: `${RECEIPT_ATTACHMENT} is not valid JSON` };
  }
  if (typeof signed.code !== 'string')
    return { genuine: false, reason: `${RECEIPT_ATTACHMENT} has no receipt code` };
  const result = verifyReceipt(masterKey, signed.facts, signed.code);
  if (!result.genuine) return result;
  const facts = signed.facts as ReceiptFacts;
  const text = mail.text ?? '';
  const utc = `${facts.receivedAt.slice(0, 19).replace('T', ' ')} UTC`;
  if (!text.includes(signed.code) || !text.includes(utc)) {
    return {
      genuine: false,
      reason: 'the readable text no longer states the receipt code and time of the signed facts',
    };
  }
  return { genuine: true, facts, code: signed.code, messageId: mail.messageId };
}
