/**
 * Time zones by IANA name (`Europe/Paris`), the workspace's setting of METRICS.md §1 *Time*:
 * times written with a zone or offset are put on this zone's wall clock. The names and their rules
 * are the platform's (`Intl`), so they follow the tz database the browser or Node ships.
 */

/** The zone of this browser or machine (`TZ` in Node); `UTC` when the platform does not say. */
export function systemTimeZone(): string {
	try {
		return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	} catch {
		return 'UTC';
	}
}

/**
 * The canonical spelling of an IANA zone name (`europe/paris` → `Europe/Paris`), or null when the
 * platform does not know it. Offsets (`+02:00`) are refused: they have no daylight saving rules,
 * so they are not a place's clock.
 */
export function canonicalTimeZone(name: string): string | null {
	const trimmed = name.trim();
	if (trimmed === '' || /^[+-]/.test(trimmed)) return null;
	try {
		return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
}

/** The time zone of a workspace: its own, else this browser's or machine's. */
export function workspaceTimeZone(workspace: { timeZone?: string } | undefined | null): string {
	return workspace?.timeZone ?? systemTimeZone();
}

/** The zone names to offer in a list: `UTC`, then the platform's, the system zone among them. */
export function timeZoneNames(): string[] {
	let names: string[] = [];
	try {
		names = Intl.supportedValuesOf('timeZone');
	} catch {
		// An older engine: the list holds the system zone and UTC only.
	}
	return [...new Set(['UTC', ...names, systemTimeZone()])];
}
