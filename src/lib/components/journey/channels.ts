/**
 * How channels look on the journey graph: a colour (from the Okabe–Ito palette, told apart by
 * people with colour-blindness, darkened where white letters sit on it) and a letter, so the
 * channel reads without colour too.
 */
import type { Channel } from '$lib/domain/types';

export const CHANNEL_STYLE: Record<Channel, { colour: string; letter: string }> = {
	web: { colour: '#0060a0', letter: 'W' },
	app: { colour: '#7b3fa0', letter: 'A' },
	phone: { colour: '#c04a00', letter: 'T' },
	email: { colour: '#007a5a', letter: '@' },
	chat: { colour: '#b4457f', letter: 'C' },
	messaging: { colour: '#2a7fa8', letter: 'M' },
	store: { colour: '#80601a', letter: 'B' },
	mail: { colour: '#5a5a5a', letter: 'P' },
	social: { colour: '#a86f00', letter: 'S' },
	other: { colour: '#4a5560', letter: '?' }
};

/** The colour of a state without a channel. */
export const NO_CHANNEL = '#8a96a3';
