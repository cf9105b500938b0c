import { exportFileName } from './export-file-name';

describe('exportFileName', () => {
  it('names the file after the organization, the type and the cycle, in lower-case hyphenated ASCII', () => {
    expect(exportFileName('Acme Corporation', 'VOICE', 'current cycle')).toBe(
      'acme-corporation-voice-current-cycle.png',
    );
    expect(exportFileName('Acme Corporation', 'number utilization')).toBe('acme-corporation-number-utilization.png');
  });

  it('drops accents and anything a file system may refuse', () => {
    expect(exportFileName('Telefónica São Paulo / Ventas & Co.', 'DATA', 'current cycle')).toBe(
      'telefonica-sao-paulo-ventas-co-data-current-cycle.png',
    );
    expect(exportFileName('  --Ünïcode--  ', 'MESSAGE')).toBe('unicode-message.png');
  });

  it('still names a file when nothing usable is left', () => {
    expect(exportFileName('', '')).toBe('chart.png');
    expect(exportFileName('東京')).toBe('chart.png');
  });
});
