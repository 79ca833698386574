/**
 * The PDF report's typeface: DejaVu Sans Condensed (Bitstream Vera licence, see
 * `DejaVu-LICENSE.txt`), embedded in the file so that €, dashes, typographic quotes and the narrow
 * no-break spaces of French typography print as they are (the PDF standard fonts only know
 * Latin-1). Bundled with the report's code, loaded only when a PDF is made.
 */
import type { jsPDF } from 'jspdf';
import regular from '$lib/assets/fonts/DejaVuSansCondensed.ttf?inline';
import bold from '$lib/assets/fonts/DejaVuSansCondensed-Bold.ttf?inline';

export const PDF_FONT = 'DejaVuSansCondensed';

const base64 = (dataUrl: string) => dataUrl.slice(dataUrl.indexOf(',') + 1);

/** Registers the regular and bold faces on a document. */
export function addPdfFont(doc: jsPDF): void {
	doc.addFileToVFS(`${PDF_FONT}.ttf`, base64(regular));
	doc.addFont(`${PDF_FONT}.ttf`, PDF_FONT, 'normal');
	doc.addFileToVFS(`${PDF_FONT}-Bold.ttf`, base64(bold));
	doc.addFont(`${PDF_FONT}-Bold.ttf`, PDF_FONT, 'bold');
}
