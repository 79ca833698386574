/**
 * ELK off the main thread: a pool of ELK workers (one per spare core, at most two) that lays out
 * a journey's stages side by side. ELK is compiled Java: a fresh worker runs its first layouts
 * two to three times slower than later ones, so `warmElk` gives the pool a few small layouts
 * while the browser is idle, on the pages that lead to a journey.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { LayoutEngine } from '../analysis/journey-layout';

class ElkPool implements LayoutEngine {
	readonly #workers: { elk: InstanceType<typeof ELK>; pending: number }[];

	constructor(size: number) {
		this.#workers = Array.from({ length: size }, () => ({ elk: new ELK({ workerUrl, algorithms: ['layered'] }), pending: 0 }));
	}

	/** Lays out on the worker with the fewest graphs waiting. */
	async layout(graph: ElkNode): Promise<ElkNode> {
		const worker = this.#workers.reduce((a, b) => (b.pending < a.pending ? b : a));
		worker.pending++;
		try {
			return await worker.elk.layout(graph);
		} finally {
			worker.pending--;
		}
	}

	get size(): number {
		return this.#workers.length;
	}
}

let pool: ElkPool | undefined;

/** The pool, started on first use. */
export function elkPool(): LayoutEngine {
	const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
	return (pool ??= new ElkPool(Math.max(1, Math.min(2, cores))));
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
			const engine = elkPool() as ElkPool;
			const rounds = Array.from({ length: 24 * engine.size }, (_, i) => engine.layout(sample(`warm${i}`, 8)));
			void Promise.allSettled(rounds).then(() => {
				// The browser benchmark (bench/journey-render.ts) waits for this mark.
				performance.mark('elk-warm');
				resolve();
			});
		});
	});
	return warming;
}
