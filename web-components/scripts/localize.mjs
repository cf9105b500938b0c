// The widgets' translation step, run by build.mjs (and so by `npm run build:widgets` and `npm test`):
// fails when a msg() string lacks its es or pt-BR translation, when a translation's placeholders do not
// match its source, or when a widget template holds English text not wrapped in msg(); then writes
// the locale modules (src/generated/locales/*.ts) from the XLIFF files. `--check` checks without writing.
// @lit/localize-tools does the extraction, reading and validation; only the "unwrapped text" scan is ours,
// since lit-localize sees only strings already wrapped in msg().
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const tools = (path) =>
  import(pathToFileURL(join(here, '..', 'node_modules', '@lit', 'localize-tools', 'lib', path)).href);

/** Text a user would read in html`` / svg`` templates that is not inside ${msg(...)}: [file, line, text]. */
export function findUnwrappedText(sourceDir = join(here, 'src')) {
  const found = [];
  for (const file of widgetSourceFiles(sourceDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node) => {
      if (ts.isTaggedTemplateExpression(node) && ['html', 'svg'].includes(node.tag.getText(source))) {
        for (const text of visibleText(templateStrings(node.template))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push([relative(here, file), line + 1, text]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Every .ts file of every widget folder and shared/, tests and generated code left out. */
function widgetSourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : widgetSourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(test|generated|styles)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function templateStrings(template) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [template.text];
  return [template.head.text, ...template.templateSpans.map((span) => span.literal.text)];
}

// Attributes whose values are read out or shown.
const SPOKEN_ATTRIBUTES = /\b(aria-label|aria-description|aria-valuetext|title|placeholder|alt|label)="([^"]*)"/g;
const HOLE = '\u0000';

function visibleText(strings) {
  const markup = strings.join(HOLE).replace(/<!--[\s\S]*?-->/g, '');
  const texts = [];
  for (const [, , value] of markup.matchAll(SPOKEN_ATTRIBUTES)) texts.push(value);
  // Tags (with their attributes and any ${} inside them) are not text.
  texts.push(...markup.replace(/<[^>]*>/g, HOLE).split(HOLE));
  return texts
    .map((text) =>
      text
        .replaceAll(HOLE, ' ')
        .replace(/&[a-z]+;/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((text) => /\p{L}{2,}/u.test(text));
}

export async function localize({ write }) {
  const { readConfigFileAndWriteSchema } = await tools('config.js');
  const { RuntimeLitLocalizer } = await tools('modes/runtime.js');
  const config = readConfigFileAndWriteSchema(join(here, 'lit-localize.json'));
  // lit-localize resolves localeCodesModule against the working directory, the rest against the config's.
  config.output.localeCodesModule = config.resolve(config.output.localeCodesModule);
  const localizer = new RuntimeLitLocalizer(config);
  const problems = [];

  const { messages, errors } = localizer.extractSourceMessages();
  for (const error of errors) problems.push(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { translations } = localizer.readTranslationsSync();
  for (const locale of config.targetLocales) {
    const translated = new Set((translations.get(locale) ?? []).map((message) => message.name));
    for (const message of messages) {
      if (translated.has(message.name)) continue;
      const text = message.contents.map((part) => (typeof part === 'string' ? part : part.untranslatable)).join('');
      problems.push(
        `${locale}: no translation of "${text}" (${relative(here, message.file.fileName)}, id ${message.name})`,
      );
    }
  }
  problems.push(...localizer.validateTranslations().errors);
  for (const [file, line, text] of findUnwrappedText()) {
    problems.push(`${file}:${line}: "${text}" is not wrapped in msg()`);
  }
  if (problems.length > 0) {
    return { ok: false, messages: messages.length, problems };
  }
  if (write) await localizer.build();
  return { ok: true, messages: messages.length, problems };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await localize({ write: !process.argv.includes('--check') });
  if (!result.ok) {
    console.error(`Translations incomplete (web-components/xliff, see docs/embedding.md, "Translations"):`);
    for (const problem of result.problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`translations: ${result.messages} messages, each in ${['es', 'pt-BR'].join(' and ')}`);
}
