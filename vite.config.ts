import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.test.ts'],
		exclude: ['src/**/*.svelte.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true }
	}
});
