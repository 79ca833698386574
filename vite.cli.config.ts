/**
 * Builds the command line (src/cli/parcours.ts) into one ESM file for Node, dist/cli/parcours.js,
 * so `npx parcours` starts fast without a TypeScript loader. Run by `npm run build:cli`, and by
 * `prepare` after `npm ci`. No SvelteKit plugin: the CLI shares only the pure engine with the app.
 */
import { defineConfig } from 'vite';

export default defineConfig({
	publicDir: false,
	logLevel: 'warn',
	build: {
		ssr: 'src/cli/parcours.ts',
		outDir: 'dist/cli',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		sourcemap: false,
		copyPublicDir: false,
		rollupOptions: {
			output: { format: 'es', entryFileNames: 'parcours.js' }
		}
	},
	ssr: { target: 'node', noExternal: true }
});
