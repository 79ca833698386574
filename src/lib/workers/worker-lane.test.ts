import { describe, expect, it } from 'vitest';
import type { EngineMessage, EngineReply } from './protocol';
import { EngineError, WorkerLane, type WorkerLike } from './worker-lane';

/**
 * A worker that does what the test says: it records the messages it gets, and the test answers
 * for it. `hung` stands for a computation that never ends (a worker busy for minutes).
 */
class FakeWorker implements WorkerLike {
	received: EngineMessage[] = [];
	terminated = false;
	onmessage: ((event: MessageEvent<EngineReply>) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	postMessage(message: EngineMessage): void {
		this.received.push(message);
	}
	terminate(): void {
		this.terminated = true;
	}
	reply(reply: EngineReply): void {
		this.onmessage?.({ data: reply } as MessageEvent<EngineReply>);
	}
}

function lane(restarts = true) {
	const workers: FakeWorker[] = [];
	let next = 1;
	const computeLane = new WorkerLane(
		() => {
			const worker = new FakeWorker();
			workers.push(worker);
			return worker;
		},
		() => next++,
		restarts
	);
	return { lane: computeLane, workers };
}

const overlay = { method: 'overlay', args: ['w', {}] } as never;
const analyze = { method: 'analyze', args: ['w', {}] } as never;

describe('WorkerLane', () => {
	it('cancels a computation that never ends: rejects it at once, stops the worker, sends the others to a new one', async () => {
		const { lane: l, workers } = lane();
		const progress: string[] = [];
		const hung = l.send(overlay, (p) => progress.push((p as { phase: string }).phase));
		const waiting = l.send(analyze);
		const [first] = workers;
		first.reply({ id: hung.id, type: 'progress', progress: { phase: 'loading' } });
		first.reply({ id: hung.id, type: 'progress', progress: { phase: 'computing' } });
		expect(progress).toEqual(['loading', 'computing']);

		l.cancel(hung.id);
		await expect(hung.done).rejects.toBeInstanceOf(EngineError);
		await expect(hung.done).rejects.toMatchObject({ cancelled: true });
		expect(first.terminated).toBe(true);
		// The request behind it goes to a new worker, which answers.
		expect(workers).toHaveLength(2);
		const second = workers[1];
		expect(second.received.map((m) => m.id)).toEqual([waiting.id]);
		second.reply({ id: waiting.id, type: 'done', value: 42 });
		await expect(waiting.done).resolves.toBe(42);
		expect(l.pending).toBe(0);
	});

	it('asks the worker to drop a request it has not begun computing, and stops it if it begins anyway', async () => {
		const { lane: l, workers } = lane();
		const running = l.send(analyze);
		const queued = l.send(overlay);
		const [worker] = workers;
		worker.reply({ id: running.id, type: 'progress', progress: { phase: 'computing' } });
		l.cancel(queued.id);
		await expect(queued.done).rejects.toMatchObject({ cancelled: true });
		// Not the one computing: the worker keeps going and is told to drop the queued one.
		expect(worker.terminated).toBe(false);
		expect(worker.received.at(-1)?.request).toEqual({ method: 'cancel', target: queued.id });
		worker.reply({ id: running.id, type: 'done', value: 'figures' });
		await expect(running.done).resolves.toBe('figures');
		// The cancel arrived too late: the worker begins computing it, and is stopped.
		worker.reply({ id: queued.id, type: 'progress', progress: { phase: 'computing' } });
		expect(worker.terminated).toBe(true);
	});

	it('in the files lane, asks the worker to stop an import and lets its answer settle it', async () => {
		const { lane: l, workers } = lane(false);
		const importing = l.send({ method: 'importFile' } as never);
		l.cancel(importing.id);
		const [worker] = workers;
		expect(worker.terminated).toBe(false);
		expect(worker.received.at(-1)?.request).toEqual({ method: 'cancel', target: importing.id });
		worker.reply({ id: importing.id, type: 'error', error: { name: 'IngestError', message: 'Import cancelled.', code: 'aborted' } });
		await expect(importing.done).rejects.toMatchObject({ cancelled: true });
	});
});
