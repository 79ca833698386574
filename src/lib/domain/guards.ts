/** Checks of values read from outside (arguments, storage, files) that narrow their type instead of casting it. */

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is one of `options`, narrowed to their type. */
export function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
	return options.some((option) => option === value);
}
