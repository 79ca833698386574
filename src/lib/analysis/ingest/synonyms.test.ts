import { describe, expect, it } from 'vitest';
import { fromRows } from '../from-rows';
import {
	CANONICAL_CHANNELS,
	ENGINE_CHANNELS,
	canonicalChannel,
	directionFlag,
	recogniseBoolean,
	recogniseChannel,
	recogniseDirection,
	renameChannels
} from './synonyms';

describe('channel synonyms', () => {
	it.each([...CANONICAL_CHANNELS, ...ENGINE_CHANNELS])('reads the canonical name %s as itself, in any case', (name) => {
		expect(recogniseChannel(name)).toBe(name);
		expect(recogniseChannel(` ${name.toUpperCase()} `)).toBe(name);
	});

	it('never reads one canonical name as another (postal mail stays mail)', () => {
		for (const name of [...CANONICAL_CHANNELS, ...ENGINE_CHANNELS]) expect(canonicalChannel(name)).toBe(name);
		expect(canonicalChannel('mail')).toBe('mail');
		expect(canonicalChannel('Mail')).toBe('mail');
	});

	it.each([
		['Tél', 'phone'],
		['TEL', 'phone'],
		[' Téléphone ', 'phone'],
		['telephone', 'phone'],
		['Courriel', 'email'],
		['E-mail', 'email'],
		['mél', 'email'],
		['Mèl', 'email'],
		['Tchat', 'chat'],
		['SMS', 'messaging'],
		['Réseaux sociaux', 'social'],
		['twitter', 'social'],
		['Formulaire web', 'web_form'],
		['FORMULAIRE WEB', 'web_form'],
		['Boutique', 'store'],
		['Agence', 'store'],
		['Courrier', 'mail'],
		['lettre', 'mail'],
		['Rappel', 'callback'],
		['', 'unknown']
	])('reads the export word %j as %s', (raw, expected) => {
		expect(recogniseChannel(raw)).toBe(expected);
		expect(canonicalChannel(raw)).toBe(expected);
	});

	it('does not recognise other words, and keeps them trimmed and lower-cased', () => {
		expect(recogniseChannel('Fax')).toBeNull();
		expect(recogniseChannel('Pigeon voyageur')).toBeNull();
		expect(canonicalChannel(' Fax ')).toBe('fax');
	});
});

describe('booleans and directions (METRICS.md §1 lists exactly)', () => {
	it.each(['true', 'TRUE', 'yes', 'Y', 'oui', 'OUI', 'o', '1', 'vrai', 'Vrai'])('%j is true', (raw) => {
		expect(recogniseBoolean(raw)).toBe('true');
	});
	it.each(['false', 'no', 'N', 'non', '0', 'faux', 'FAUX'])('%j is false', (raw) => {
		expect(recogniseBoolean(raw)).toBe('false');
	});
	it('reads an empty cell as unknown and does not recognise other words', () => {
		expect(recogniseBoolean('  ')).toBe('');
		for (const raw of ['t', 'f', 'v', 'maybe', '2', 'peut-être']) expect(recogniseBoolean(raw)).toBeNull();
	});
	it('reads the direction words in any case, accents optional, and nothing else', () => {
		for (const raw of ['inbound', 'IN', 'entrant', 'Entrée', 'ENTREE', 'e', '']) expect(recogniseDirection(raw)).toBe('inbound');
		for (const raw of ['outbound', 'Out', 'Sortant', 'SORTIE', 's']) expect(recogniseDirection(raw)).toBe('outbound');
		for (const raw of ['incoming', 'True', 'sideways']) expect(recogniseDirection(raw)).toBeNull();
	});
	it('reads a true/false direction column through its header', () => {
		expect(directionFlag('inbound')).toBe('inbound');
		expect(directionFlag('Entrant')).toBe('inbound');
		expect(directionFlag('is_customer')).toBe('inbound');
		expect(directionFlag('From customer')).toBe('inbound');
		expect(directionFlag('Client')).toBe('inbound');
		expect(directionFlag('outbound')).toBe('outbound');
		expect(directionFlag('Sortant')).toBe('outbound');
		expect(directionFlag('Sens')).toBeNull();
		expect(recogniseDirection('True', 'inbound')).toBe('inbound');
		expect(recogniseDirection('False', 'inbound')).toBe('outbound');
		expect(recogniseDirection('oui', 'outbound')).toBe('outbound');
		expect(recogniseDirection('non', 'outbound')).toBe('inbound');
		expect(recogniseDirection('', 'outbound')).toBe('inbound');
		expect(recogniseDirection('maybe', 'inbound')).toBeNull();
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
