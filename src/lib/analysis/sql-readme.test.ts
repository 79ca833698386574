import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL_CONTACT_FIELDS, CANONICAL_WEB_FIELDS, postgresContactsTable, postgresCopy, postgresWebTable } from './sql';

/** The README's loading lines, indented in its list, with every line of the code's. */
describe('README warehouse route', () => {
	it('gives the PostgreSQL tables and \\copy lines the tests load through', () => {
		const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
		const indented = (text: string) => text.replaceAll('\n', '\n   ');
		expect(readme).toContain(indented(postgresContactsTable()));
		expect(readme).toContain(indented(postgresWebTable()));
		expect(readme).toContain(postgresCopy('contacts', CANONICAL_CONTACT_FIELDS, 'contacts.csv', true));
		expect(readme).toContain(postgresCopy('web_events', CANONICAL_WEB_FIELDS, 'web.csv', true));
	});
});
