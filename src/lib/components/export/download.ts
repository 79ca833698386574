/** Hands a file to the browser's downloads, without a server. */
export function download(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoked later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** @default type CSV in UTF-8, the format of most of the app's exports */
export function downloadText(text: string, name: string, type = 'text/csv;charset=utf-8'): void {
	download(new Blob([text], { type }), name);
}
