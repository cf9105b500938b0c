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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastForecastCheck = 0;
  private readonly digests: DigestSender;

  constructor(
    private readonly deps: AppDeps,
    private readonly usageAlerts: UsageAlertService,
  ) {
    this.digests = new DigestSender(deps);
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= this.runOnce()
        .catch((err) => this.deps.log.warn('alert check failed; will retry', { err: err as Error }))
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, this.deps.config.alertCheckMs);
    this.timer.unref?.();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
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
