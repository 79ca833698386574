/**
 * A synthetic business event log (METRICS.md §5b) whose events really drive contacts, derived
 * from a generated contact log as it streams: a share of the contacts of some motives get an
 * event a few hours or days before them (a bill issued before billing questions, a rejected
 * direct debit before payment calls, a late connection before moving-in calls…), and every type
 * also happens at random to customers who do not call about it, so its rate after the event is
 * well below 1; some types (a newsletter, a survey) are random only and drive nothing.
 *
 * Deterministic with the seed; events come out in the order they are derived, not in time order
 * (a reader does not need it).
 */
import { createRandom, formatTimestamp, type GeneratedContact } from './generate';
import { csvCell } from '../domain/csv-cell';
import { DATA } from './canonical';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface GeneratedEvent {
	customerId: string;
	/** Wall-clock milliseconds, whole seconds. */
	timestamp: number;
	event: string;
	detail: string;
}

/** An event type: which motives it drives, how often, how long before; and its random rate. */
interface EventType {
	event: string;
	/** Inbound contacts of these motive codes (or families, `FAC-`) are preceded by the event… */
	drives: string[];
	/** …with this chance… */
	share: number;
	/** …this long before (uniform between the two bounds, ms). */
	lead: [number, number];
	/** Events at random per contact row written, for customers already seen. */
	random: number;
	detail: (random: () => number) => string;
}

const none = () => '';

/** The event types of the demo energy supplier. */
export const EVENT_TYPES: readonly EventType[] = [
	{
		event: 'Facture émise',
		drives: ['FAC-EXPL', 'FAC-CONTEST', 'FAC-ECH', 'FAC-DUPL'],
		share: 0.7,
		lead: [6 * HOUR, 5 * DAY],
		random: 0.45,
		detail: (random) => `${Math.round(40 + random() * 260)} EUR`
	},
	{
		event: 'Prélèvement rejeté',
		drives: ['PAI-PREL', 'PAI-RELANCE', 'PAI-DELAI'],
		share: 0.6,
		lead: [2 * HOUR, 3 * DAY],
		random: 0.04,
		detail: none
	},
	{
		event: 'Mise en service retardée',
		drives: ['CTR-EMM'],
		share: 0.5,
		lead: [1 * DAY, 6 * DAY],
		random: 0.03,
		detail: none
	},
	{
		event: 'Panne signalée',
		drives: ['CPT-PANNE'],
		share: 0.55,
		lead: [10 * 60_000, 12 * HOUR],
		random: 0.02,
		detail: (random) => `secteur ${1 + Math.floor(random() * 40)}`
	},
	{
		event: 'Relevé de compteur',
		drives: ['CPT-INDEX'],
		share: 0.3,
		lead: [1 * DAY, 10 * DAY],
		random: 0.35,
		detail: none
	},
	{ event: 'Newsletter envoyée', drives: [], share: 0, lead: [0, 0], random: 0.4, detail: none },
	{ event: 'Enquête de satisfaction', drives: [], share: 0, lead: [0, 0], random: 0.2, detail: none }
];

export const eventsCsvHeader = 'customer_id,timestamp,event,detail';

/** One CSV line (no line break) in the column order of `eventsCsvHeader`. */
export function toEventCsvLine(event: GeneratedEvent): string {
	return `${csvCell(event.customerId, DATA)},${formatTimestamp(event.timestamp)},${csvCell(event.event, DATA)},${csvCell(event.detail, DATA)}`;
}

/** Customers remembered to draw the random events from. */
const POOL = 1 << 16;

/**
 * Derives events from contacts given in time order: call `contact` with each generated row; it
 * calls `emit` with the events it derives. `count` is the number emitted so far. The random
 * events fall anywhere in `span` (wall-clock ms, the generated log's first day to its end), so
 * their time owes nothing to their customer's contacts.
 */
export function eventDeriver(
	seed: number,
	span: { from: number; to: number },
	emit: (event: GeneratedEvent) => void
): { contact(row: GeneratedContact): void; readonly count: number } {
	const random = createRandom((seed ^ 0x5eed_e7e7) >>> 0);
	const byMotive = new Map<string, EventType[]>();
	for (const type of EVENT_TYPES) for (const code of type.drives) byMotive.set(code, [...(byMotive.get(code) ?? []), type]);
	const pool: string[] = [];
	let count = 0;
	let seen = 0;
	const out = (customerId: string, timestamp: number, type: EventType) => {
		count++;
		emit({ customerId, timestamp: Math.floor(timestamp / 1000) * 1000, event: type.event, detail: type.detail(random) });
	};
	return {
		get count() {
			return count;
		},
		contact(row: GeneratedContact): void {
			// A uniform sample of the contacts so far (reservoir): customers drawn by how often they
			// call, never by when.
			seen++;
			if (pool.length < POOL) pool.push(row.customerId);
			else if (random() * seen < POOL) pool[Math.floor(random() * POOL)] = row.customerId;
			if (row.direction === 'inbound') {
				for (const type of byMotive.get(row.motive) ?? []) {
					if (random() >= type.share) continue;
					out(row.customerId, row.timestamp - (type.lead[0] + random() * (type.lead[1] - type.lead[0])), type);
				}
			}
			for (const type of EVENT_TYPES) {
				let expected = type.random;
				while (expected > 0) {
					if (random() < expected) {
						const customer = pool[Math.floor(random() * pool.length)];
						// At a time drawn apart from the customer's contacts: no signal but chance.
						const at = span.from + random() * (span.to - span.from);
						out(customer, at, type);
					}
					expected -= 1;
				}
			}
		}
	};
}
