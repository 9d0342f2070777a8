/** Every workflow the worker runs. The worker bundles this file; keep it free of Node APIs and I/O. */
export { cycleWorkflow } from './cycle';
export { providerWorkflow } from './provider';
