/**
 * Knowledge articles' Markdown as HTML that is safe to insert: GitHub-flavoured Markdown (tables,
 * lists, emphasis, links) through `marked`, with raw HTML shown as text and links or images whose
 * address is not web, mail, telephone or relative shown as plain text. This holds in Node too, so
 * it is tested here; the page passes the result through DOMPurify as a second guard.
 *
 * No image is loaded from an address: an article may come from a received workspace file, and an
 * image the page fetches tells its sender who read it, when and from where (a tracking beacon).
 * Such an image is shown as a placeholder with its address, a link the reader may open on purpose;
 * only images written into the article itself (`data:image/png…`) are drawn.
 */
import { Marked, type Tokens } from 'marked';

const escapeHtml = (text: string): string =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const decodeEntities = (text: string): string =>
	text
		.replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
		.replace(/&colon;/gi, ':')
		.replace(/&tab;|&newline;/gi, '');

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * The address when it is safe to link to: `http(s):`, `mailto:`, `tel:`, or relative (`/x`, `#x`,
 * `page.md`). Anything else (`javascript:`, `data:`, `vbscript:`, obfuscated with entities, percent
 * escapes or control characters) is refused.
 */
export function safeUrl(href: string | null | undefined): string | null {
	if (!href) return null;
	let probe = decodeEntities(href);
	try {
		probe = decodeURIComponent(probe);
	} catch {
		// A malformed escape is left as it is; the scheme test below still applies.
	}
	probe = probe.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028\u2029\ufeff]/g, '').toLowerCase();
	const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe);
	if (scheme && !SAFE_SCHEMES.has(scheme[1])) return null;
	// A colon before any slash that the scheme test did not catch (`java\u0000script:` already cleaned) is refused too.
	if (!scheme && /^[^/?#]*:/.test(probe)) return null;
	return href;
}

/** Raster image types drawn from a `data:` address: they carry no script and fetch nothing. */
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp|avif);base64,[a-z0-9+/=\s]*$/i;

export interface MarkdownOptions {
	/** The words of a remote image's placeholder, in the reader's language. @default 'Image not loaded:' */
	blockedImage?: string;
}

function markedWith(blockedImage: string): Marked {
	return new Marked({
		gfm: true,
		breaks: false,
		async: false,
		renderer: {
			html(token: Tokens.HTML | Tokens.Tag): string {
				return escapeHtml(token.text);
			},
			link(token: Tokens.Link): string {
				const text = this.parser.parseInline(token.tokens);
				const href = safeUrl(token.href);
				if (!href) return text;
				const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
				return `<a href="${escapeHtml(href)}"${title}${externalLink(href)}>${text}</a>`;
			},
			image(token: Tokens.Image): string {
				const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
				if (DATA_IMAGE.test(token.href.trim())) return `<img src="${escapeHtml(token.href.trim())}" alt="${escapeHtml(token.text)}"${title}>`;
				const href = safeUrl(token.href);
				if (!href || /^(mailto|tel):/i.test(href)) return escapeHtml(token.text);
				const alt = token.text ? `${escapeHtml(token.text)} — ` : '';
				return `<span class="blocked-image">${alt}${escapeHtml(blockedImage)} <a href="${escapeHtml(href)}"${title}${externalLink(href)}>${escapeHtml(href)}</a></span>`;
			}
		}
	});
}

const externalLink = (href: string): string => (/^(https?:)?\/\//i.test(href) ? ' rel="noopener noreferrer" target="_blank"' : '');

const renderers = new Map<string, Marked>();

/** Markdown as safe HTML that loads nothing from the network. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
	const words = options.blockedImage ?? 'Image not loaded:';
	let marked = renderers.get(words);
	if (!marked) renderers.set(words, (marked = markedWith(words)));
	return marked.parse(source ?? '', { async: false }) as string;
}

/** The text of an article for a search or a summary: Markdown marks dropped. */
export function markdownExcerpt(source: string, length = 160): string {
	const text = source
		.replace(/```[\s\S]*?```/g, ' ')
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/^[#>\-*+|\s\d.]+/gm, '')
		.replace(/[*_`|]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}
