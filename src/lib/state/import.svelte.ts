/**
 * The import wizard's state: the file, how it is read (encoding, delimiter, date form, column
 * mapping, value maps), a preview parsed as the engine will read it, then the import's progress
 * and outcome. The engine worker does the reading; this class only holds the user's choices.
 */
import {
	BOOLEAN_VALUE_FIELDS,
	CANONICAL_CHANNELS,
	canonicalChannel,
	directionFlag,
	parseTimestamp,
	recognise,
	recogniseBoolean,
	recogniseDirection,
	VALUE_FIELDS,
	type DateFormat,
	type Delimiter,
	type DirectionFlag,
	type Encoding
} from '$lib/analysis/ingest';
import { formatLocalDateTime } from '$lib/analysis/dashboard-settings';
import { rejectedRowsCsv } from '$lib/analysis/rejected-rows';
import { wallClock } from '$lib/analysis/time-zone';
import { contentHash } from '$lib/analysis/content-hash';
import { datasetRepo, type Dataset } from '$lib/db';
import type { Id } from '$lib/domain/types';
import {
	engine,
	EngineError,
	type DataKind,
	type ImportOutcome,
	type ImportProgress,
	type SniffedFile,
	type ValueScan
} from './engine.svelte';
import type { ConstantField, ValueField } from '$lib/workers/protocol';

export const CONTACT_FIELDS = [
	'customer_id', 'timestamp', 'channel', 'motive', 'direction', 'agent', 'team', 'segment', 'transferred',
	'callback', 'resolved', 'handled_at', 'survey_resolved', 'csat', 'nps', 'contact_id'
] as const;
export const WEB_FIELDS = ['customer_id', 'timestamp', 'page', 'session_id'] as const;
export const EVENT_FIELDS = ['customer_id', 'timestamp', 'event', 'detail'] as const;
export const REQUIRED_FIELDS = ['customer_id', 'timestamp'] as const;
/** A business event log without its event type would say nothing: the column is required too. */
export const REQUIRED_EVENT_FIELDS = ['customer_id', 'timestamp', 'event'] as const;
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252'];
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];
export const DATE_FORMAT_CHOICES: readonly DateFormat[] = ['dmy', 'iso', 'ymd', 'mdy', 'excel-serial', 'twitter'];
export { CANONICAL_CHANNELS };

/** The mapping select's value for "a fixed value stands for this column" (channel, direction). */
export const CONSTANT_COLUMN = -2;
export const CONSTANT_FIELDS: readonly ConstantField[] = ['channel', 'direction'];

/** A scan slower than this shows its progress. */
const SLOW_SCAN_MS = 1000;

/** One distinct raw value of a field over the whole file, and how the synonym table reads it. */
export interface ValueRow {
	raw: string;
	rows: number;
	/** Share of the imported rows, 0–1. */
	share: number;
	/** The canonical reading, null when the synonym table does not know the value. */
	recognised: string | null;
}

/** A value nobody has said how to read yet: the import waits for it. */
export interface UnresolvedValue {
	field: ValueField;
	raw: string;
	rows: number;
}

export type ImportStatus = 'idle' | 'sniffing' | 'ready' | 'importing' | 'done' | 'failed' | 'cancelled';

/** `2026-03-01 09:00` of wall-clock milliseconds (`09:00:05` with the seconds). */
export function formatWallClock(t: number, seconds = false): string {
	const base = formatLocalDateTime(t).replace('T', ' ');
	return seconds ? `${base}:${String(new Date(t).getUTCSeconds()).padStart(2, '0')}` : base;
}

