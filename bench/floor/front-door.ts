/**
 * The floor's front door: a bare Fastify route that stamps each request when it arrives (as our API does, in its
 * first hook) and sends the body as one Update to the input-holder's workflow. No token, no schema, no files.
 */
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { floorWorkflowId, recordInputUpdate } from './api';

export async function floorFrontDoor(client: Client): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  const arrivedAt = new WeakMap<FastifyRequest, Date>();
  app.addHook('onRequest', async (request) => {
    arrivedAt.set(request, new Date());
  });
  app.post<{ Params: { holderId: string } }>('/inputs/:holderId', async (request, reply) => {
    const receivedAt = (arrivedAt.get(request) ?? new Date()).toISOString();
    const answer = await client.workflow
      .getHandle(floorWorkflowId(request.params.holderId))
      .executeUpdate(recordInputUpdate, { args: [{ receivedAt, payload: request.body }] });
    return reply.status(201).send({ facts: { receivedAt }, answer });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app };
}
