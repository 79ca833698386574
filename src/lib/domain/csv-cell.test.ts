import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, readCsvCell } from './csv-cell';

const FORMULAS = ['=1+2', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0"];

describe('csvCell', () => {
	it('writes a cell a spreadsheet would run as a formula as quoted text behind a quote mark (OWASP CSV Injection)', () => {
		expect(csvCell('=1+2')).toBe(`"'=1+2"`);
		expect(csvCell('@SUM(A1)', { separator: ';' })).toBe(`"'@SUM(A1)"`);
		expect(csvCell('\tx')).toBe(`"'\tx"`);
		expect(csvCell('\rx')).toBe(`"'\rx"`);
		expect(csvCell('-2+3')).toBe(`"'-2+3"`);
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		for (const text of FORMULAS) expect(csvCell(text)).toMatch(/^"'/);
	});

	it('leaves numbers as numbers, negative ones included, and plain text as it is', () => {
		for (const number of ['-3', '+3', '-12.5', '-12,5', '0', '-0.5e3', '-.5']) {
			expect(csvCell(number, { separator: ';' })).toBe(number);
		}
		expect(csvCell('-12,5')).toBe('"-12,5"');
		expect(csvCell('BILL')).toBe('BILL');
		expect(csvCell('2026-03-01T09:00:00')).toBe('2026-03-01T09:00:00');
		expect(csvCell('')).toBe('');
	});

	it('quotes the separator, a semicolon, quotes, line ends and edge spaces', () => {
		expect(csvCell('a;b', { separator: ';' })).toBe('"a;b"');
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('a,b', { separator: ';' })).toBe('a,b');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(' edge')).toBe('" edge"');
	});

	it('keeps cells exactly as written in data files, quoting only what RFC 4180 needs', () => {
		expect(csvCell('=1+2', { formulas: 'keep' })).toBe('=1+2');
		expect(csvCell('-3', { formulas: 'keep' })).toBe('-3');
		expect(csvCell('a;b', { formulas: 'keep' })).toBe('a;b');
		expect(csvCell('a,b', { formulas: 'keep' })).toBe('"a,b"');
		expect(csvCell('say "hi"', { formulas: 'keep' })).toBe('"say ""hi"""');
	});

	it('gives back through readCsvCell exactly the text it neutralised, quote marks included', () => {
		for (const text of [...FORMULAS, "'=1", "''-2+3", "'plain", 'plain', '-3', "'"]) {
			const cell = csvCell(text);
			const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
			expect(readCsvCell(unquoted)).toBe(text);
		}
	});
});

describe('csvLine', () => {
	it('joins the cells with the separator', () => {
		expect(csvLine(['a', '=b', '-3'], { separator: ';' })).toBe(`a;"'=b";-3`);
	});
});
