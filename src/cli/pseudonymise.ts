/**
 * Pseudonyms on the command line: the app's function (`analysis/pseudonymise.ts`, HMAC-SHA-256
 * of the id under a 256-bit key, first 64 bits in hex), computed with Node's synchronous HMAC so
 * a streamed batch is written as it comes. The key is read from `--key-file` (64 hex digits, the
 * same key gives the same pseudonyms as the app or another run) or made for the run and never
 * written anywhere, so the run's pseudonyms match nothing else.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isPseudonymKey, newPseudonymKey } from '../lib/analysis/pseudonymise';
import { UsageError, optionValue, type ParsedArgs } from './args';
import { describeFileError } from './files';

/** The pseudonym function asked for by `--pseudonymise` / `--key-file`, or null. */
export async function pseudonymFromArgs(args: ParsedArgs): Promise<((id: string) => string) | null> {
	const keyFile = optionValue(args, 'key-file');
	if (!args.options.has('pseudonymise') && keyFile === undefined) return null;
	let key = newPseudonymKey();
	if (keyFile !== undefined) {
		let text: string;
		try {
			text = await readFile(keyFile, 'utf8');
		} catch (error) {
			throw new UsageError(describeFileError(keyFile, error), 1);
		}
		key = text.trim();
		if (!isPseudonymKey(key)) throw new UsageError(`The key file "${keyFile}" does not hold a key of 256 bits written as 64 hex digits.`, 1);
	}
	const bytes = Buffer.from(key, 'hex');
	return (id) => createHmac('sha256', bytes).update(id, 'utf8').digest('hex').slice(0, 16);
}
