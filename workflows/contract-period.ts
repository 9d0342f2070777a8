/**
 * One provider's contract with one Wlz-uitvoerder for the contract period: started by the cycle at contract start
 * with the signed contract (regions, provisional ceilings, tariff), and running until the period ends. Budget
 * monitoring, production reports and the escalation ladder build on this workflow (DOMAIN.md, "budget and tariff").
 */
import { setHandler, sleep } from '@temporalio/workflow';
import { startOfLocalDate } from '../domain/local-time';
import { type ContractHandover, type ContractPeriodView, contractPeriodQuery } from './contract-period-api';

export async function contractPeriodWorkflow(handover: ContractHandover): Promise<ContractPeriodView> {
  const endsAtMs = startOfLocalDate(handover.contract.start, handover.timezone)
    .plus({ years: handover.contract.years })
    .toMillis();
  let status: ContractPeriodView['status'] = 'running';
  const view = (): ContractPeriodView => ({ ...handover, endsAt: new Date(endsAtMs).toISOString(), status });
  setHandler(contractPeriodQuery, view);
  await sleep(Math.max(1, endsAtMs - Date.now()));
  status = 'ended';
  return view();
}
