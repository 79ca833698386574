/**
 * The import wizard's state: the file, how it is read (encoding, delimiter, date form, column
 * mapping, value maps), a preview parsed as the engine will read it, then the import's progress
 * and outcome. The engine worker does the reading; this class only holds the user's choices.
 */
import { CANONICAL_CHANNELS, canonicalChannel } from '$lib/analysis/channels';
import {
	parseBoolean,
	parseDirection,
	parseTimestamp,
	type DateFormat,
	type Delimiter,
	type Encoding
} from '$lib/analysis/ingest';
import { FALSE, OUTBOUND, TRUE } from '$lib/analysis/table';
import type { Id } from '$lib/domain/types';
import { engine, EngineError, type DataKind, type ImportOutcome, type ImportProgress, type SniffedFile } from './engine.svelte';
import type { ValueField } from '$lib/workers/protocol';

export const CONTACT_FIELDS = [
	'customer_id', 'timestamp', 'channel', 'motive', 'direction', 'agent', 'team', 'segment', 'transferred',
	'callback', 'resolved', 'handled_at', 'survey_resolved', 'csat', 'nps', 'contact_id'
] as const;
export const WEB_FIELDS = ['customer_id', 'timestamp', 'page', 'session_id'] as const;
export const REQUIRED_FIELDS = ['customer_id', 'timestamp'] as const;
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252'];
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];
export const DATE_FORMAT_CHOICES: readonly DateFormat[] = ['dmy', 'iso', 'ymd', 'mdy', 'excel-serial', 'twitter'];
export { CANONICAL_CHANNELS };
const BOOLEAN_VALUE_FIELDS = ['transferred', 'callback', 'resolved', 'survey_resolved'] as const;

export function guessChannel(raw: string): string {
	return canonicalChannel(raw);
}

export function guessDirection(raw: string): 'inbound' | 'outbound' {
	const d = parseDirection(raw);
	if (d !== null) return d === OUTBOUND ? 'outbound' : 'inbound';
	const key = raw.trim().toLowerCase();
	return /sort|out|émis|emis/.test(key) ? 'outbound' : 'inbound';
}

export function guessBoolean(raw: string): 'true' | 'false' | '' {
	const b = parseBoolean(raw);
	return b === TRUE ? 'true' : b === FALSE ? 'false' : '';
}

export type ImportStatus = 'idle' | 'sniffing' | 'ready' | 'importing' | 'done' | 'failed' | 'cancelled';

