import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'node',
					include: ['src/**/*.test.ts'],
					exclude: ['src/**/*.svelte.test.ts'],
					environment: 'node'
				}
			},
			{
				// Rune classes: `*.svelte.test.ts` files are compiled by the Svelte plugin for the client,
				// so `$effect` runs as it does in the app (see the environment's comment).
				extends: true,
				// Svelte's own imports (`flushSync`) from its client runtime too, not the server's no-ops.
				resolve: { conditions: ['browser'] },
				test: {
					name: 'runes',
					include: ['src/**/*.svelte.test.ts'],
					environment: './tests/runes/environment.ts'
				}
			}
		]
	}
});
