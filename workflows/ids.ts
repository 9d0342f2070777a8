/** Names shared by workflows, the worker and clients. No workflow imports here, so clients can use it freely. */
export const TASK_QUEUE = 'oco-cycle';

/** One cycle workflow per configuration id, e.g. "cycle-vgz-2027-2028". */
export function cycleWorkflowId(configId: string): string {
  return `cycle-${configId}`;
}

/** One provider workflow per provider and cycle, e.g. "cycle-vgz-2027-2028/provider-stichting-mee". */
export function providerWorkflowId(configId: string, providerId: string): string {
  return `${cycleWorkflowId(configId)}/provider-${providerId}`;
}

/** One contract-period workflow per provider and cycle, e.g. "contract-vgz-2027-2028/provider-stichting-mee". */
export function contractWorkflowId(configId: string, providerId: string): string {
  return `contract-${configId}/provider-${providerId}`;
}

/** One budget coordinator per cycle for its contract period, e.g. "budget-vgz-2027-2028". */
export function budgetWorkflowId(configId: string): string {
  return `budget-${configId}`;
}
