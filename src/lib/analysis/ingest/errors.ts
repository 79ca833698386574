/** Why a file cannot be imported at all (row-level problems are `Rejections`, not errors). */
export type IngestErrorCode =
	| 'empty'
	| 'header-only'
	| 'no-customer-column'
	| 'no-timestamp-column'
	| 'not-text'
	| 'aborted'
	| 'unterminated-quote'
	| 'mixed-encoding'
	| 'header-too-long'
	| 'duplicate-columns';

/** An import that cannot go on; `message` is one sentence for the person importing the file. */
export class IngestError extends Error {
	readonly code: IngestErrorCode;
	/** The file line the refusal names, for a message in the user's language. */
	readonly line?: number;
	/** The column names the refusal names. */
	readonly names?: string[];

	constructor(code: IngestErrorCode, message: string, detail: { line?: number; names?: string[] } = {}) {
		super(message);
		this.name = 'IngestError';
		this.code = code;
		if (detail.line !== undefined) this.line = detail.line;
		if (detail.names !== undefined) this.names = detail.names;
	}
}

/** `a`, `b`, `c` for a message; long lists are cut. */
export function listHeaders(headers: readonly string[]): string {
	const shown = headers.slice(0, 20).map((h) => `"${h.length > 40 ? h.slice(0, 40) + '…' : h}"`);
	return shown.join(', ') + (headers.length > 20 ? ` and ${headers.length - 20} more` : '');
}

/** A quote opened on `line` of a file that must be read whole (a header, a side file) and never closed. */
export function unterminatedQuote(line: number): IngestError {
	return new IngestError(
		'unterminated-quote',
		`A quote (") opened on line ${line} is never closed, so the rest of the file cannot be read as columns: close it or remove it, then import the file again.`,
		{ line }
	);
}

/** A file whose text stops being UTF-8 at (or, for a batch, by) `line` after UTF-8 characters were read. */
export function mixedEncoding(line: number, exact: boolean): IngestError {
	return new IngestError(
		'mixed-encoding',
		`The file is not valid UTF-8 ${exact ? 'at' : 'by'} line ${line}, while earlier lines hold UTF-8 characters (or it starts with a UTF-8 mark): it mixes two encodings, and no reading of it is right. Save it again in one encoding ("CSV UTF-8"), then import it again.`,
		{ line }
	);
}


export function checkAbort(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new IngestError('aborted', 'The import was cancelled.');
}

