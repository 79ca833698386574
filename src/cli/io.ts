/** Where a command writes: the process's streams, or buffers in tests. */
export interface Io {
	stdout(text: string): void;
	stderr(text: string): void;
}
