import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Where the app may connect besides its own origin. Empty: Parcours talks to no server. A team
 * server, when there is one, is added here (`'https://parcours.example.org'`), and nowhere else.
 */
const CONNECT_TO = [];

/**
 * The one style attribute written as markup: SvelteKit's route announcer (`svelte-announcer`,
 * visually hidden), allowed by the hash of its exact text and nothing else. A SvelteKit that
 * words it otherwise breaks the policy, which the end-to-end tests report.
 */
const ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A single-page app: every route falls back to index.html and runs offline from static files.
		adapter: adapter({ fallback: 'index.html', strict: true }),
		// Written into every page as a <meta> tag (a static host sends no headers of ours), with the
		// hashes of SvelteKit's inline start-up script. Nothing from elsewhere: no script, style,
		// image, font or connection outside the app's own files; images only from the app, data:
		// (article images written in) and blob: (exports drawn on a canvas). Styles only from the
		// app's stylesheets: Svelte and d3 set styles through the CSS object model (element.style),
		// which the policy does not restrict, and no markup of ours carries a style attribute.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', ANNOUNCER_STYLE],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self', ...CONNECT_TO],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
