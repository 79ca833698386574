import { describe, expect, it } from 'vitest';
import { markdownExcerpt, renderMarkdown, safeUrl } from './markdown';

describe('Markdown rendering', () => {
	it('renders headings, lists, emphasis, tables and safe links', () => {
		const html = renderMarkdown(
			'## Étapes\n1. Ouvrir **Facturation**\n2. Voir [le guide](https://kb.example/guide "Guide")\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n> note'
		);
		expect(html).toContain('<h2>Étapes</h2>');
		expect(html).toContain('<strong>Facturation</strong>');
		expect(html).toContain('<a href="https://kb.example/guide" title="Guide" rel="noopener noreferrer" target="_blank">le guide</a>');
		expect(html).toContain('<table>');
		expect(html).toContain('<blockquote>');
		expect(renderMarkdown('[mail](mailto:a@b.example) [tel](tel:+33100) [ici](#etapes) [page](/w/1)')).toMatch(
			/href="mailto:a@b.example".*href="tel:\+33100".*href="#etapes".*href="\/w\/1"/
		);
	});

	const hostile = [
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'Texte <b onmouseover="alert(1)">gras</b> <iframe src="https://evil.example"></iframe>',
		'[clic](javascript:alert(1))',
		'[clic](JaVaScRiPt:alert(1))',
		'[clic](java\tscript:alert(1))',
		'[clic](&#106;avascript:alert(1))',
		'[clic](javascript&colon;alert(1))',
		'[clic](%6Aavascript:alert(1))',
		'[clic](vbscript:msgbox(1))',
		'[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'<javascript:alert(1)>',
		'![x](javascript:alert(1))',
		'[ref]\n\n[ref]: javascript:alert(1)',
		'<a href="javascript:alert(1)">a</a>',
		'<svg><script>alert(1)</script></svg>',
		'[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
		'<style>body{display:none}</style>',
		'```\n<script>alert(1)</script>\n```'
	];

	for (const input of hostile) {
		it(`neutralises ${JSON.stringify(input)}`, () => {
			const html = renderMarkdown(input);
			expect(html).not.toMatch(/<(script|iframe|svg|style|b |img src=x)/i);
			// No event handler attribute on any tag (quoted attribute values set aside first).
			expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]+\son\w+\s*=/i);
			expect(html).not.toMatch(/(href|src)="\s*(javascript|vbscript|data|&#)/i);
			expect(html).not.toMatch(/(href|src)="[^"]*script:/i);
		});
	}

	it('shows raw HTML as text rather than dropping it', () => {
		expect(renderMarkdown('a <b>b</b>')).toBe('<p>a &lt;b&gt;b&lt;/b&gt;</p>\n');
		expect(renderMarkdown('[clic](javascript:alert(1))')).toBe('<p>clic</p>\n');
	});

	it('accepts only web, mail, telephone and relative addresses', () => {
		expect(safeUrl('https://x.example')).toBe('https://x.example');
		expect(safeUrl('relative/page')).toBe('relative/page');
		expect(safeUrl(' javascript:alert(1)')).toBeNull();
		expect(safeUrl('java\u0000script:alert(1)')).toBeNull();
		expect(safeUrl('file:///etc/passwd')).toBeNull();
	});

	it('never loads a remote image: it shows its address as a link to open deliberately', () => {
		for (const src of ['https://tracker.example/pixel.gif?u=1', 'http://x.example/a.png', '//cdn.example/b.png', 'logo.png', '/static/c.png']) {
			const html = renderMarkdown(`Avant ![logo](${src} "Titre") après`, { blockedImage: 'Image non chargée :' });
			expect(html).not.toMatch(/<img/i);
			expect(html).toContain('class="blocked-image"');
			expect(html).toContain('Image non chargée');
			expect(html).toContain('logo');
			// The address is shown, and a link the reader may open on purpose (never loaded by the page).
			expect(html).toContain(`>${src}</a>`);
		}
		// Reference-style images are images too.
		expect(renderMarkdown('![p][r]\n\n[r]: https://t.example/p.gif')).not.toMatch(/<img/i);
	});

	it('keeps images written into the article as data: addresses', () => {
		const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
		expect(renderMarkdown(`![point](${png})`)).toBe(`<p><img src="${png}" alt="point"></p>\n`);
		// Not an image type that could carry script or fetch anything when opened on its own.
		expect(renderMarkdown('![x](data:text/html;base64,PHNjcmlwdD4=)')).not.toMatch(/<img/i);
		expect(renderMarkdown('![x](data:image/svg+xml;base64,PHN2Zz4=)')).not.toMatch(/<img/i);
	});

	it('gives a plain-text excerpt', () => {
		expect(markdownExcerpt('## Quand\nLe **client** lit [la facture](https://x).', 40)).toBe('Quand Le client lit la facture.');
	});
});
