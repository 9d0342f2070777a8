/** Reading a workflow that may not exist: "not found" becomes a 404 naming what is missing. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApiError } from './errors';

export async function notFoundAs404<T>(read: Promise<T>, missing: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new ApiError(404, 'notFound', missing);
    throw error;
  }
}