export class ImportWizard {
	/**
	 * The zone the preview puts times written with a zone on (the workspace's, as the import and
	 * the figures do); null: as written.
	 */
	timeZone = $state<string | null>(null);
	kind = $state<DataKind>('contacts');
	file = $state.raw<File | null>(null);
	sniffed = $state.raw<SniffedFile | null>(null);
	encoding = $state<Encoding>('utf-8');
	delimiter = $state<Delimiter>(',');
	dateFormat = $state<DateFormat | ''>('');
	/** Column index per canonical field; -1 for none. */
	mapping = $state<Record<string, number>>({});
	/** Canonical value per raw value, per field; a value missing here is not chosen yet. */
	valueMap = $state<Partial<Record<ValueField, Record<string, string>>>>({});
	/** The value standing for a column the file lacks (mapping `CONSTANT_COLUMN`). */
	constants = $state<Partial<Record<ConstantField, string>>>({ direction: 'inbound' });
	/** The whole file's distinct values, once scanned with the current choices. */
	scan = $state.raw<ValueScan | null>(null);
	scanStatus = $state<'idle' | 'scanning' | 'done' | 'failed'>('idle');
	scanProgress = $state.raw<ImportProgress | null>(null);
	/** The scan has run for more than a second: its progress is shown. */
	scanSlow = $state(false);
	scanError = $state<string | null>(null);
	/** The engine's refusal behind `scanError`. */
	scanFailure = $state.raw<EngineError | null>(null);
	pseudonymise = $state(true);
	name = $state('');
	status = $state<ImportStatus>('idle');
	progress = $state.raw<ImportProgress | null>(null);
	outcome = $state.raw<ImportOutcome | null>(null);
	error = $state<string | null>(null);
	/** The engine's refusal behind `error` (its code, line and column names), for a message in the user's language. */
	failure = $state.raw<EngineError | null>(null);
	/** The import failed because the browser's storage is full (said in the interface's language). */
	storageFull = $state(false);
	/**
	 * A dataset of the workspace imported from the same bytes as the file chosen: the import
	 * waits until the user says to import it again (`start(id, { again: true })`) or cancels.
	 */
	duplicate = $state.raw<Dataset | null>(null);
	/** The SHA-256 of the chosen file, computed while the user sets the import up. */
	#hash: Promise<string | undefined> | null = null;
	#cancel: (() => void) | null = null;
	#cancelScan: (() => void) | null = null;
	#sniffRun = 0;
	#scanRun = 0;

	fields = $derived(this.kind === 'contacts' ? CONTACT_FIELDS : this.kind === 'web' ? WEB_FIELDS : EVENT_FIELDS);
	missing = $derived(
		(this.kind === 'events' ? REQUIRED_EVENT_FIELDS : REQUIRED_FIELDS).filter((f) => (this.mapping[f] ?? -1) < 0) as string[]
	);
	/** Fields mapped to a column, in canonical order. */
	mappedFields = $derived(this.fields.filter((f) => (this.mapping[f] ?? -1) >= 0));
	/** How a true/false direction column reads, from its header (`inbound`: true means the customer wrote). */
	directionFlag = $derived.by((): DirectionFlag => {
		const column = this.mapping.direction ?? -1;
		return column >= 0 ? directionFlag(this.sniffed?.headers[column] ?? '') : null;
	});
	/** Constant fields whose value is missing or unreadable. */
	badConstants = $derived(
		this.kind !== 'contacts'
			? []
			: CONSTANT_FIELDS.filter(
					(f) =>
						this.mapping[f] === CONSTANT_COLUMN &&
						(f === 'channel' ? !(this.constants.channel ?? '').trim() : recogniseDirection(this.constants.direction ?? '') === null)
				)
	);

	/** Per value-read field mapped to a column, every distinct value of the whole file. */
	valueRows = $derived.by(() => {
		const out: Partial<Record<ValueField, ValueRow[]>> = {};
		const scan = this.scan;
		if (!scan || this.kind !== 'contacts') return out;
		for (const field of VALUE_FIELDS) {
			const found = scan.fields[field];
			if (!found || (this.mapping[field] ?? -1) < 0) continue;
			const flag = field === 'direction' ? this.directionFlag : null;
			out[field] = found.values.map(({ value, rows }) => ({
				raw: value,
				rows,
				share: scan.rows > 0 ? rows / scan.rows : 0,
				recognised: recognise(field, value, flag)
			}));
		}
		return out;
	});

	/** Values of the whole file nobody has said how to read: each blocks the import. */
	unresolved = $derived.by(() => {
		const out: UnresolvedValue[] = [];
		for (const [field, rows] of Object.entries(this.valueRows) as [ValueField, ValueRow[]][]) {
			const chosen = this.valueMap[field] ?? {};
			for (const row of rows) if (chosen[row.raw] === undefined) out.push({ field, raw: row.raw, rows: row.rows });
		}
		return out;
	});

