/**
 * Activities are created by a factory that takes their dependencies, as in Temporal's samples, so the worker wires
 * in the real SMTP transport, template store, keys and Temporal client, and tests wire in a real SMTP server and the
 * test server's client.
 */
import { createBudgetActivities } from './budget';
import { createCalendarActivities } from './calendar';
import { createEmailActivities, type EmailDependencies } from './email';
import { createProviderActivities, type ProviderActivityDependencies } from './providers';
import { createWebsiteActivities, type WebsiteDependencies } from './website';

export interface ActivityDependencies {
  /** Without e-mail dependencies the worker runs the activities that need none (tests of timing alone). */
  email?: EmailDependencies;
  website?: WebsiteDependencies;
  /** The Temporal client the cycle uses to start and inform its providers' workflows. */
  temporal?: ProviderActivityDependencies;
}

export function createActivities(deps: ActivityDependencies = {}) {
  return {
    ...createCalendarActivities(),
    ...createWebsiteActivities(deps.website ?? {}),
    ...(deps.email ? createEmailActivities(deps.email) : {}),
    ...(deps.temporal ? createProviderActivities(deps.temporal) : {}),
    ...(deps.temporal ? createBudgetActivities(deps.temporal) : {}),
  };
}

export type Activities = ReturnType<typeof createActivities>;
