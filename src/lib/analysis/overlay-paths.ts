/**
 * The "paths" slider of the journey overlay: show only the transitions with at least a given
 * volume, while every state they touch stays reachable from the start. The start is where runs
 * enter the journey (the overlay's `entries`); a state cut off by the threshold gets back its
 * strongest path from the start — the path whose weakest step is the largest (ties: the larger
 * total volume), over all observed transitions.
 */
import type { ObservedTransition, OverlayResult } from './overlay';

export interface KeptPaths {
	/** Transitions kept, in the order of `result.transitions` (largest first). */
	transitions: ObservedTransition[];
	/** Entries kept: those at or above the threshold and those on a strongest path. */
	entries: { state: string; count: number }[];
	/** The states shown: ends of kept transitions and kept entries. */
	states: string[];
	/** How many kept transitions are below the threshold, kept only for connectivity. */
	addedForConnectivity: number;
}

/** The transitions and entries to draw at `minVolume` (see the module comment). */
export function keepPaths(result: Pick<OverlayResult, 'transitions' | 'entries'>, minVolume: number): KeptPaths {
	const index = new Map<string, number>();
	const names: string[] = [];
	const id = (state: string) => {
		let i = index.get(state);
		if (i === undefined) {
			i = names.length;
			names.push(state);
			index.set(state, i);
		}
		return i;
	};
	// Node 0 is the start; edge -1 − k is entry k.
	id('\u0000start');
	const edges = result.transitions.map((t) => ({ from: id(t.from), to: id(t.to), count: t.count }));
	const entryEdges = result.entries.map((e) => ({ from: 0, to: id(e.state), count: e.count }));
	const all = [...edges, ...entryEdges];
	const n = names.length;
	const out: number[][] = Array.from({ length: n }, () => []);
	all.forEach((edge, k) => {
		if (edge.from !== edge.to) out[edge.from].push(k);
	});

	// Widest paths from the start (a Dijkstra on the bottleneck; a few hundred states at most).
	const width = new Float64Array(n).fill(-1);
	const total = new Float64Array(n);
	const via = new Int32Array(n).fill(-1);
	const done = new Uint8Array(n);
	width[0] = Infinity;
	for (;;) {
		let u = -1;
		for (let v = 0; v < n; v++) {
			if (done[v] || width[v] < 0) continue;
			if (u < 0 || width[v] > width[u] || (width[v] === width[u] && total[v] > total[u])) u = v;
		}
		if (u < 0) break;
		done[u] = 1;
		for (const k of out[u]) {
			const edge = all[k];
			const w = Math.min(width[u], edge.count);
			const sum = total[u] + edge.count;
			if (!done[edge.to] && (w > width[edge.to] || (w === width[edge.to] && sum > total[edge.to]))) {
				width[edge.to] = w;
				total[edge.to] = sum;
				via[edge.to] = k;
			}
		}
	}

	const kept = new Uint8Array(all.length);
	for (let k = 0; k < all.length; k++) if (all[k].count >= minVolume) kept[k] = 1;
	// Reachability from the start over the kept edges.
	const reach = new Uint8Array(n);
	const walk = () => {
		reach.fill(0);
		reach[0] = 1;
		const queue = [0];
		while (queue.length) {
			const u = queue.pop() as number;
			for (const k of out[u]) {
				if (kept[k] && !reach[all[k].to]) {
					reach[all[k].to] = 1;
					queue.push(all[k].to);
				}
			}
		}
	};
	walk();
	let added = 0;
	for (let k = 0; k < all.length; k++) {
		if (!kept[k]) continue;
		for (const v of [all[k].from, all[k].to]) {
			if (reach[v]) continue;
			// Bring back the strongest path to v; every state on it becomes reachable.
			let changed = false;
			for (let x = v; x !== 0 && via[x] >= 0 && !reach[x]; x = all[via[x]].from) {
				if (!kept[via[x]]) {
					kept[via[x]] = 1;
					added++;
					changed = true;
				}
				reach[x] = 1;
			}
			if (changed) walk();
		}
	}
	const transitions = result.transitions.filter((_, k) => kept[k]);
	const entries = result.entries.filter((_, k) => kept[edges.length + k]);
	const shown = new Set<string>();
	for (const t of transitions) shown.add(t.from).add(t.to);
	for (const e of entries) shown.add(e.state);
	return {
		transitions,
		entries,
		states: names.filter((name) => shown.has(name)),
		addedForConnectivity: added
	};
}
