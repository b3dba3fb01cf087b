import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

// The screens' root modules, in order: one of the app's own modules belongs to the first screen whose static imports
// reach it; the libraries it uses follow it into its chunk (includeDependenciesRecursively), only what is used.
const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
const entry = src('main.tsx');
const appRoot = src('app.tsx');
const screens: [name: string, root: string][] = [
  ['boot', entry], // what the entry imports (boot.ts: the first requests), apart from the rest
  ['app', appRoot], // the sign-in page and the app's frame
  ['signed-in', src('features/shell/signed-in-app.tsx')], // the signed-in frame and the people list
];
let owners: Map<string, string> | undefined;

// The app's own scripts (stylesheets stay in the entry's CSS, in the order main.tsx imports them).
const ownScript = (id: string) => !id.includes('node_modules') && !id.endsWith('.css');

/** The chunk of one of the app's own modules: the first screen (see `screens`) that imports it statically. */
function screenChunk(id: string, graph: ModuleGraph): string | null {
  if (!owners) {
    owners = new Map();
    for (const [name, root] of screens) {
      const todo: string[] = [root];
      for (let m = todo.pop(); m !== undefined; m = todo.pop()) {
        if (owners.has(m) || m.includes('node_modules') || m.startsWith('\0')) continue;
        owners.set(m, name);
        todo.push(...(graph.getModuleInfo(m)?.importedIds ?? []));
      }
    }
  }
  // The entry module itself stays in the entry chunk.
  return id === entry ? null : (owners.get(id) ?? null);
}

/**
 * Mantine's stylesheets of the components the app uses, not all of them: every component's class module
 * (`X.module.mjs`) imports its stylesheet (`styles/X.css`), so only the components in the bundle bring theirs (the
 * whole of @mantine/core/styles.css is 250 KB, which every first load would parse). A component imports its
 * dependencies before its own classes, so their rules come first, as in Mantine's own order. The base styles are
 * imported by main.tsx. The dev server serves @mantine/core as one pre-bundled module: there it imports every
 * component's stylesheet.
 */
function mantineStylesPerComponent(): Plugin {
  const classModule = /[\\/]@mantine[\\/]core[\\/]esm[\\/].*[\\/]([A-Za-z]+)\.module\.mjs$/;
  const preBundled = /[\\/]\.vite[\\/]deps[\\/]@mantine_core\.js/;
  const styles = (name: string) => `import '@mantine/core/styles/${name}.css';\n`;
  return {
    name: 'parley-mantine-styles-per-component',
    transform(code, id) {
      const m = classModule.exec(id);
      if (m) return { code: styles(m[1]!) + code, map: null };
      if (preBundled.test(id)) return { code: allComponentStyles().map(styles).join('') + code, map: null };
      return undefined;
    },
  };
}

/** Every component stylesheet of Mantine, in the order of its complete stylesheet (styles.css). */
function allComponentStyles(): string[] {
  const dir = fileURLToPath(new URL('../node_modules/@mantine/core/styles/', import.meta.url));
  const all = readFileSync(`${dir}../styles.css`, 'utf8');
  const base = new Set(['baseline', 'default-css-variables', 'global']);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.css') && !f.endsWith('.layer.css') && !base.has(f.slice(0, -4)))
    .map((f) => ({ name: f.slice(0, -4), at: all.indexOf(readFileSync(dir + f, 'utf8').trim().slice(0, 300)) }))
    .sort((a, b) => a.at - b.at)
    .map((c) => c.name);
}

/**
 * The HTML asks for the sign-in page's chunks itself (modulepreload), so they load while the small entry runs and sends
 * the first requests, instead of after it; and the entry is `async`, so it does not wait for the stylesheet first.
 */
function preloadFirstScreen(): Plugin {
  return {
    name: 'parley-preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const add = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          for (const dep of byFile.get(file)?.imports ?? []) add(dep);
        };
        const root = chunks.find((c) => c.moduleIds.includes(appRoot));
        if (!root) throw new Error('no chunk for app.tsx');
        add(root.fileName);
        const links = [...files].filter((f) => !html.includes(`/${f}"`)).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`);
        return html
          .replace(/<script type="module" crossorigin src=/, '<script type="module" async crossorigin src=')
          .replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
      },
    },
  };
}

// The API runs on :3000 in development; the built app is served by the server from web/dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), mantineStylesPerComponent(), preloadFirstScreen()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.PARLEY_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
  preview: { proxy: { '/api': { target: process.env.PARLEY_API_URL ?? 'http://localhost:3000' } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One stylesheet, loaded with the HTML: Mantine's base, the app's own, then the stylesheets of the components the
    // app uses (see mantineStylesPerComponent), so that no screen waits for a stylesheet of its own.
    cssCodeSplit: false,
    reportCompressedSize: true,
    // The budget is gzip (350 KB for the first screen), which the warning does not know about.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // The libraries every screen needs in one long-cached chunk; then one chunk per screen, so that each screen
        // makes few requests (HTTP/1.1 allows six at a time): what the sign-in page needs (app.tsx and its static
        // imports), then what the signed-in frame and the people list add (signed-in-app.tsx). The small entry
        // (main.tsx, boot.ts) stays alone so that it runs, and sends the first requests, before the rest has loaded.
        // Other pages are split automatically, with Mantine's components where they are used.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](query-core|react-query)|i18next|react-i18next|@mantine[\\/]hooks|clsx)[\\/]/, priority: 2 },
            // First the entry's own imports, so that the sign-in page's chunk does not take them in as its dependencies.
            { name: (id, graph) => (screenChunk(id, graph) === 'boot' ? 'boot' : null), debugName: 'boot', test: ownScript, priority: 3 },
            { name: screenChunk, debugName: 'screens', test: ownScript, priority: 1 },
          ],
        },
      },
    },
  },
});
