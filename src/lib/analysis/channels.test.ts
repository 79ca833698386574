import { describe, expect, it } from 'vitest';
import { canonicalChannel, renameChannels } from './channels';
import { fromRows } from './from-rows';

describe('canonicalChannel', () => {
	it.each([
		['Tél', 'phone'],
		[' Téléphone ', 'phone'],
		['Courriel', 'email'],
		['E-mail', 'email'],
		['Tchat', 'chat'],
		['Boutique', 'store'],
		['Formulaire web', 'web_form'],
		['Courrier', 'mail'],
		['Pigeon voyageur', 'pigeon voyageur']
	])('reads %s as %s', (raw, expected) => {
		expect(canonicalChannel(raw)).toBe(expected);
	});
});

describe('renameChannels', () => {
	it('renames each row and merges names that become equal', () => {
		const table = fromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00', channel: 'Tél' },
			{ customer_id: 'A', timestamp: '2026-03-02 09:00', channel: 'courriel' },
			{ customer_id: 'B', timestamp: '2026-03-03 09:00', channel: 'phone' },
			{ customer_id: 'B', timestamp: '2026-03-04 09:00', channel: 'Pigeon' }
		]);
		renameChannels(table, canonicalChannel);
		const names = Array.from(table.channel, (code) => table.channels[code]);
		expect(names).toEqual(['phone', 'email', 'phone', 'pigeon']);
		expect(new Set(table.channels).size).toBe(table.channels.length);
	});
});
