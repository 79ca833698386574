/**
 * The environment of `*.svelte.test.ts`: Node, with modules transformed for the browser (Vite's
 * `client` environment), so runes compile as in the app — `$effect` runs, `$effect.root` works —
 * rather than to Svelte's server output where effects never run.
 */
import type { Environment } from 'vitest/environments';

export default {
	name: 'runes',
	viteEnvironment: 'client',
	setup: () => ({ teardown() {} })
} satisfies Environment;
