import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the built app is served, e.g. `http://127.0.0.1:41234`. */
		baseUrl: string;
	}
}

export default async function setup(project: TestProject) {
	const { url, server } = await serveStatic('build');
	project.provide('baseUrl', url);
	return async () => {
		await new Promise<void>((done) => server.close(() => done()));
	};
}
