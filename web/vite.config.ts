import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs on :3000 in development; the built app is served by the server from web/dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
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
    reportCompressedSize: true,
    // The budget is gzip (350 KB for the first screen), which the warning does not know about.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // The libraries every screen needs in one long-cached chunk and the app's shared code in another, so the
        // first screen makes a handful of requests instead of dozens. Mantine's components are left to the
        // automatic split, so a page loads only the components it uses.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next|@mantine[\\/]hooks|clsx)[\\/]/, priority: 2 },
            { name: 'app', test: /web[\\/]src[\\/](api|components|i18n)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
