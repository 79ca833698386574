/**
 * ELK off the main thread: a pool of ELK workers (one per spare core, at most two) that lays out
 * a journey's stages side by side. ELK is compiled Java: a fresh worker runs its first layouts
 * two to three times slower than later ones, so `warmElk` gives the pool a few small layouts
 * while the browser is idle, on the pages that lead to a journey, and stops as soon as a
 * journey needs it. A worker that cannot start (its script missing after an update, say) hands
 * its layouts to ELK in the page's own thread.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { elkInThread, type LayoutEngine } from '../analysis/journey-layout';

interface PooledWorker {
	elk: InstanceType<typeof ELK>;
	pending: number;
	/** Rejects when the worker cannot start (elk-api would leave its layouts waiting forever). */
	failed: Promise<never>;
	broken: boolean;
}

class ElkPool implements LayoutEngine {
	readonly #workers: PooledWorker[];
	#broken = false;
	/** A journey has asked for a layout: the warm-up stops. */
	wanted = false;

	constructor(size: number) {
		this.#workers = Array.from({ length: size }, () => {
			let fail: (error: Error) => void = () => {};
			const failed = new Promise<never>((_, reject) => (fail = reject));
			failed.catch(() => {});
			const entry: PooledWorker = {
				pending: 0,
				failed,
				broken: false,
				elk: new ELK({
					algorithms: ['layered'],
					workerFactory: () => {
						const worker = new Worker(workerUrl);
						// Listened to until the worker first answers: a script that cannot load never does.
						const onError = (event: ErrorEvent) => {
							event.preventDefault();
							entry.broken = true;
							fail(new Error(event.message || 'The layout worker could not start.'));
						};
						worker.addEventListener('error', onError);
						worker.addEventListener('message', () => worker.removeEventListener('error', onError), { once: true });
						return worker;
					}
				})
			};
			return entry;
		});
	}

	/** Lays out on the worker with the fewest graphs waiting. */
	layout(graph: ElkNode): Promise<ElkNode> {
		this.wanted = true;
		return this.layoutOn(this.#workers.reduce((a, b) => (b.pending < a.pending ? b : a)), graph);
	}

	async layoutOn(worker: PooledWorker, graph: ElkNode): Promise<ElkNode> {
		if (this.#broken) return elkInThread.layout(graph);
		worker.pending++;
		try {
			return await Promise.race([worker.elk.layout(graph), worker.failed]);
		} catch (error) {
			// A layout ELK refuses is the graph's fault; a failed worker is not: ELK in this thread.
			if (!worker.broken) throw error;
			this.#broken = true;
			return elkInThread.layout(graph);
		} finally {
			worker.pending--;
		}
	}

	/** Small layouts on each idle worker, one at a time, `rounds` each or until a journey needs the pool. */
	async warm(rounds: number): Promise<void> {
		await Promise.all(
			this.#workers.map(async (worker, w) => {
				for (let i = 0; i < rounds && !this.wanted && !this.#broken; i++) {
					if (worker.pending > 0) break;
					await this.layoutOn(worker, sample(`warm${w}.${i}`, 8)).catch(() => undefined);
				}
			})
		);
	}
}

let pool: ElkPool | undefined;

function thePool(): ElkPool {
	const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
	return (pool ??= new ElkPool(Math.max(1, Math.min(2, cores))));
}

/** The pool, started on first use. */
export function elkPool(): LayoutEngine {
	return thePool();
}

let warming: Promise<void> | undefined;

/** A chain of steps with labelled arrows, as a stage of a journey is. */
function sample(id: string, steps: number): ElkNode {
	return {
		id,
		layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.edgeRouting': 'ORTHOGONAL', 'elk.edgeLabels.placement': 'CENTER' },
		children: Array.from({ length: steps }, (_, k) => ({ id: `${id}.${k}`, width: 200, height: 70 })),
		edges: Array.from({ length: steps - 1 }, (_, k) => ({
			id: `${id}:${k}`,
			sources: [`${id}.${k}`],
			targets: [`${id}.${k + 1}`],
			labels: [{ text: 'next', width: 60, height: 17 }]
		}))
	};
}

/**
 * Starts the pool and runs a few small layouts on each worker when the browser is idle, once per
 * page load, so the journey opened next is laid out by workers already warm.
 */
export function warmElk(): Promise<void> {
	if (warming) return warming;
	const idle = (run: () => void) =>
		typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 200);
	warming = new Promise<void>((resolve) => {
		idle(() => {
			void thePool()
				.warm(24)
				.then(() => {
					// The browser benchmark (bench/journey-render.ts) waits for this mark.
					performance.mark('elk-warm');
					resolve();
				});
		});
	});
	return warming;
}
