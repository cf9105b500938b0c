// The demo page's script, a module of its own: the page is served with a strict CSP (no inline scripts).
import '/widgets/mp-dashboard.js';

// The API fills the page's mp-demo-token meta with a ready admin token in demo mode, else with "".
const servedToken = document.querySelector('meta[name="mp-demo-token"]')?.content ?? '';
const demoToken = servedToken.startsWith('__MP_') ? '' : servedToken;

const dashboard = document.getElementById('dashboard');
const form = document.getElementById('token-form');
const input = document.getElementById('token-input');
const forget = document.getElementById('forget');

function show(token) {
  dashboard.token = token;
  dashboard.hidden = false;
  form.hidden = true;
  forget.hidden = demoToken !== '';
}

function ask() {
  sessionStorage.removeItem('mp-demo-token');
  dashboard.hidden = true;
  form.hidden = false;
  forget.hidden = true;
  input.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = input.value.trim().replace(/^Bearer\s+/i, '');
  if (!token) return;
  sessionStorage.setItem('mp-demo-token', token);
  show(token);
});
forget.addEventListener('click', ask);

document.getElementById('theme').addEventListener('change', (event) => {
  const theme = event.target.value;
  document.body.classList.toggle('dark', theme === 'dark');
  document.body.classList.toggle('light', theme === 'light');
  dashboard.theme = theme;
});

// The dashboard's words, numbers and dates follow its locale; the page's own lang follows too.
const language = document.getElementById('language');
function useLanguage(locale) {
  dashboard.locale = locale;
  document.documentElement.lang = locale;
  sessionStorage.setItem('mp-demo-locale', locale);
}
language.addEventListener('change', (event) => useLanguage(event.target.value));
const savedLocale = sessionStorage.getItem('mp-demo-locale');
if (savedLocale && [...language.options].some((option) => option.value === savedLocale)) {
  language.value = savedLocale;
}
useLanguage(language.value);

// What the widgets report, for whoever opens the console.
for (const type of ['mp-threshold-change', 'mp-numbers-requested', 'mp-error']) {
  dashboard.addEventListener(type, (event) => console.info(type, event.detail));
}

const token = demoToken || sessionStorage.getItem('mp-demo-token') || '';
if (token) show(token);
else ask();