const pad = (n: number) => String(n).padStart(2, '0');
/** `2026-03-01 09:00` of wall-clock milliseconds. */
export function formatWallClock(t: number, seconds = false): string {
	const d = new Date(t);
	const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
	return seconds ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

export class ImportWizard {
	kind = $state<DataKind>('contacts');
	file = $state.raw<File | null>(null);
	sniffed = $state.raw<SniffedFile | null>(null);
	encoding = $state<Encoding>('utf-8');
	delimiter = $state<Delimiter>(',');
	dateFormat = $state<DateFormat | ''>('');
	/** Column index per canonical field; -1 for none. */
	mapping = $state<Record<string, number>>({});
	/** Canonical value per raw value, per field. */
	valueMap = $state<Partial<Record<ValueField, Record<string, string>>>>({});
	pseudonymise = $state(true);
	name = $state('');
	status = $state<ImportStatus>('idle');
	progress = $state.raw<ImportProgress | null>(null);
	outcome = $state.raw<ImportOutcome | null>(null);
	error = $state<string | null>(null);
	#cancel: (() => void) | null = null;
	#sniffRun = 0;

	fields = $derived(this.kind === 'contacts' ? CONTACT_FIELDS : WEB_FIELDS);
	missing = $derived(REQUIRED_FIELDS.filter((f) => (this.mapping[f] ?? -1) < 0));
	canImport = $derived(this.sniffed !== null && this.missing.length === 0 && this.dateFormat !== '' && this.status === 'ready');
	/** Fields mapped to a column, in canonical order. */
	mappedFields = $derived(this.fields.filter((f) => (this.mapping[f] ?? -1) >= 0));

	/** Distinct raw values of the value-mapped fields in the sample rows. */
	distinctValues = $derived.by(() => {
		const out: Partial<Record<ValueField, string[]>> = {};
		const rows = this.sniffed?.sampleRows ?? [];
		if (this.kind !== 'contacts') return out;
		for (const field of ['channel', 'direction', ...BOOLEAN_VALUE_FIELDS] as const) {
			const column = this.mapping[field] ?? -1;
			if (column < 0) continue;
			const values = [...new Set(rows.map((r) => (r[column] ?? '').trim()).filter((v) => v !== ''))];
			if (values.length) out[field] = values.slice(0, 30);
		}
		return out;
	});

	/** The sample rows as the engine will read them (value maps applied). */
	preview = $derived.by(() => {
		const sniffed = this.sniffed;
		if (!sniffed) return [];
		const format = this.dateFormat || null;
		return sniffed.sampleRows.map((row) => {
			const cells: Record<string, { text: string; bad: boolean }> = {};
			for (const field of this.mappedFields) {
				const raw = (row[this.mapping[field]] ?? '').trim();
				cells[field] = this.#read(field, raw, format);
			}
			return cells;
		});
	});

	#read(field: string, raw: string, format: DateFormat | null): { text: string; bad: boolean } {
		if (field === 'timestamp' || field === 'handled_at') {
			if (raw === '') return { text: '', bad: field === 'timestamp' };
			const t = format ? parseTimestamp(raw, format) : NaN;
			return Number.isNaN(t) ? { text: raw, bad: true } : { text: formatWallClock(t, true), bad: false };
		}
		const mapped = this.valueMap[field as ValueField]?.[raw];
		if (field === 'channel') return { text: raw === '' ? 'unknown' : (mapped ?? raw).toLowerCase(), bad: false };
		if (field === 'direction') return { text: mapped ?? guessDirection(raw), bad: false };
		if ((BOOLEAN_VALUE_FIELDS as readonly string[]).includes(field)) return { text: mapped ?? guessBoolean(raw), bad: false };
		if (field === 'customer_id') return { text: raw, bad: raw === '' };
		return { text: raw, bad: false };
	}

	async choose(file: File): Promise<void> {
		this.file = file;
		this.outcome = null;
		this.error = null;
		this.name = file.name.replace(/\.[^.]+$/, '');
		await this.#sniff({});
	}

	/** Reads the head again after the user changed the encoding or the delimiter. */
	async reread(): Promise<void> {
		await this.#sniff({ encoding: this.encoding, delimiter: this.delimiter });
	}

	async setKind(kind: DataKind): Promise<void> {
		this.kind = kind;
		if (this.file) await this.#sniff({});
	}

	async #sniff(options: { encoding?: Encoding; delimiter?: Delimiter }): Promise<void> {
		const file = this.file;
		if (!file) return;
		const run = ++this.#sniffRun;
		this.status = 'sniffing';
		try {
			const sniffed = await engine.sniff(file, this.kind, options);
			if (run !== this.#sniffRun) return;
			this.sniffed = sniffed;
			this.encoding = sniffed.encoding;
			this.delimiter = sniffed.delimiter;
			this.dateFormat = sniffed.dateFormat ?? '';
			const mapping: Record<string, number> = {};
			for (const field of this.fields) mapping[field] = (sniffed.mapping as Record<string, number | undefined>)[field] ?? -1;
			this.mapping = mapping;
			this.#guessValues();
			this.status = 'ready';
		} catch (error) {
			if (run !== this.#sniffRun) return;
			this.sniffed = null;
			this.error = error instanceof Error ? error.message : String(error);
			this.status = 'failed';
		}
	}

	/** Fills the value maps with guesses for values not yet mapped (after a mapping change too). */
	#guessValues(): void {
		const next: Partial<Record<ValueField, Record<string, string>>> = {};
		for (const [field, values] of Object.entries(this.distinctValues) as [ValueField, string[]][]) {
			const current = this.valueMap[field] ?? {};
			const map: Record<string, string> = {};
			for (const v of values) {
				map[v] =
					current[v] ??
					(field === 'channel' ? guessChannel(v) : field === 'direction' ? guessDirection(v) : guessBoolean(v));
			}
			next[field] = map;
		}
		this.valueMap = next;
	}

	setMapping(field: string, column: number): void {
		this.mapping[field] = column;
		if (field === 'timestamp' && this.sniffed && column >= 0 && this.dateFormat === '') this.dateFormat = 'dmy';
		this.#guessValues();
	}

	setValue(field: ValueField, raw: string, value: string): void {
		this.valueMap[field] = { ...(this.valueMap[field] ?? {}), [raw]: value };
	}

	start(workspaceId: Id): void {
		const file = this.file;
		if (!file || !this.canImport) return;
		this.status = 'importing';
		this.progress = { bytes: 0, total: file.size, rows: 0, phase: 'reading' };
		this.outcome = null;
		this.error = null;
		const mapping: Record<string, number> = {};
		for (const [field, column] of Object.entries(this.mapping)) if (column >= 0) mapping[field] = column;
		const job = engine.importFile(
			workspaceId,
			file,
			this.kind,
			{
				name: this.name,
				encoding: this.encoding,
				delimiter: this.delimiter,
				dateFormat: this.dateFormat || undefined,
				mapping,
				valueMap: this.kind === 'contacts' ? this.valueMap : undefined,
				pseudonymise: this.pseudonymise
			},
			(p) => (this.progress = p)
		);
		this.#cancel = job.cancel;
		job.done.then(
			(outcome) => {
				this.outcome = outcome;
				this.status = 'done';
			},
			(error: unknown) => {
				if (error instanceof EngineError && error.cancelled) this.status = 'cancelled';
				else {
					this.error = error instanceof Error ? error.message : String(error);
					this.status = 'failed';
				}
			}
		).finally(() => {
			this.#cancel = null;
			this.progress = null;
		});
	}

	cancel(): void {
		this.#cancel?.();
	}

	reset(): void {
		this.#sniffRun++;
		this.file = null;
		this.sniffed = null;
		this.outcome = null;
		this.error = null;
		this.valueMap = {};
		this.status = 'idle';
	}
}

/** The rejected rows as CSV text (line, reason, column, value). */
export function rejectionsCsv(outcome: ImportOutcome): string {
	const quote = (v: string | number | undefined) => {
		const text = v === undefined ? '' : String(v);
		return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
	};
	const lines = ['line,reason,column,value'];
	for (const r of outcome.rejections.sample) lines.push([r.row, r.reason, r.column, r.value].map(quote).join(','));
	return lines.join('\n') + '\n';
}
