import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { saveThresholdPercent } from '../organizations/organization.repository';
import { AlertPolicy, alertPolicyOf } from './alert-policy';
import { NumberOperations } from './number-operation';
import { thresholdCauseOfSave } from './threshold-rules';
import { isThresholdReached } from './utilization';

export interface UtilizationThresholdState {
  percent: number;
  reached: boolean;
  policy: AlertPolicy;
}

/** The utilization threshold an admin edits: its level and re-alert policy, saved as a number operation. */
export class ThresholdService {
  constructor(
    private readonly deps: AppDeps,
    private readonly operations: NumberOperations,
  ) {}

  /**
   * Saves the threshold (1-100) and, when given, its re-alert policy; emails the admins at once when the
   * current utilization reaches it.
   */
  async setThreshold(
    scope: ViewerScope,
    organizationIdRaw: string,
    percent: number,
    /** Omitted: the policy stays as it is. */
    policy?: AlertPolicy | null,
  ): Promise<UtilizationThresholdState> {
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    const { min, max } = CONTRACT_LIMITS.thresholdPercent;
    if (!Number.isInteger(percent) || percent < min || percent > max) {
      throw DomainError.invalidInput('percent', `percent must be a whole number from ${min} to ${max}`);
    }
    return this.operations.run({
      organizationIds: [organizationId],
      scope,
      numbersUnchanged: true,
      change: async ({ manager, organizations: [org], before }) => {
        await saveThresholdPercent(manager, org.id, percent, policy ?? undefined);
        org.utilizationThresholdPercent = percent;
        if (policy) org.alertPolicy = policy;
        return { percent, reached: isThresholdReached(before.get(org.id)!, percent), policy: alertPolicyOf(org) };
      },
      causeOf: (current) => thresholdCauseOfSave(current, percent),
    });
  }
}
