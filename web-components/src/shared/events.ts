/** Every event the widgets fire, declared once. All bubble and cross shadow roots. */
import type { WidgetError } from './errors';

export interface ContactDetail {
  email: string | null;
  phone: string | null;
  message: string;
}

export interface ThresholdChangeDetail {
  organizationId: string;
  /** The saved threshold, 1–100. */
  percent: number;
  /** Whether current utilization already reaches it (the API then emails the admins). */
  reached: boolean;
}

export interface NumbersRequestedDetail {
  organizationId: string;
  requestId: string;
  quantity: number | null;
  note: string | null;
  /** Whom to contact for more numbers, as the API answered. */
  contact: ContactDetail;
}

export interface ErrorDetail extends WidgetError {
  /** The tag of the widget that met the error. */
  source: string;
  /** The GraphQL operation that failed. */
  operation: string;
}

export interface UsageTypeChangeDetail {
  type: 'VOICE' | 'MESSAGE' | 'DATA';
}

export interface ReportDownloadDetail {
  organizationId: string;
  /** First and last local day of the range (YYYY-MM-DD), both included. */
  from: string;
  to: string;
  by: 'day' | 'user' | 'sub-organization';
}

export interface AlertsChangeDetail {
  organizationId: string;
  /** What changed: a usage alert or a webhook. */
  kind: 'usage-alert' | 'webhook';
  action: 'created' | 'updated' | 'deleted' | 'tested';
  id: string;
}

declare global {
  // Lets hosts write element.addEventListener('mp-threshold-change', (e) => e.detail.percent) with types.
  // The entries are declared here, merging into the DOM's interface; MpEventMap below picks them out.
  interface HTMLElementEventMap {
    'mp-threshold-change': CustomEvent<ThresholdChangeDetail>;
    'mp-numbers-requested': CustomEvent<NumbersRequestedDetail>;
    'mp-error': CustomEvent<ErrorDetail>;
    'mp-usage-type-change': CustomEvent<UsageTypeChangeDetail>;
    'mp-alerts-change': CustomEvent<AlertsChangeDetail>;
    'mp-details-open': CustomEvent<{ organizationId: string | null }>;
    'mp-details-close': CustomEvent<{ organizationId: string | null }>;
    'mp-report-download': CustomEvent<ReportDownloadDetail>;
  }
}

/** The widgets' events by name: the mp- entries of HTMLElementEventMap above. */
export type MpEventMap = Pick<HTMLElementEventMap, Extract<keyof HTMLElementEventMap, `mp-${string}`>>;

/** Dispatches a typed mp- event; call it only for user actions or async results. */
export function dispatchMpEvent<K extends keyof MpEventMap>(
  target: EventTarget,
  type: K,
  detail: MpEventMap[K] extends CustomEvent<infer D> ? D : never,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
