/**
 * A window over the bytes of a source that grows as the parser asks for more. A whole file given as
 * one `Uint8Array` is never copied: the window's end just moves forward. Chunks from a stream are
 * joined with the unparsed tail of the previous ones; a record longer than a chunk makes the window
 * at least double before the next try, so long quoted fields cost linear time. The joins go to two
 * buffers of the feed's own in turn, not to a new one each time: a file of hundreds of megabytes
 * then costs no new memory per chunk (each new page costs the system a fault).
 */

export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ByteReader;

/**
 * A source that reads into the feed's buffer (a file read with `read(2)`): the bytes then land in
 * the window straight, with no chunk of the source's own to copy after the unread tail.
 */
export interface ByteReader {
	/** Reads up to `length` bytes into `buffer` from `offset`; 0 at the end of the source. */
	readInto(buffer: Uint8Array, offset: number, length: number): Promise<number>;
}

/** Bytes a `ByteReader` is asked for at a time: as a stream's chunks. */
const READ_SIZE = 4 << 20;

/** How far the window moves at a time over an in-memory file: the rhythm of progress reports and cancel checks. */
export const STEP = 4 << 20;

export class Feed {
	buf: Uint8Array = new Uint8Array(0);
	/** First byte not yet consumed. */
	pos = 0;
	end = 0;
	/** No more bytes will come. */
	final = false;
	/** Bytes of the source seen so far. */
	bytesRead = 0;
	private readonly whole: Uint8Array | null;
	private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | null;
	private readonly reader: ByteReader | null;
	/** Whether `buf` is one of the feed's own buffers; the other one, free for the next join. */
	private own = false;
	private spare: Uint8Array | null = null;

	constructor(source: ByteSource) {
		this.reader = null;
		if (source instanceof Uint8Array) {
			this.whole =
				source.constructor === Uint8Array ? source : new Uint8Array(source.buffer, source.byteOffset, source.length);
			this.iterator = null;
			this.buf = this.whole;
		} else if (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source)) {
			this.whole = null;
			this.iterator = null;
			this.reader = source;
		} else {
			this.whole = null;
			this.iterator =
				Symbol.asyncIterator in source
					? (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
					: (source as Iterable<Uint8Array>)[Symbol.iterator]();
		}
	}

	/** Makes the window bigger, keeping `[pos, end)`; at least `min` new bytes unless the source ends. */
	async more(min = 1): Promise<void> {
		if (this.final) return;
		if (this.whole) {
			this.end = Math.min(this.whole.length, this.end + Math.max(STEP, min));
			this.bytesRead = this.end;
			this.final = this.end === this.whole.length;
			return;
		}
		if (this.reader) return this.readMore(min);
		const parts: Uint8Array[] = [];
		let added = 0;
		const want = Math.max(min, this.end - this.pos);
		while (added < want) {
			const r = await this.iterator!.next();
			if (r.done) {
				this.final = true;
				break;
			}
			let chunk = r.value;
			if (chunk.length === 0) continue;
			// Node streams give Buffers; one array class keeps the scanning loops monomorphic.
			if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
			parts.push(chunk);
			added += chunk.length;
		}
		this.bytesRead += added;
		const keep = this.end - this.pos;
		if (keep === 0 && parts.length === 1) {
			if (this.own) this.spare = this.buf;
			this.own = false;
			this.buf = parts[0];
		} else {
			const joined = this.nextBuffer(keep + added);
			joined.set(this.buf.subarray(this.pos, this.end));
			let at = keep;
			for (const part of parts) {
				joined.set(part, at);
				at += part.length;
			}
			this.buf = joined;
		}
		this.pos = 0;
		this.end = keep + added;
	}

	/** `more` from a `ByteReader`: the unread tail, then the source's next bytes read after it. */
	private async readMore(min: number): Promise<void> {
		const keep = this.end - this.pos;
		const want = Math.max(min, keep, READ_SIZE);
		const window = this.nextBuffer(keep + want);
		window.set(this.buf.subarray(this.pos, this.end));
		let added = 0;
		while (added < want) {
			const n = await this.reader!.readInto(window, keep + added, want - added);
			if (n === 0) {
				this.final = true;
				break;
			}
			added += n;
		}
		this.bytesRead += added;
		this.buf = window;
		this.pos = 0;
		this.end = keep + added;
	}

	/**
	 * A buffer of at least `size` bytes for the next window: the one of the window before the
	 * current, which is no longer read, else a new one (the current window stays whole).
	 */
	private nextBuffer(size: number): Uint8Array {
		const next = this.spare !== null && this.spare.length >= size ? this.spare : new Uint8Array(size + (size >> 3));
		this.spare = this.own ? this.buf : null;
		this.own = true;
		return next;
	}

	/** Grows the window until it holds `size` bytes from `pos` or the source ends. */
	async fill(size: number): Promise<void> {
		while (!this.final && this.end - this.pos < size) await this.more(size - (this.end - this.pos));
	}
}

/**
 * Lets pending events (a cancel message to a worker) run: a macrotask, not a microtask. A message
 * to self where there is no `setImmediate`, since browsers hold repeated `setTimeout(0)` for 4 ms.
 */
export function yieldToEvents(): Promise<void> {
	const g = globalThis as { setImmediate?: (f: () => void) => unknown };
	if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
	if (typeof MessageChannel === 'function') {
		return new Promise((resolve) => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => {
				channel.port1.close();
				resolve();
			};
			channel.port2.postMessage(null);
		});
	}
	return new Promise((resolve) => setTimeout(resolve, 0));
}
