/**
 * A tiny static server for the built app (`build/`), with the single-page fallback to
 * `index.html` that adapter-static expects from its host. Used by the end-to-end tests so they
 * drive exactly the files a user would be served.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const MIME: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
	'.webmanifest': 'application/manifest+json'
};

async function isFile(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

/** Serves `root` on 127.0.0.1 at a free port (or `port`); resolves once listening. */
export async function serveStatic(root: string, port = 0): Promise<{ url: string; server: Server }> {
	const base = resolve(root);
	const fallback = join(base, 'index.html');
	if (!(await isFile(fallback))) {
		throw new Error(`${fallback} is missing: build the app first (npx vite build).`);
	}
	const server = createServer(async (req, res) => {
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
		const candidate = normalize(join(base, pathname));
		// Never serve outside the build folder, whatever `..` the request holds.
		const inside = candidate === base || candidate.startsWith(base + sep);
		const file = inside && (await isFile(candidate)) ? candidate : fallback;
		res.writeHead(200, {
			'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
			'cache-control': 'no-store'
		});
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
	const { port: actual } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${actual}`, server };
}
