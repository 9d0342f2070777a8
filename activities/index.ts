/**
 * Activities are created by a factory that takes their dependencies, as in Temporal's samples, so the worker wires
 * in the real SMTP transport, template store and keys, and tests wire in a real SMTP server started in the test.
 */
import { createCalendarActivities } from './calendar';
import { createEmailActivities, type EmailDependencies } from './email';
import { createWebsiteActivities, type WebsiteDependencies } from './website';

export interface ActivityDependencies {
  /** Without e-mail dependencies the worker runs the activities that need none (tests of timing alone). */
  email?: EmailDependencies;
  website?: WebsiteDependencies;
}

export function createActivities(deps: ActivityDependencies = {}) {
  return {
    ...createCalendarActivities(),
    ...createWebsiteActivities(deps.website ?? {}),
    ...(deps.email ? createEmailActivities(deps.email) : {}),
  };
}

export type Activities = ReturnType<typeof createActivities>;
