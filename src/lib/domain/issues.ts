/**
 * Validation issues: what is wrong, where, and a machine-readable code the interface translates.
 */

export const ISSUE_CODES = [
	/** A value that must be present is missing. */
	'required',
	/** A value of the wrong kind (text where a number is expected…). */
	'wrong-type',
	/** A text that must not be empty (after trimming) is empty. */
	'empty',
	/** A number outside its allowed range (prevalence 0–1, emotion −2..2, interval > 0…). */
	'out-of-range',
	/** A number that must be whole is not. */
	'not-integer',
	/** A value that is not one of the allowed choices (channel, status…). */
	'not-allowed',
	/** A reference to an entity that does not exist (a motive's theme, a sub-theme's parent…). */
	'missing-reference',
	/** An entity that belongs to another workspace than the one it is stored with. */
	'wrong-workspace',
	/** A theme nested below a sub-theme: the catalogue has two levels only. */
	'too-deep',
	/** Two entities of the same kind with the same id. */
	'duplicate-id',
	/** A record asked for by id does not exist. */
	'not-found',
	/** Removing it would leave others pointing at nothing (a theme that still has motives). */
	'in-use',
	/** Anything else the schema refuses. */
	'invalid'
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
	/** Where: `motives[3].label.fr`, `name`; empty for the value as a whole. */
	path: string;
	code: IssueCode;
	/** One English sentence; the interface translates by `code`. */
	message: string;
}

/** Thrown when an entity or a workspace fails domain validation; names the first failing field. */
export class ValidationError extends Error {
	readonly issues: Issue[];
	constructor(issues: Issue[]) {
		const first = issues[0];
		super(
			first
				? `${first.path ? `${first.path}: ` : ''}${first.message}`
				: 'The value is not valid.'
		);
		this.name = 'ValidationError';
		this.issues = issues;
	}
	/** The first failing field's path. */
	get path(): string {
		return this.issues[0]?.path ?? '';
	}
	get code(): IssueCode {
		return this.issues[0]?.code ?? 'invalid';
	}
}

/** Joins path segments the way users read them: `motives[3].label.fr`. */
export function formatPath(segments: readonly (string | number)[]): string {
	let out = '';
	for (const segment of segments) {
		if (typeof segment === 'number') out += `[${segment}]`;
		else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
		else out += `[${JSON.stringify(segment)}]`;
	}
	return out;
}
