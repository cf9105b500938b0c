import { describeAllowance, describeCharges, type ChargesFigures } from './bill';

describe('describeAllowance', () => {
  it('words the use of a voice allowance, its meter and its forecast', () => {
    const voice = {
      type: 'VOICE' as const,
      billable: 412,
      billableSeconds: 412 * 60,
      allowance: 1000,
      percentUsed: 41.2,
      forecastPercent: 86.9,
    };
    expect(describeAllowance(voice, 'en-US')).toEqual({
      text: '412 of 1,000 minutes (41%)',
      spoken: '412 of 1,000 minutes used, 41%',
      meterValue: 41.2,
      over: false,
      forecast: 'on track for 87%',
    });
  });

  it('says in words when the allowance is passed, and keeps the meter within 0–100', () => {
    // 30/6 rating: 3,810 rated seconds are 63.5 minutes of a 60-minute allowance.
    const voice = { type: 'VOICE' as const, billable: 64, billableSeconds: 3810, allowance: 60, percentUsed: 105.8 };
    expect(describeAllowance(voice, 'en-US')).toEqual({
      text: '63.5 of 60 minutes (106%, over allowance)',
      spoken: '63.5 of 60 minutes used, 106%, over allowance',
      meterValue: 100,
      over: true,
      forecast: null,
    });
    // Over by six seconds, which the percentage rounds away: the exact figures decide.
    const justOver = {
      type: 'VOICE' as const,
      billable: 1000,
      billableSeconds: 60_006,
      allowance: 1000,
      percentUsed: 100,
    };
    expect(describeAllowance(justOver, 'en-US')).toMatchObject({
      text: '1,000.1 of 1,000 minutes (100%, over allowance)',
    });
    const exactlyAll = {
      type: 'VOICE' as const,
      billable: 1000,
      billableSeconds: 60_000,
      allowance: 1000,
      percentUsed: 100,
    };
    expect(describeAllowance(exactlyAll, 'en-US')).toMatchObject({
      text: '1,000 of 1,000 minutes (100%)',
      over: false,
    });
  });

  it('counts messages and shows data in its decimal unit on both sides', () => {
    const message = {
      type: 'MESSAGE' as const,
      billable: 1250,
      allowance: 1000,
      percentUsed: 125,
      forecastPercent: 300,
    };
    expect(describeAllowance(message, 'en-US')).toMatchObject({
      text: '1,250 of 1,000 messages (125%, over allowance)',
      spoken: '1,250 of 1,000 messages used, 125%, over allowance',
      meterValue: 100,
      forecast: 'on track for 300%',
    });
    const data = { type: 'DATA' as const, billable: 1_234_000_000, allowance: 5_000_000_000, percentUsed: 24.7 };
    expect(describeAllowance(data, 'en-US')).toMatchObject({
      text: '1.23 GB of 5 GB (25%)',
      spoken: '1.23 GB of 5 GB used, 25%',
      meterValue: 24.7,
      over: false,
    });
    expect(describeAllowance({ ...data, billable: 0, percentUsed: 0 }, 'de-DE')?.text).toBe('0 B of 5 GB (0\u00a0%)');
  });

  it('shows nothing without an allowance: no plan, or nothing included', () => {
    const base = { type: 'VOICE' as const, billable: 412, billableSeconds: 412 * 60 };
    expect(describeAllowance({ ...base, allowance: null, percentUsed: null, forecastPercent: null })).toBeNull();
    expect(describeAllowance(base)).toBeNull();
    expect(describeAllowance({ ...base, allowance: 0, percentUsed: null })).toBeNull();
  });
});

describe('describeCharges', () => {
  const usd: ChargesFigures = {
    currency: 'USD',
    fixed: { amount: '1000.00' },
    voice: { amount: '184.56' },
    message: { amount: '0.00' },
    data: { amount: '50.00' },
    total: { amount: '1234.56' },
    forecastTotal: { amount: '2345.67' },
  };

  it('says what the current cycle costs so far and is on track for, with its breakdown', () => {
    expect(describeCharges(usd, 'CURRENT', 'en-US')).toEqual({
      summary: 'Charges so far $1,234.56 · on track for $2,345.67',
      rows: [
        ['fixed', 'Fixed fees', '$1,000.00'],
        ['voice', 'Voice', '$184.56'],
        ['message', 'Messages', '$0.00'],
        ['data', 'Data', '$50.00'],
        ['total', 'Total', '$1,234.56'],
      ],
    });
  });

  it('leaves out the forecast when there is none, and on the past cycle', () => {
    expect(describeCharges({ ...usd, forecastTotal: null }, 'CURRENT', 'en-US').summary).toBe(
      'Charges so far $1,234.56',
    );
    expect(describeCharges({ ...usd, forecastTotal: null }, 'PAST', 'en-US').summary).toBe('Charges $1,234.56');
  });

  it('formats every amount in the plan’s currency and the widget’s locale', () => {
    const jpy: ChargesFigures = {
      currency: 'JPY',
      fixed: { amount: '5000' },
      voice: { amount: '1235' },
      message: { amount: '0' },
      data: { amount: '12' },
      total: { amount: '6247' },
      forecastTotal: { amount: '9007199254740993' },
    };
    const wording = describeCharges(jpy, 'CURRENT', 'pt-BR');
    expect(wording.summary).toBe('Charges so far JP¥\u00a06.247 · on track for JP¥\u00a09.007.199.254.740.993');
    expect(wording.rows.map(([, , amount]) => amount)).toEqual([
      'JP¥\u00a05.000',
      'JP¥\u00a01.235',
      'JP¥\u00a00',
      'JP¥\u00a012',
      'JP¥\u00a06.247',
    ]);
  });
});
