/** Checks of values read from outside (arguments, storage, files) that narrow their type instead of casting it. */

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is one of `options`, narrowed to their type. */
export function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
	return options.some((option) => option === value);
}

/** What went wrong, in the error's own words: its message when it has one. */
export function errorMessage(error: unknown): string {
	const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : undefined;
	return String(message ?? error);
}

/** A record with a value for each key, made by `value` (`Object.fromEntries` would lose the keys' type). */
export function recordOf<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
	const record = {} as Record<K, V>;
	for (const key of keys) record[key] = value(key);
	return record;
}
