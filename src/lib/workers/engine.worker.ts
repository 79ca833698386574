/// <reference lib="webworker" />
/**
 * The engine worker: imports, analyses and demo data run here, off the interface's thread. It
 * opens the app's database itself (Dexie works in workers), so a dataset goes from the file to
 * IndexedDB without crossing back to the page.
 */
import { IngestError } from '$lib/analysis/ingest';
import { datasetRepo, StoreError, workspaceRepo } from '$lib/db';
import { Engine } from './engine-core';
import type { ComputeProgress, DemoProgress, EngineErrorInfo, EngineMessage, EngineReply, ImportProgress } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new Engine({ datasetRepo, workspaceRepo });
const running = new Map<number, AbortController>();

function post(reply: EngineReply): void {
	scope.postMessage(reply);
}

function errorInfo(error: unknown): EngineErrorInfo {
	if (error instanceof IngestError) return { name: error.name, message: error.message, code: error.code, line: error.line, names: error.names };
	if (error instanceof StoreError) return { name: error.name, message: error.message, kind: error.kind };
	if (error instanceof Error) return { name: error.name, message: error.message };
	return { name: 'Error', message: String(error) };
}

async function handle({ id, request }: EngineMessage): Promise<unknown> {
	const progress = (p: ImportProgress | DemoProgress | ComputeProgress) => post({ id, type: 'progress', progress: p });
	/** A computation: cancellable until it computes (then the app stops the whole worker). */
	const compute = async <T>(run: (hooks: { onProgress: typeof progress; signal: AbortSignal }) => Promise<T>): Promise<T> => {
		const controller = new AbortController();
		running.set(id, controller);
		try {
			return await run({ onProgress: progress, signal: controller.signal });
		} finally {
			running.delete(id);
		}
	};
	switch (request.type) {
		case 'sniff':
			return engine.sniff(request.file, request.fileName, request.kind, request.options);
		case 'scanValues': {
			const controller = new AbortController();
			running.set(id, controller);
			try {
				return await engine.scanValues(request.file, request.fileName, request.options, progress, controller.signal);
			} finally {
				running.delete(id);
			}
		}
		case 'import': {
			const controller = new AbortController();
			running.set(id, controller);
			try {
				return await engine.importFile(
					request.workspaceId,
					request.file,
					request.fileName,
					request.kind,
					request.options,
					progress,
					controller.signal
				);
			} finally {
				running.delete(id);
			}
		}
		case 'analyze':
			return compute((hooks) => engine.analyze(request.workspaceId, request.request, hooks));
		case 'cross':
			return compute((hooks) => engine.cross(request.workspaceId, request.request, hooks));
		case 'drill':
			return compute((hooks) => engine.drill(request.workspaceId, request.request, hooks));
		case 'overlay':
			return compute((hooks) => engine.overlay(request.workspaceId, request.request, hooks));
		case 'generateDemo':
			return engine.generateDemo(request.workspaceId, { contacts: request.contacts, seed: request.seed }, progress);
		case 'cancel':
			running.get(request.target)?.abort();
			return null;
	}
}

scope.onmessage = (event: MessageEvent<EngineMessage>) => {
	const message = event.data;
	handle(message).then(
		(value) => post({ id: message.id, type: 'done', value }),
		(error: unknown) => post({ id: message.id, type: 'error', error: errorInfo(error) })
	);
};
