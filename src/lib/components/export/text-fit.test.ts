import { describe, expect, it } from 'vitest';
import { fitSize, lineCount, textHeight } from './text-fit';

describe('text fitting for the deck', () => {
	it('wraps on words: a short text takes one line, a longer one more', () => {
		expect(lineCount('Facture', 2, 14)).toBe(1);
		expect(lineCount('Contestation de la facture de régularisation', 2, 14)).toBeGreaterThan(1);
		expect(lineCount('Une ligne\nUne autre', 5, 14)).toBe(2);
	});

	it('counts a word longer than the box as not fitting, so a size is chosen that never breaks it', () => {
		expect(lineCount('Anticonstitutionnellement', 1, 20)).toBe(Infinity);
		const size = fitSize([{ text: 'Anticonstitutionnellement', bold: true }], { w: 2, h: 1 }, 30);
		expect(lineCount('Anticonstitutionnellement', 2, size, true)).toBe(1);
	});

	it('picks the largest size at which all the texts fit the box height', () => {
		const texts = [{ text: 'Relevé d’index à l’emménagement', bold: true }, { text: '12 345 € · 1 234 contacts évitables', scale: 0.85 }];
		const size = fitSize(texts, { w: 2, h: 0.8 }, 16);
		const height = (pt: number) => textHeight(texts[0].text, 2, pt, true) + textHeight(texts[1].text, 2, pt * 0.85);
		expect(height(size)).toBeLessThanOrEqual(0.8);
		expect(size === 16 || height(size + 0.5) > 0.8).toBe(true);
	});
});
