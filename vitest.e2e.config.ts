import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built app (`build/`, from `vite build`) in a real Chromium.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		globalSetup: ['tests/e2e/global-setup.ts'],
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true }
	}
});
