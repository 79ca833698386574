/// <reference lib="webworker" />
/**
 * The engine worker: imports, analyses and demo data run here, off the interface's thread. It
 * opens the app's database itself (Dexie works in workers), so a dataset goes from the file to
 * IndexedDB without crossing back to the page.
 *
 * A request names a method of the engine core and its arguments; the worker adds the method's
 * hooks (progress sent back, a signal a `cancel` message aborts) and answers with its result.
 */
import { IngestError } from '$lib/analysis/ingest';
import { datasetRepo, StoreError, workspaceRepo } from '$lib/db';
import { Engine } from './engine-core';
import type { EngineErrorInfo, EngineHooks, EngineMessage, EngineMethod, EngineReply } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new Engine({ datasetRepo, workspaceRepo });
const running = new Map<number, AbortController>();

function post(reply: EngineReply): void {
	scope.postMessage(reply);
}

function errorInfo(error: unknown): EngineErrorInfo {
	if (error instanceof IngestError)
		return { name: error.name, message: error.message, code: error.code, line: error.line, names: error.names };
	if (error instanceof StoreError) return { name: error.name, message: error.message, kind: error.kind };
	if (error instanceof Error) return { name: error.name, message: error.message };
	return { name: 'Error', message: String(error) };
}

/** Calls one engine method with its request's arguments and hooks. */
function call(method: EngineMethod, args: readonly unknown[], hooks: EngineHooks): Promise<unknown> {
	// The request's arguments are the method's own (`EngineArgs`), checked where the app sends them;
	// here one call serves every method, so the method is seen through its common shape.
	const run = engine[method] as (...params: unknown[]) => Promise<unknown>;
	return run.call(engine, ...args, hooks);
}

async function handle({ id, request }: EngineMessage): Promise<unknown> {
	if (request.method === 'cancel') {
		running.get(request.target)?.abort();
		return null;
	}
	const controller = new AbortController();
	running.set(id, controller);
	try {
		return await call(request.method, request.args, {
			onProgress: (progress) => post({ id, type: 'progress', progress }),
			signal: controller.signal
		});
	} finally {
		running.delete(id);
	}
}

scope.onmessage = (event: MessageEvent<EngineMessage>) => {
	const message = event.data;
	handle(message).then(
		(value) => post({ id: message.id, type: 'done', value }),
		(error: unknown) => post({ id: message.id, type: 'error', error: errorInfo(error) })
	);
};