	/** A contact log is imported once its whole file was scanned and every value has a reading. */
	valuesReady = $derived(
		this.kind !== 'contacts' || (this.scanStatus === 'done' && this.unresolved.length === 0 && this.badConstants.length === 0)
	);
	canImport = $derived(
		this.sniffed !== null && this.missing.length === 0 && this.dateFormat !== '' && this.status === 'ready' && this.valuesReady
	);

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
			const t = format ? parseTimestamp(raw, format, this.timeZone ? wallClock(this.timeZone) : undefined) : NaN;
			return Number.isNaN(t) ? { text: raw, bad: true } : { text: formatWallClock(t, true), bad: false };
		}
		const mapped = this.valueMap[field as ValueField]?.[raw];
		if (field === 'channel') return { text: canonicalChannel(mapped ?? raw), bad: false };
		if (field === 'direction') {
			const read = mapped ?? recogniseDirection(raw, this.directionFlag);
			return read === null ? { text: raw, bad: true } : { text: read, bad: false };
		}
		if ((BOOLEAN_VALUE_FIELDS as readonly string[]).includes(field)) {
			const read = mapped ?? recogniseBoolean(raw);
			return read === null ? { text: raw, bad: true } : { text: read, bad: false };
		}
		if (field === 'customer_id') return { text: raw, bad: raw === '' };
		return { text: raw, bad: false };
	}

	async choose(file: File): Promise<void> {
		this.file = file;
		this.outcome = null;
		this.error = null;
		this.duplicate = null;
		// A hash that cannot be computed only means the file is not recognised.
		this.#hash = contentHash(file).catch(() => undefined);
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
			this.valueMap = {};
			this.status = 'ready';
			this.#scan();
		} catch (error) {
			if (run !== this.#sniffRun) return;
			this.sniffed = null;
			this.error = error instanceof Error ? error.message : String(error);
			this.failure = error instanceof EngineError ? error : null;
			this.status = 'failed';
		}
	}

	/**
	 * Reads the whole file in the worker for the distinct values of the value-read fields, with
	 * the current encoding, delimiter, date form and mapping; a newer scan cancels an older one.
	 * Recognised values are then preselected; a choice the user made is kept.
	 */
	#scan(): void {
		this.#cancelScan?.();
		this.#cancelScan = null;
		const run = ++this.#scanRun;
		const file = this.file;
		this.scanSlow = false;
		this.scanProgress = null;
		this.scanError = null;
		const ready = file && this.sniffed && this.kind === 'contacts' && this.missing.length === 0 && this.dateFormat !== '';
		if (!ready) {
			this.scan = null;
			this.scanStatus = 'idle';
			return;
		}
		this.scanStatus = 'scanning';
		const mapping: Record<string, number> = {};
		for (const [field, column] of Object.entries(this.mapping)) if (column >= 0) mapping[field] = column;
		const job = engine.scanValues(
			file,
			{ encoding: this.encoding, delimiter: this.delimiter, dateFormat: this.dateFormat || undefined, mapping },
			(p) => {
				if (run === this.#scanRun) this.scanProgress = p;
			}
		);
		this.#cancelScan = job.cancel;
		const slow = setTimeout(() => {
			if (run === this.#scanRun && this.scanStatus === 'scanning') this.scanSlow = true;
		}, SLOW_SCAN_MS);
		job.done.then(
			(scan) => {
				if (run !== this.#scanRun) return;
				this.scan = scan;
				this.#preselect();
				this.scanStatus = 'done';
			},
			(error: unknown) => {
				if (run !== this.#scanRun || (error instanceof EngineError && error.cancelled)) return;
				this.scan = null;
				this.scanError = error instanceof Error ? error.message : String(error);
				this.scanFailure = error instanceof EngineError ? error : null;
				this.scanStatus = 'failed';
			}
		).finally(() => {
			clearTimeout(slow);
			if (run !== this.#scanRun) return;
			this.#cancelScan = null;
			this.scanSlow = false;
			this.scanProgress = null;
		});
	}

	/** Each value gets its recognised reading unless the user chose one; unrecognised ones stay unchosen. */
	#preselect(): void {
		const next: Partial<Record<ValueField, Record<string, string>>> = {};
		for (const [field, rows] of Object.entries(this.valueRows) as [ValueField, ValueRow[]][]) {
			const current = this.valueMap[field] ?? {};
			const map: Record<string, string> = {};
			for (const row of rows) {
				const value = current[row.raw] ?? row.recognised;
				if (value !== null && value !== undefined) map[row.raw] = value;
			}
			next[field] = map;
		}
		this.valueMap = next;
	}

	setMapping(field: string, column: number): void {
		const before = this.mapping[field];
		this.mapping[field] = column;
		if (field === 'timestamp' && this.sniffed && column >= 0 && this.dateFormat === '') this.dateFormat = 'dmy';
		// Another column for a value-read field: its values are read afresh.
		if ((VALUE_FIELDS as readonly string[]).includes(field) && before !== column) delete this.valueMap[field as ValueField];
		this.#scan();
	}

	/**
	 * The date form was detected as dd/mm only because every day read is 12 or less (METRICS.md
	 * §1): the wizard says so beside the choice, while that choice is dd/mm or mm/dd.
	 */
	dateAmbiguous = $derived(
		this.sniffed?.dateFormatAmbiguous === true && (this.dateFormat === 'dmy' || this.dateFormat === 'mdy')
	);

	setDateFormat(format: DateFormat | ''): void {
		this.dateFormat = format;
		this.#scan();
	}

	setConstant(field: ConstantField, value: string): void {
		this.constants[field] = value;
	}

	setValue(field: ValueField, raw: string, value: string): void {
		this.valueMap[field] = { ...(this.valueMap[field] ?? {}), [raw]: value };
	}

	/**
	 * Imports the file; a file already imported into the workspace (same bytes) is not imported
	 * unless `again`: `duplicate` names the dataset, and the user chooses.
	 */
	async start(workspaceId: Id, { again = false }: { again?: boolean } = {}): Promise<void> {
		const file = this.file;
		if (!file || !this.canImport) return;
		const hash = (await this.#hash) ?? undefined;
		if (this.file !== file) return;
		this.duplicate = null;
		if (hash && !again) {
			const [previous] = await datasetRepo.findByContent(workspaceId, hash).catch(() => []);
			if (this.file !== file) return;
			if (previous) {
				this.duplicate = previous;
				return;
			}
		}
		this.status = 'importing';
		this.storageFull = false;
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
				constants: this.kind === 'contacts' ? this.#constantsToSend() : undefined,
				pseudonymise: this.pseudonymise,
				contentHash: hash
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
					this.failure = error instanceof EngineError ? error : null;
					this.storageFull = error instanceof EngineError && error.kind === 'quota';
					this.status = 'failed';
				}
			}
		).finally(() => {
			this.#cancel = null;
			this.progress = null;
		});
	}

	/** The constants of the fields set to a fixed value. */
	#constantsToSend(): Partial<Record<ConstantField, string>> {
		const out: Partial<Record<ConstantField, string>> = {};
		for (const field of CONSTANT_FIELDS) {
			const value = this.constants[field];
			if (this.mapping[field] === CONSTANT_COLUMN && value) out[field] = value;
		}
		return out;
	}

	cancel(): void {
		this.#cancel?.();
	}

	/** The user does not import a file already imported: nothing is stored, another file can be chosen. */
	cancelDuplicate(): void {
		if (!this.duplicate) return;
		this.reset();
		this.status = 'cancelled';
	}

	reset(): void {
		this.#sniffRun++;
		this.#cancelScan?.();
		this.#cancelScan = null;
		this.#scanRun++;
		this.scan = null;
		this.scanStatus = 'idle';
		this.file = null;
		this.#hash = null;
		this.duplicate = null;
		this.sniffed = null;
		this.outcome = null;
		this.error = null;
		this.valueMap = {};
		this.status = 'idle';
	}
}

/** The rejected rows as CSV text (line, reason, column, value). */
export function rejectionsCsv(outcome: ImportOutcome): string {
	return rejectedRowsCsv(outcome.rejections.sample);
}
