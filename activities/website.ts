/**
 * Publishing on the Wlz-uitvoerder's website: the procedure and the Nota van Inlichtingen are posted as a JSON
 * notice to PUBLISH_URL (for example the CMS of the zorgkantoor). Idempotent by an Idempotency-Key header derived
 * from the notice, so a retried post does not publish twice.
 *
 * A time-out, 408, 429 or 5xx is temporary and retried by Temporal; any other refusal is permanent.
 */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { formatProblem, zodProblems } from '../domain/validation';

export const WebsiteNoticeSchema = z.strictObject({
  cycleId: z.string().min(1),
  kind: z.enum(['procedure', 'nvi', 'scheduleAmendment', 'tariff']),
  /** Sequence of notices of this kind (an amended NvI is a second one). */
  sequence: z.int().min(1),
  title: z.string().min(1),
  publishedAt: z.iso.datetime(),
  summary: z.string(),
  url: z.url().nullable(),
});
export type WebsiteNotice = z.infer<typeof WebsiteNoticeSchema>;

export interface WebsiteDependencies {
  /** PUBLISH_URL; without it publishing is skipped and said so. */
  publishUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface PublishResult {
  published: boolean;
  status?: number;
  reason?: string;
}

export function createWebsiteActivities(deps: WebsiteDependencies) {
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  return {
    async publishNotice(notice: WebsiteNotice): Promise<PublishResult> {
      const parsed = WebsiteNoticeSchema.safeParse(notice, { reportInput: true });
      if (!parsed.success) {
        throw ApplicationFailure.create({
          type: 'InvalidNotice',
          message: `website notice: ${zodProblems(parsed.error).map(formatProblem).join('; ')}`,
          nonRetryable: true,
        });
      }
      const valid = parsed.data;
      if (!deps.publishUrl) return { published: false, reason: 'PUBLISH_URL is not set' };
      const idempotencyKey = `${valid.cycleId}:${valid.kind}:${valid.sequence}`;
      let response: Response;
      try {
        response = await doFetch(deps.publishUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(valid),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : (error as Error).message;
        throw ApplicationFailure.create({
          type: 'WebsiteUnavailable',
          message: `publishing ${idempotencyKey}: ${reason}`,
        });
      }
      if (response.ok) return { published: true, status: response.status };
      const body = (await response.text().catch(() => '')).slice(0, 500);
      const temporary = response.status >= 500 || response.status === 408 || response.status === 429;
      throw ApplicationFailure.create({
        type: temporary ? 'WebsiteUnavailable' : 'WebsiteRefused',
        message: `publishing ${idempotencyKey}: the website answered ${response.status} ${body}`.trim(),
        nonRetryable: !temporary,
      });
    },
  };
}
