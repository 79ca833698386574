import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layers of DESIGN.md ("Architecture"): the folders of the app, and which of them each may
 * import. A folder may always import itself; everything else of the app is forbidden.
 */
const LAYERS = ['domain', 'analysis', 'db', 'workers', 'view', 'i18n', 'state', 'components', 'routes', 'cli', 'server'];

/** A module of the app by alias (`$lib/db`, `$lib/db/store`) or relative path (`../db`, `../../lib/db/store`). */
function layerImports(layer) {
	const aliased = ['routes', 'cli', 'server'].includes(layer) ? null : `\\$lib/${layer}`;
	const relative = `(\\.\\./)+(lib/)?${layer}`;
	return `^(${aliased ? `${aliased}|` : ''}${relative})(/.*)?$`;
}

/**
 * One `no-restricted-imports` rule for the folder: every layer it may not import, and `dexie`
 * outside `db/`. `types` names layers it may import types from only (`import type`).
 */
function layerRule(folder, files, mayImport, types = []) {
	const forbidden = LAYERS.filter((layer) => layer !== folder && !mayImport.includes(layer));
	const patterns = forbidden.map((layer) => ({
		regex: layerImports(layer),
		allowTypeImports: types.includes(layer),
		message: `${folder}/ may import ${mayImport.join(', ') || 'nothing of the app'}${types.length ? ` (and types of ${types.join(', ')})` : ''}, not ${layer}/ (DESIGN.md, "Architecture").`
	}));
	const paths =
		folder === 'db'
			? []
			: [{ name: 'dexie', message: 'Only src/lib/db imports dexie (CONVENTIONS.md, "Dexie").' }];
	return {
		files,
		// A test beside the code may cross layers to compare them (the CLI against the worker, an
		// export against the import it feeds): tests are checked by what they assert, not by layer.
		ignores: ['**/*.test.ts'],
		rules: { 'no-restricted-imports': ['error', { paths, patterns }] }
	};
}

const lib = (folder) => [`src/lib/${folder}/**/*.{ts,js,svelte}`];

export default defineConfig(
	{
		ignores: ['node_modules/', '.svelte-kit/', 'build/', 'dist/', 'bench/data/', 'test-results/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks names (svelte-check, tsc); this rule only misreads type-only globals.
			'no-undef': 'off',
			// A leading underscore marks what a destructuring or a signature drops on purpose.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
			],
			// Turned off because they flood without finding defects here:
			// - the CSV reader, the terminal and the PDF export match control characters on purpose;
			'no-control-regex': 'off',
			// - a variable declared with its default before the branches that may replace it reads best;
			'no-useless-assignment': 'off',
			// - the app is served at the root with no base path, so plain hrefs and goto() are right;
			'svelte/no-navigation-without-resolve': 'off',
			// - maps, sets and dates built inside a $derived or a function and never mutated after;
			'svelte/prefer-svelte-reactivity': 'off',
			// - the plugin does not see every compiler warning an ignore comment answers (a11y ones);
			'svelte/no-unused-svelte-ignore': 'off',
			// - `{' '}` keeps a space between an element and the text that follows it.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		files: ['**/*.test.ts', 'tests/**', 'bench/**'],
		rules: {
			// Tests spell the decimal a computation yields (34336.499999999996) and chain terse
			// assertions with commas.
			'no-loss-of-precision': 'off',
			'@typescript-eslint/no-unused-expressions': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				// No type-aware rules are on: the project service would only slow linting down.
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	layerRule('domain', lib('domain'), []),
	layerRule('analysis', lib('analysis'), ['domain']),
	layerRule('db', lib('db'), ['domain']),
	layerRule('workers', lib('workers'), ['analysis', 'domain', 'db']),
	layerRule('view', lib('view'), ['analysis', 'domain', 'i18n']),
	layerRule('i18n', lib('i18n'), ['analysis', 'domain']),
	layerRule('state', lib('state'), ['domain', 'analysis', 'db', 'workers', 'view', 'i18n']),
	layerRule('components', lib('components'), ['state', 'domain', 'analysis', 'view', 'i18n'], ['workers']),
	layerRule('routes', ['src/routes/**/*.{ts,js,svelte}'], ['components', 'state', 'i18n', 'domain']),
	layerRule('cli', ['src/cli/**/*.{ts,js}'], ['analysis', 'domain', 'server']),
	layerRule('server', ['src/server/**/*.{ts,js}'], ['domain'])
);
