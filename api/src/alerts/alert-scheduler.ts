import { PollingLoop } from '../common/polling-loop';
import { AppDeps } from '../db/app-deps';
import { UsageAlertService } from './usage-alert.service';
import { DigestSender } from '../numbers/utilization-digest';

/** FORECAST alerts are re-checked at least this often, as the forecast moves while days pass. */
const FORECAST_EVERY_MS = 60 * 60_000;

/**
 * The time-driven alert work: daily digests whose day has ended, and FORECAST usage alerts (at least
 * hourly). Every ALERT_CHECK_MS; what it writes goes through the outbox like everything else, and the
 * cause keys make a second process (or a second run) write nothing twice.
 */
export class AlertScheduler {
  private readonly loop: PollingLoop;
  private lastForecastCheck = 0;
  private readonly digests: DigestSender;

  constructor(
    private readonly deps: AppDeps,
    private readonly usageAlerts: UsageAlertService,
  ) {
    this.digests = new DigestSender(deps);
    this.loop = new PollingLoop({
      name: 'alert check',
      log: deps.log,
      // A check at start, then one every ALERT_CHECK_MS however long each takes.
      pollMs: deps.config.alertCheckMs,
      fixedRate: true,
      pass: async () => {
        await this.runOnce().catch((err) => deps.log.warn('alert check failed; will retry', { err: err as Error }));
        return false;
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One check at the service clock's now: due digests, and FORECAST alerts when an hour has passed. */
  async runOnce(options: { forecasts?: boolean } = {}): Promise<void> {
    const now = this.deps.clock();
    await this.digests.sendDue(now);
    const due = Date.now() - this.lastForecastCheck >= Math.min(FORECAST_EVERY_MS, this.deps.config.alertCheckMs * 60);
    if (options.forecasts ?? due) {
      this.lastForecastCheck = Date.now();
      await this.usageAlerts.checkForecasts(now);
    }
  }
}
