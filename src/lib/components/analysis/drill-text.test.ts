import { describe, expect, it } from 'vitest';
import { format } from '$lib/i18n/messages';
import { duration, reasonText } from './drill-text';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('drill-down words', () => {
	it('says a gap to the minute under a day, to the hour beyond', () => {
		expect([45 * MINUTE, 3 * HOUR, 2.5 * HOUR, 6 * DAY, 2 * DAY + HOUR, -5 * MINUTE].map((ms) => duration(ms, 'fr'))).toEqual([
			'45 min',
			'3 h',
			'2 h 30 min',
			'6 j',
			'2 j 1 h',
			'0 min'
		]);
		expect(duration(2 * DAY + HOUR, 'en')).toBe('2 d 1 h');
	});

	it('writes each reason of METRICS.md §7 in French and English', () => {
		const at = Date.UTC(2026, 2, 14, 9);
		const fr = (r: Parameters<typeof reasonText>[0]) => reasonText(r, 'fr', (k, p) => format('fr', k, p));
		const en = (r: Parameters<typeof reasonText>[0]) => reasonText(r, 'en', (k, p) => format('en', k, p));
		expect(fr({ kind: 'repeat', repeats: 1, at, gap: 6 * DAY })).toBe('réitération 6 j plus tard (14/03/2026 09:00)');
		expect(en({ kind: 'repeat', repeats: 2, at, gap: 6 * DAY })).toBe('came back 2 times, first 6 d later (14/03/2026, 09:00)');
		expect(fr({ kind: 'lateAnswer', delay: 3 * HOUR, limit: HOUR })).toBe('réponse après 3 h (délai 1 h)');
		expect(en({ kind: 'transferred' })).toBe('transferred');
	});
});
