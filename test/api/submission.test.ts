/**
 * A provider submits through the HTTP API against the real workflows on the time-skipping server: uploads PDFs (one a
 * scan without text), submits referring to them by SHA-256, and gets its receipt in the answer and in its mailbox, with
 * the hashes of the bytes it sent. The receipt time is the time the API accepted the request, not when the workflow
 * got it: 16:59:59 is on time even when the workflow's clock reads 17:05, 17:00:00 is late. Bad requests are refused
 * with their field, nothing refused is recorded, and no answer carries a stack trace. The provider's list of receipts
 * says what the records say (a withdrawal's is not said to be on time).
 */
import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ParsedMail } from 'mailparser';
import { DOCUMENT_KINDS } from '../../domain/submission-rules';
import { RECEIPT_ATTACHMENT } from '../../mail/verify-eml';
import { type ApiRig, pdf, startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { cycleInFuture, kindOf, provider, runCycle, toOf } from '../helpers/cycle-rig';
import { skipTo, testOnOwnServer } from '../helpers/temporal';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

testOnOwnServer(
  'a submission through the API: files by hash, the receipt time at acceptance, bad requests refused',
  async (env: TestWorkflowEnvironment) => {
    const { config, at } = await cycleInFuture(env, example2024(), 'api-submission');
    await runCycle(env, config, [provider('a'), provider('b')], async (cycle) => {
      let stamp = at(config.schedule.publication);
      const api: ApiRig = await startApi(env.client, { clock: () => new Date(stamp) });
      try {
        const a = await api.token('provider', 'a');
        const b = await api.token('provider', 'b');
        await skipTo(env, at(config.schedule.publication) + 60_000);

        // Uploads: five documents with text, the authorisation as a scan; the same bytes twice are kept once.
        const kinds = DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration');
        const files = await Promise.all(
          kinds.map((kind) => pdf(kind === 'machtiging' ? null : `${kind} van Stichting a`)),
        );
        const uploaded: { sha256: string; textLayer?: string }[] = [];
        for (const [i, kind] of kinds.entries()) {
          const response = await api.request('POST', `/files?name=${encodeURIComponent(`${kind}.pdf`)}`, {
            token: a,
            body: files[i],
            headers: { 'content-type': 'application/pdf' },
          });
          expect(response.status).toBe(201);
          uploaded.push(response.body);
        }
        expect(uploaded.map((u) => [u.sha256, u.textLayer])).toEqual(
          kinds.map((kind, i) => [sha(files[i] as Buffer), kind === 'machtiging' ? 'absent' : 'present']),
        );
        const again = await api.request('POST', '/files?name=kopie.pdf', {
          token: a,
          body: files[0],
          headers: { 'content-type': 'application/pdf' },
        });
        expect(again.body.sha256).toBe(uploaded[0]?.sha256);
        expect(await api.store.get(again.body.sha256)).toEqual(files[0]);

        // Bad requests: each names its field; none is recorded.
        const issuedOn = config.schedule.publication.slice(0, 10);
        const documents = kinds.map((kind, i) => ({
          kind,
          name: `${kind}.pdf`,
          sha256: uploaded[i]?.sha256,
          ...(['vogRp', 'kvkUittreksel', 'uboRegister'].includes(kind) ? { issuedOn } : {}),
        }));
        const unknownFile = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: {
            regions: ['Utrecht'],
            documents: [{ kind: 'onderbouwing', name: 'x.pdf', sha256: 'f'.repeat(64) }],
          },
        });
        expect([unknownFile.status, unknownFile.body.error.problems]).toEqual([
          400,
          [
            {
              path: 'documents[0].sha256',
              message: 'no file with this SHA-256 was uploaded (POST /files first)',
            },
          ],
        ]);
        const extra = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: { regions: ['Utrecht'], documents, regio: 'Zwolle' },
        });
        expect(extra.status).toBe(400);
        expect(extra.body.error.message).toMatch(/regio/);
        // Only the mail reader may claim a mailbox time (and its wider window); the API's body has no such field.
        const claimsMailbox = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: { regions: ['Utrecht'], documents, via: 'mailbox' },
        });
        expect([claimsMailbox.status, claimsMailbox.body.error.message]).toEqual([
          400,
          expect.stringMatching(/via/),
        ]);
        const badKind = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: { regions: [], documents: [{ ...documents[0], kind: 'paspoort' }] },
        });
        expect(badKind.status).toBe(400);
        expect(badKind.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
          'documents[0].kind',
          'regions',
        ]);
        const notARegion = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: { regions: ['Atlantis'], documents },
        });
        expect([notARegion.status, notARegion.body.error.code]).toEqual([409, 'refused']);
        expect(notARegion.body.error.message).toMatch(/Atlantis/);
        const otherProvider = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: b,
          body: { regions: ['Utrecht'], documents },
        });
        expect(otherProvider.status).toBe(403);
        const unknownCycle = await api.request('GET', '/cycles/bestaat-niet/providers/a', { token: a });
        expect([unknownCycle.status, unknownCycle.body.error.message]).toEqual([
          404,
          'provider a is not registered in cycle bestaat-niet',
        ]);
        for (const response of [
          unknownFile,
          extra,
          claimsMailbox,
          badKind,
          notARegion,
          otherProvider,
          unknownCycle,
        ])
          expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
        expect((await cycle.view('a')).submission).toBeNull();

        // The deadline: the workflow hears of both at 17:05; a's was accepted at 16:59:59, b's at 17:00:00.
        const deadline = at(config.schedule.submissionDeadline);
        await skipTo(env, deadline + 5 * 60_000);
        stamp = deadline - 1000;
        const onTime = await api.request('POST', '/cycles/api-submission/providers/a/submission', {
          token: a,
          body: { regions: ['Utrecht'], documents },
        });
        expect(onTime.status).toBe(201);
        expect(onTime.body.facts).toMatchObject({
          kind: 'submission',
          onTime: true,
          receivedAt: new Date(deadline - 1000).toISOString(),
        });
        expect(onTime.body.facts.files.map((f: { sha256: string }) => f.sha256)).toEqual(
          uploaded.map((u) => u.sha256),
        );
        expect(onTime.body.facts.issues).toEqual([
          'machtiging.pdf: een scan zonder tekstlaag; de stukken moeten volledig digitaal en doorzoekbaar zijn (wel ontvangen)',
        ]);
        const bUpload = await api.request('POST', '/files?name=bestuursverklaring.pdf', {
          token: b,
          body: await pdf('bestuursverklaring van Stichting b'),
          headers: { 'content-type': 'application/pdf' },
        });
        stamp = deadline;
        const late = await api.request('POST', '/cycles/api-submission/providers/b/submission', {
          token: b,
          body: {
            regions: ['Utrecht'],
            documents: [
              { kind: 'bestuursverklaring', name: 'bestuursverklaring.pdf', sha256: bUpload.body.sha256 },
            ],
          },
        });
        expect(late.status).toBe(201);
        expect(late.body.facts).toMatchObject({
          onTime: false,
          receivedAt: new Date(deadline).toISOString(),
        });

        // The receipt in a's mailbox carries the same facts: time and hashes.
        const [mail] = await cycle.mails(
          (m: ParsedMail) => kindOf(m) === 'submissionReceipt' && toOf(m) === 'a@aanbieder.example.nl',
          1,
        );
        const facts = JSON.parse(
          String(mail?.attachments.find((f) => f.filename === RECEIPT_ATTACHMENT)?.content),
        ).facts;
        expect(facts.receivedAt).toBe(new Date(deadline - 1000).toISOString());
        expect(facts.files.map((f: { sha256: string }) => f.sha256)).toEqual(uploaded.map((u) => u.sha256));
        expect(mail?.text).toContain('een scan zonder tekstlaag');

        // a withdraws, stamped before the closing.
        stamp = deadline - 500;
        const withdrawn = await api.request('POST', '/cycles/api-submission/providers/a/withdrawal', {
          token: a,
          body: { reason: 'Wij zien af van inschrijving' },
        });
        expect(withdrawn.status).toBe(201);

        // The provider reads its own receipts: whether each was on time as its record says, and nothing assumed for
        // a withdrawal (the provider's view does not carry it).
        const receipts = await api.request('GET', '/cycles/api-submission/providers/a/receipts', {
          token: a,
        });
        expect(receipts.body.receipts).toEqual([
          {
            kind: 'submission',
            number: 1,
            receivedAt: new Date(deadline - 1000).toISOString(),
            onTime: true,
            code: onTime.body.code,
          },
          {
            kind: 'withdrawal',
            number: 1,
            receivedAt: new Date(deadline - 500).toISOString(),
            code: withdrawn.body.code,
          },
        ]);
      } finally {
        await api.close();
      }
    });
  },
);
