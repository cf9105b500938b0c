import {
  decimalByteUnit,
  formatBytes,
  formatCount,
  formatCycleRange,
  formatDay,
  formatDecimal,
  formatInstant,
  formatMessages,
  formatMinutes,
  formatMoney,
  formatPercent,
  formatRating,
  formatUsage,
  formatVoiceSeconds,
} from './format';

describe('formatMinutes', () => {
  it('groups digits and names the unit per locale', () => {
    expect(formatMinutes(1234, 'en-US')).toBe('1,234 minutes');
    expect(formatMinutes(1, 'en-US')).toBe('1 minute');
    expect(formatMinutes(1234, 'de-DE')).toBe('1.234 Minuten');
  });
});

describe('formatVoiceSeconds', () => {
  it('shows whole minutes as they are and any other amount with one decimal', () => {
    // 4020 s under 60/60 = 67 min; 3810 s under 30/6 = 63.5; 3786 s (6/6) = 63.1; 3765 s (1/1) = 62.75 → 62.8.
    expect([4020, 3810, 3786, 3765, 0, 30].map((s) => formatVoiceSeconds(s, 'en-US'))).toEqual([
      '67 minutes',
      '63.5 minutes',
      '63.1 minutes',
      '62.8 minutes',
      '0 minutes',
      '0.5 minutes',
    ]);
    expect(formatVoiceSeconds(3601 * 60 + 6, 'en-US')).toBe('3,601.1 minutes');
    expect(formatVoiceSeconds(3810, 'de-DE')).toBe('63,5 Minuten');
  });

  it('names the rating as a carrier does', () => {
    expect(formatRating({ voiceInitialSeconds: 30, voiceIncrementSeconds: 6 })).toBe('billed 30/6');
  });
});

describe('formatMessages', () => {
  it('pluralises and groups', () => {
    expect(formatMessages(1, 'en-US')).toBe('1 message');
    expect(formatMessages(0, 'en-US')).toBe('0 messages');
    expect(formatMessages(12345, 'en-US')).toBe('12,345 messages');
  });
});

describe('formatBytes (decimal units)', () => {
  it('uses 1000, not 1024, per step', () => {
    expect(decimalByteUnit(999).unit).toBe('B');
    expect(decimalByteUnit(1000).unit).toBe('KB');
    expect(decimalByteUnit(1_000_000).unit).toBe('MB');
    expect(decimalByteUnit(2_500_000_000).unit).toBe('GB');
  });

  it('formats with the locale decimal separator', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 B');
    expect(formatBytes(999, 'en-US')).toBe('999 B');
    expect(formatBytes(1500, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(1_234_567, 'en-US')).toBe('1.23 MB');
    expect(formatBytes(12_345_678_901, 'en-US')).toBe('12.3 GB');
    expect(formatBytes(1_500_000_000, 'de-DE')).toBe('1,5 GB');
  });

  it('handles quantities beyond 2^31', () => {
    expect(formatBytes(2 ** 40, 'en-US')).toBe('1.1 TB');
  });
});

describe('formatUsage', () => {
  it('picks the unit by usage type', () => {
    expect(formatUsage('VOICE', 60, 'en-US')).toBe('60 minutes');
    expect(formatUsage('VOICE', 63.5, 'en-US')).toBe('63.5 minutes');
    expect(formatUsage('MESSAGE', 2, 'en-US')).toBe('2 messages');
    expect(formatUsage('DATA', 3_000_000, 'en-US')).toBe('3 MB');
  });
});

describe('formatCount and formatPercent', () => {
  it('formats per locale', () => {
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567');
    expect(formatPercent(61.5, 'en-US')).toBe('61.5%');
    expect(formatPercent(100, 'en-US')).toBe('100%');
  });

  it('falls back to the default locale for an invalid tag', () => {
    expect(() => formatCount(1, 'not a locale!!')).not.toThrow();
  });
});

describe('dates', () => {
  it('formats an org-local day without a timezone shift', () => {
    expect(formatDay('2026-11-01', 'en-US')).toBe('Nov 1');
    expect(formatDay('garbage', 'en-US')).toBe('garbage');
  });

  it('shows an exclusive end as the day before', () => {
    const text = formatCycleRange('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'en-US', 'UTC');
    expect(text).toContain('Nov 1');
    expect(text).toContain('30');
    expect(text).not.toContain('Dec');
  });
});

describe('formatInstant', () => {
  it('gives the date and time in the organization timezone, naming the zone', () => {
    expect(formatInstant('2026-11-05T14:32:00Z', 'en-US', 'UTC')).toBe('Nov 5, 2026, 2:32 PM UTC');
    expect(formatInstant('2026-11-05T14:32:00Z', 'en-GB', 'Europe/Berlin')).toBe('5 Nov 2026, 15:32 CET');
  });

  it('keeps text it cannot read and survives an unknown zone', () => {
    expect(formatInstant('yesterday', 'en-US', 'UTC')).toBe('yesterday');
    expect(formatInstant('2026-11-05T14:32:00Z', 'en-US', 'Not/AZone')).toContain('2026');
  });
});

describe('formatDecimal', () => {
  it('rounds to the given digits per locale', () => {
    expect(formatDecimal(0.333, 'en-US')).toBe('0.3');
    expect(formatDecimal(0.0333, 'en-US', 2)).toBe('0.03');
    expect(formatDecimal(1234.56, 'de-DE')).toBe('1.234,6');
  });
});

describe('formatMoney', () => {
  // Where Intl puts a space between amount and currency, it is a no-break space (U+00A0).
  const NBSP = '\u00a0';

  it('formats in the widget locale with the currency’s own minor digits', () => {
    expect(['en-US', 'es', 'pt-BR'].map((locale) => formatMoney('1234.56', 'USD', locale))).toEqual([
      '$1,234.56',
      `1234,56${NBSP}US$`,
      `US$${NBSP}1.234,56`,
    ]);
    expect(['en-US', 'es', 'pt-BR'].map((locale) => formatMoney('1234', 'JPY', locale))).toEqual([
      '¥1,234',
      `1234${NBSP}JPY`,
      `JP¥${NBSP}1.234`,
    ]);
    expect(['en-US', 'es', 'pt-BR'].map((locale) => formatMoney('1.250', 'BHD', locale))).toEqual([
      `BHD${NBSP}1.250`,
      `1,250${NBSP}BHD`,
      `BHD${NBSP}1,250`,
    ]);
    expect(formatMoney('0.00', 'USD', 'en-US')).toBe('$0.00');
  });

  it('keeps every digit of amounts beyond a binary float’s exact range', () => {
    // As numbers these would print $9,007,199,254,740,994.00 and …456.800: the string is formatted as it is.
    expect(formatMoney('9007199254740993.01', 'USD', 'en-US')).toBe('$9,007,199,254,740,993.01');
    expect(formatMoney('1234567890123456.789', 'BHD', 'en-US')).toBe(`BHD${NBSP}1,234,567,890,123,456.789`);
    expect(formatMoney('1000000000000.005', 'BHD', 'pt-BR')).toBe(`BHD${NBSP}1.000.000.000.000,005`);
    expect(formatMoney('3999999999999.99', 'USD', 'es')).toBe(`3.999.999.999.999,99${NBSP}US$`);
  });
});
