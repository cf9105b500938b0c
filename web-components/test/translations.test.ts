/**
 * The missing-translation check that build.mjs runs (scripts/localize.mjs): it passes on the committed
 * XLIFF files, and fails, naming the string, on a new widget folder whose msg() string has no es or
 * pt-BR translation or whose template holds text not wrapped in msg().
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const widgets = join(__dirname, '..');
const check = () =>
  spawnSync(process.execPath, [join(widgets, 'scripts', 'localize.mjs'), '--check'], {
    cwd: widgets,
    encoding: 'utf8',
  });

describe('the missing-translation check', () => {
  it('passes: every msg() string of every widget has its es and pt-BR translation', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^translations: \d+ messages, each in es and pt-BR/);
  });

  it('fails on a new widget folder with an untranslated msg() string and an unwrapped text', () => {
    const folder = join(widgets, 'src', 'mp-translation-check-probe');
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(
        join(folder, 'mp-translation-check-probe.ts'),
        [
          "import { html } from 'lit';",
          "import { msg } from '@lit/localize';",
          "export const probe = () => html`<p>${msg('Brand-new probe string')}</p><button>Download CSV</button>`;",
          '',
        ].join('\n'),
      );
      const result = check();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('es: no translation of "Brand-new probe string"');
      expect(result.stderr).toContain('pt-BR: no translation of "Brand-new probe string"');
      expect(result.stderr).toContain('mp-translation-check-probe.ts:3: "Download CSV" is not wrapped in msg()');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
