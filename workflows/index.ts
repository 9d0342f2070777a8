/** Every workflow the worker runs. The worker bundles this file; keep it free of Node APIs and I/O. */
import './zod-interpreted';

export { budgetCoordinatorWorkflow } from './budget-coordinator';
export { contractPeriodWorkflow } from './contract-period';
export { cycleWorkflow } from './cycle';
export { providerWorkflow } from './provider';
