// Mantine's base styles; each component's stylesheet comes with its code (vite.config.ts). The app's own styles last.
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/default-css-variables.css';
import '@mantine/core/styles/global.css';
import './styles.css';
// Starts the session check (and the people list's first page) at once: see boot.ts.
import './boot.ts';

// This module is `async` (vite.config.ts), so it may run before the stylesheets have loaded: the app renders once they
// have, so that nothing is measured unstyled.
function stylesheetsLoaded(): Promise<unknown> {
  const pending = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].filter((l) => !l.sheet);
  return Promise.all(pending.map((l) => new Promise((done) => {
    l.addEventListener('load', done, { once: true });
    l.addEventListener('error', done, { once: true });
  })));
}

// The app's code is imported here, not statically: a module runs only after all of its static imports have loaded,
// and the requests above should not wait for React and Mantine (the HTML preloads the chunks meanwhile).
void Promise.all([import('./app.tsx'), stylesheetsLoaded()]).then(([{ renderApp }]) => renderApp(document.getElementById('root')!));
