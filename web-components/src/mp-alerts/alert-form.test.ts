import {
  deliveryStatus,
  describeThreshold,
  validateAlertThreshold,
  validateAllowancePercent,
  validateWebhookUrl,
} from './alert-form';

describe('alert form checks', () => {
  it('accepts whole thresholds from 1 to 2^53 − 1', () => {
    expect(validateAlertThreshold(' 10000 ')).toEqual({ valid: true, threshold: 10000 });
    expect(validateAlertThreshold('9007199254740991')).toEqual({ valid: true, threshold: 9007199254740991 });
    expect(validateAlertThreshold('0')).toEqual({
      valid: false,
      message: 'Enter a whole number from 1 to 9,007,199,254,740,991.',
    });
    expect(validateAlertThreshold('9007199254740992').valid).toBe(false);
    expect(validateAlertThreshold('1.5')).toEqual({ valid: false, message: 'Enter a whole number of 1 or more.' });
    expect(validateAlertThreshold('')).toEqual({ valid: false, message: 'Enter a whole number of 1 or more.' });
  });

  it('accepts a whole percentage of the allowance from 1 to 1,000', () => {
    expect(validateAllowancePercent(' 80 ')).toEqual({ valid: true, threshold: 80 });
    expect(validateAllowancePercent('1')).toEqual({ valid: true, threshold: 1 });
    expect(validateAllowancePercent('1000')).toEqual({ valid: true, threshold: 1000 });
    for (const refused of ['0', '1001', '80.5', '-5', '', 'half']) {
      expect(validateAllowancePercent(refused)).toEqual({
        valid: false,
        message: 'Enter a whole percentage from 1 to 1,000.',
      });
    }
  });

  it('words a threshold in its measure', () => {
    expect(describeThreshold({ type: 'VOICE', threshold: 10000, measure: 'UNITS' }, 'en-US')).toBe('10,000 minutes');
    expect(describeThreshold({ type: 'DATA', threshold: 5_000_000_000 }, 'en-US')).toBe('5 GB');
    expect(describeThreshold({ type: 'DATA', threshold: 80, measure: 'PERCENT_OF_ALLOWANCE' }, 'en-US')).toBe(
      '80% of allowance',
    );
    expect(describeThreshold({ type: 'VOICE', threshold: 1000, measure: 'PERCENT_OF_ALLOWANCE' }, 'en-US')).toBe(
      '1,000% of allowance',
    );
  });

  it('checks the form of a webhook URL', () => {
    expect(validateWebhookUrl(' https://hooks.example.com/x ')).toEqual({
      valid: true,
      url: 'https://hooks.example.com/x',
    });
    expect(validateWebhookUrl('')).toEqual({ valid: false, message: 'Enter the URL that should receive the events.' });
    expect(validateWebhookUrl('ftp://x.example')).toEqual({
      valid: false,
      message: 'The URL must start with https://.',
    });
    expect(validateWebhookUrl('hooks.example.com')).toEqual({
      valid: false,
      message: 'Enter a full URL, like https://hooks.example.com/portal.',
    });
  });

  it('words a delivery’s status', () => {
    expect(deliveryStatus({ attempts: 1, lastStatus: 200, deliveredAt: '2026-01-01T00:00:00Z' })).toBe('Delivered');
    expect(deliveryStatus({ attempts: 30, lastStatus: 503, gaveUpAt: '2026-01-02T00:00:00Z' })).toBe('Gave up');
    expect(deliveryStatus({ attempts: 0 })).toBe('Pending');
    expect(deliveryStatus({ attempts: 2, lastStatus: 503 })).toBe('Retrying');
  });
});
