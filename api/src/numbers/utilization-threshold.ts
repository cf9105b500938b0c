import { AlertPolicy, alertPolicyOf } from './alert-policy';
import { Organization } from '../organizations/organization.entity';
import { isThresholdReached, Utilization } from './utilization';

/** The organization's threshold and whether its utilization (through the request's loader) reaches it. */
export async function utilizationThresholdOf(
  org: Organization,
  utilization: { load(org: Organization): Promise<Utilization> },
): Promise<{ percent: number; reached: boolean; policy: AlertPolicy }> {
  const current = await utilization.load(org);
  return {
    percent: org.utilizationThresholdPercent,
    reached: isThresholdReached(current, org.utilizationThresholdPercent),
    policy: alertPolicyOf(org),
  };
}
