/**
 * Layouts already computed, by journey and language, so reopening a journey (or undoing back to
 * a version drawn before) draws it without running ELK again: ELK takes 0.6 to 1.6 s on a
 * 200-state journey on a slow two-core machine (bench/journey-render.ts), the cache a few
 * milliseconds.
 *
 * The key is a hash of the language and of what `layoutJourney` reads from the machine: states,
 * their label, kind, channel, touchpoint and emotion, transitions with their label and share, and
 * the machine's own metadata (the phases' order). So
 * editing a note, a team or expected motives draws at once, and any other change lays out again.
 */
import type { JourneyMachineConfig, JourneyStateNode, Locale } from '../domain/types';
import type { JourneyLayout } from './journey-layout';
import { LruMap } from '../domain/lru';

/** The part of `Storage` the cache uses; `localStorage` in the browser, a Map in tests. */
export interface LayoutStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

const PREFIX = 'parcours.layout.';
/** Changes when the layout drawn for one machine changes (labels moved apart…): older layouts are not reused. */
const FORMAT = 2;
const INDEX = `${PREFIX}index`;
/** Which workspaces each stored layout was drawn for, so deleting a workspace removes its layouts. */
const OWNERS = `${PREFIX}owners`;

/** cyrb53: a fast 53-bit string hash, enough to tell journey versions apart. */
export function hash(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The states with only the metadata the layout reads (keep in step with journey-layout.ts). */
function drawn(states: Record<string, JourneyStateNode> | undefined): Record<string, unknown> | undefined {
	if (!states) return undefined;
	return Object.fromEntries(
		Object.entries(states).map(([key, state]) => {
			const { kind, label, channel, touchpoint, emotion } = state.meta ?? {};
			return [key, { ...state, meta: { kind, label, channel, touchpoint, emotion }, states: drawn(state.states) }];
		})
	);
}

export class LayoutCache {
	#memory: LruMap<string, JourneyLayout>;
	#store: LayoutStore | undefined;
	#keep: number;

	/** @param keep how many layouts the store holds, the most recent first. @default 12 */
	constructor(store?: LayoutStore, keep = 12) {
		this.#store = store;
		this.#keep = keep;
		this.#memory = new LruMap(keep * 4);
	}

	key(machine: JourneyMachineConfig, locale: Locale): string {
		return hash(`${FORMAT}\n${locale}\n${JSON.stringify({ ...machine, states: drawn(machine.states) })}`);
	}

	get(key: string): JourneyLayout | undefined {
		const known = this.#memory.get(key);
		if (known) return known;
		try {
			const text = this.#store?.getItem(PREFIX + key);
			if (!text) return undefined;
			const layout = JSON.parse(text) as JourneyLayout;
			this.#memory.set(key, layout);
			return layout;
		} catch {
			return undefined;
		}
	}

	/** Keeps a layout; `workspaceId` is the workspace of the journey drawn (see `forgetWorkspaceLayouts`). */
	set(key: string, layout: JourneyLayout, workspaceId?: string): void {
		this.#memory.set(key, layout);
		if (!this.#store) return;
		try {
			const index = readList(this.#store, INDEX).filter((k) => k !== key);
			index.unshift(key);
			const owners = readOwners(this.#store);
			let owned = false;
			for (const old of index.splice(this.#keep)) {
				this.#store.removeItem(PREFIX + old);
				owned ||= old in owners;
				delete owners[old];
			}
			if (workspaceId && !owners[key]?.includes(workspaceId)) {
				owners[key] = [...(owners[key] ?? []), workspaceId];
				owned = true;
			}
			this.#store.setItem(PREFIX + key, JSON.stringify(layout));
			this.#store.setItem(INDEX, JSON.stringify(index));
			if (owned) this.#store.setItem(OWNERS, JSON.stringify(owners));
		} catch {
			// A full or unavailable storage only costs the next visit a layout.
		}
	}
}

function readList(store: LayoutStore, key: string): string[] {
	try {
		const parsed: unknown = JSON.parse(store.getItem(key) ?? '[]');
		return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
	} catch {
		return [];
	}
}

function readOwners(store: LayoutStore): Record<string, string[]> {
	try {
		const parsed: unknown = JSON.parse(store.getItem(OWNERS) ?? '{}');
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
		const owners: Record<string, string[]> = Object.create(null);
		for (const [key, list] of Object.entries(parsed)) if (Array.isArray(list)) owners[key] = list.filter((w) => typeof w === 'string');
		return owners;
	} catch {
		return {};
	}
}

/**
 * Removes the stored layouts drawn for a deleted workspace: those recorded as its own, and those
 * of `keys` (its journeys' current layouts, stored before layouts recorded their workspace). A
 * layout another workspace also drew stays for it.
 */
export function forgetWorkspaceLayouts(store: LayoutStore, workspaceId: string, keys: Iterable<string> = []): void {
	try {
		const owners = readOwners(store);
		const gone = new Set<string>();
		for (const key of keys) if (!(owners[key] ?? []).some((w) => w !== workspaceId)) gone.add(key);
		for (const [key, list] of Object.entries(owners)) {
			if (!list.includes(workspaceId)) continue;
			const others = list.filter((w) => w !== workspaceId);
			if (others.length) owners[key] = others;
			else gone.add(key);
		}
		for (const key of gone) {
			store.removeItem(PREFIX + key);
			delete owners[key];
		}
		store.setItem(INDEX, JSON.stringify(readList(store, INDEX).filter((k) => !gone.has(k))));
		store.setItem(OWNERS, JSON.stringify(owners));
	} catch {
		// An unavailable storage holds nothing to remove.
	}
}

/** Removes every stored layout (a full storage needs the room for settings more than for a cache). */
export function forgetAllLayouts(store: LayoutStore): void {
	try {
		for (const key of readList(store, INDEX)) store.removeItem(PREFIX + key);
		for (const key of Object.keys(readOwners(store))) store.removeItem(PREFIX + key);
		store.removeItem(INDEX);
		store.removeItem(OWNERS);
	} catch {
		// An unavailable storage holds nothing to remove.
	}
}
