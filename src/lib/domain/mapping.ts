/**
 * Mapping rules (METRICS.md §6): a workspace's ordered rules for one journey, compiled into fast
 * matchers and applied over dictionaries — each distinct channel, motive or page is matched once,
 * then every row only looks its code up, so millions of rows cost one pass.
 *
 * - A contact rule names a channel, a motive and/or a category; each given field must equal the
 *   contact's (trimmed, case-insensitive); a rule that gives none matches every contact.
 *   `motive` is the qualification code as it appears in the log; `category` is the motive's
 *   category from the analysis settings (an uncatalogued motive is its own category).
 * - A web rule matches the page with a glob or a regular expression. A glob must match the whole
 *   path of the page (scheme, host, query and fragment dropped when the page is a URL),
 *   case-insensitively: `*` stays within a path segment, `**` crosses segments (`/aide/**` also
 *   matches `/aide`), `?` is one character other than `/`. A regular expression is searched in the
 *   page as written (anchor it with `^…$` to match the whole page).
 * - Patterns come from users and from received workspace files, so they run on a linear-time
 *   engine (RE2, through `re2js`): no pattern can make the overlay backtrack for minutes. What RE2
 *   cannot run in linear time (backreferences, lookahead, lookbehind) is refused by name.
 * - Rules are tried by `order` (ties: the order given); the first that matches wins.
 *
 * Pure: the tables are described structurally, so the domain does not depend on the engine.
 */
import { RE2JS } from 're2js';
import type { ContactMatch, MappingRule, PageMatch } from './types';
import { LruMap } from './lru';
import { errorMessage } from './guards';

/**
 * Why a rule cannot be used: `regex-invalid` (not a regular expression), `regex-unsupported` (a
 * backreference or lookaround, which a linear-time engine cannot run), `empty-pattern`, or
 * `other` (no target state, unknown kind or syntax, a field that is not text).
 */
export type MappingRuleProblem = 'regex-invalid' | 'regex-unsupported' | 'empty-pattern' | 'other';

/** A rule that cannot be used, named so the person who wrote it can find it. */
export class MappingRuleError extends Error {
	readonly ruleId: string;
	readonly reason: MappingRuleProblem;
	/** The rule's field at fault (`page`, `channel`…), when one is. */
	readonly field?: string;
	/** The pattern at fault and the engine's own words, for a pattern problem. */
	readonly pattern?: string;
	readonly detail?: string;
	constructor(
		ruleId: string,
		message: string,
		problem: { reason?: MappingRuleProblem; field?: string; pattern?: string; detail?: string } = {}
	) {
		super(message);
		this.name = 'MappingRuleError';
		this.ruleId = ruleId;
		this.reason = problem.reason ?? 'other';
		this.field = problem.field;
		this.pattern = problem.pattern;
		this.detail = problem.detail;
	}
}

/** A compiled page pattern: `test` searches the text (anchors in the pattern make it whole). */
export interface PageRegex {
	test(text: string): boolean;
}

/** Compiled patterns by flags and source: the overlay recompiles the same rules at every filter change. */
const compiledPatterns = new LruMap<string, RE2JS>(500);

/** A pattern compiled by RE2 (throws RE2's syntax error), from the cache when compiled before. */
function re2(source: string, flags: number): RE2JS {
	const key = `${flags}\u0000${source}`;
	let compiled = compiledPatterns.get(key);
	if (!compiled) {
		compiled = RE2JS.compile(source, flags);
		compiledPatterns.set(key, compiled);
	}
	return compiled;
}

/** The columns of a contact table that contact rules read (`ContactTable` fits). */
export interface ContactColumns {
	length: number;
	channel: Uint32Array;
	channels: readonly string[];
	motive: Uint32Array;
	motives: readonly string[];
}

/** The columns of a web table that web rules read (`WebTable` fits). */
export interface PageColumns {
	length: number;
	page: Uint32Array;
	pages: readonly string[];
}

type CompiledContactRule = { channel?: string; motive?: string; category?: string };

export interface CompiledRules {
	/** The rules used, sorted by `order`; a rule's index here is its number in every result. */
	rules: MappingRule[];
	/** The distinct target states, in the order of the rules. */
	states: string[];
	/** Per rule (same index as `rules`): index of its state in `states`. */
	stateOfRule: Int32Array;
	/** Per rule: the compiled contact condition, or null for a web rule. */
	contact: (CompiledContactRule | null)[];
	/** Per rule: the page test, or null for a contact rule. */
	page: (((page: string) => boolean) | null)[];
}

const fold = (text: string) => text.trim().toLowerCase();

/** The path of a page: scheme and host, query and fragment dropped when the page is a URL. */
export function pagePath(page: string): string {
	let path = page.trim();
	const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
	if (scheme) path = path.slice(scheme[0].length) || '/';
	const cut = path.search(/[?#]/);
	return cut >= 0 ? path.slice(0, cut) : path;
}

/** The last page's path: the rules are tried in turn on one page, each glob needs its path. */
let lastPage: string | null = null;
let lastPath = '';
function lastPagePath(page: string): string {
	if (page !== lastPage) {
		lastPath = pagePath(page);
		lastPage = page;
	}
	return lastPath;
}

/**
 * The matcher of a page glob, anchored at both ends, case-insensitive:
 * `**` any characters (a whole `/**` also matches nothing, a `**\/` also matches no folder),
 * `*` any characters but `/`, `?` one character but `/`. Linear time, however many stars.
 */
export function globMatcher(glob: string): PageRegex {
	let source = '';
	const text = glob.trim();
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '*') {
			if (text[i + 1] === '*') {
				const slashBefore = source.endsWith('/');
				const slashAfter = text[i + 2] === '/';
				i++;
				if (slashBefore && (i + 1 === text.length || slashAfter)) {
					// `/**` at the end or `/**/` in the middle: zero or more whole segments.
					source = source.slice(0, -1) + (slashAfter ? '(?:/.*)?/' : '(?:/.*)?');
					if (slashAfter) i++;
				} else source += '.*';
			} else source += '[^/]*';
		} else if (char === '?') source += '[^/]';
		else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	return re2(`^${source}$`, RE2JS.CASE_INSENSITIVE);
}

/**
 * A user's regular expression (JavaScript syntax, searched in the text, case as written) on the
 * linear-time engine. Throws a `MappingRuleError` naming the rule and its page field when the
 * pattern is not a regular expression, or uses what RE2 cannot run in linear time.
 */
function regexMatcher(ruleId: string, pattern: string): PageRegex {
	try {
		// Compiling (not running) a native RegExp is cheap and gives JavaScript's own verdict and words.
		new RegExp(pattern);
	} catch (error) {
		const detail = errorMessage(error).replace(/^Invalid regular expression: /, '');
		throw new MappingRuleError(
			ruleId,
			`Mapping rule "${ruleId}" has an invalid regular expression /${pattern}/ in its page field: ${detail}`,
			{ reason: 'regex-invalid', field: 'page', pattern, detail }
		);
	}
	try {
		return re2(RE2JS.translateRegExp(pattern), 0);
	} catch (error) {
		const detail = errorMessage(error).replace(/^error parsing regexp: /, '');
		throw new MappingRuleError(
			ruleId,
			`Mapping rule "${ruleId}" has a regular expression /${pattern}/ in its page field that Parcours cannot run safely (backreferences, lookahead and lookbehind are not supported): ${detail}`,
			{ reason: 'regex-unsupported', field: 'page', pattern, detail }
		);
	}
}

/*
 * Prefilters: RE2 in JavaScript is several times slower per test than the browser's engine, and
 * most pages fail most rules on their first characters. A rule's literal start, checked first,
 * rejects them without running the pattern; it never rejects a page the pattern would match.
 */

/**
 * The literal start of a glob, lower-cased ASCII (up to the first wildcard or non-ASCII letter),
 * without the `/` before a wildcard: `/aide/**` also matches `/aide`.
 */
function globPrefix(glob: string): string {
	let prefix = '';
	const text = glob.trim();
	for (const char of text) {
		if (char === '*' || char === '?' || char.charCodeAt(0) > 0x7f) {
			if (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
			break;
		}
		prefix += char.toLowerCase();
	}
	return prefix;
}

/**
 * Whether `text` starts with `prefix` (lower-case ASCII), ignoring ASCII case. A non-ASCII
 * character of the text answers yes: RE2's case folding matches some to ASCII letters (K, ſ).
 */
function startsWithFolded(text: string, prefix: string): boolean {
	if (text.length < prefix.length) return false;
	for (let i = 0; i < prefix.length; i++) {
		let code = text.charCodeAt(i);
		if (code > 0x7f) return true;
		if (code >= 65 && code <= 90) code += 32;
		if (code !== prefix.charCodeAt(i)) return false;
	}
	return true;
}

/**
 * The text every match of an anchored regular expression starts with (`^/aide/` of
 * `^/aide/.*`), or '' when there is none to be sure of: no anchor, an alternation anywhere, or a
 * flag group.
 */
function regexPrefix(pattern: string): string {
	if (!pattern.startsWith('^') || pattern.includes('|')) return '';
	let prefix = '';
	for (let i = 1; i < pattern.length; i++) {
		let char = pattern[i];
		if (char === '\\') {
			const next = pattern[i + 1] ?? '';
			// Only an escaped punctuation mark is itself (`\d`, `\b`, `\x41` are not).
			if (!/^[!-/:-@[-`{-~]$/.test(next)) break;
			char = next;
			i++;
		} else if ('.[]()*+?{}^$'.includes(char)) break;
		const after = pattern[i + 1];
		if (after !== undefined && '*?{'.includes(after)) break;
		prefix += char;
	}
	return prefix;
}

function compilePage(rule: MappingRule & { kind: 'web' }): (page: string) => boolean {
	const match: PageMatch = rule.match;
	const pattern = typeof match?.page === 'string' ? match.page.trim() : '';
	if (!pattern) {
		throw new MappingRuleError(rule.id, `Mapping rule "${rule.id}" has an empty page pattern`, { reason: 'empty-pattern', field: 'page' });
	}
	if (match.syntax === 'regex') {
		const regex = regexMatcher(rule.id, pattern);
		const prefix = regexPrefix(pattern);
		return prefix ? (page) => page.startsWith(prefix) && regex.test(page) : (page) => regex.test(page);
	}
	if (match.syntax !== 'glob') {
		throw new MappingRuleError(
			rule.id,
			`Mapping rule "${rule.id}" has page syntax "${String(match.syntax)}": expected glob or regex`
		);
	}
	const regex = globMatcher(pattern);
	const prefix = globPrefix(pattern);
	return (page) => {
		const path = lastPagePath(page);
		return startsWithFolded(path, prefix) && regex.test(path);
	};
}

function compileContact(rule: MappingRule & { kind: 'contact' }): CompiledContactRule {
	const match: ContactMatch = rule.match ?? {};
	const out: CompiledContactRule = {};
	for (const field of ['channel', 'motive', 'category'] as const) {
		const value = match[field];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'string') {
			throw new MappingRuleError(rule.id, `Mapping rule "${rule.id}" has a ${field} that is not text`, { field });
		}
		if (value.trim()) out[field] = fold(value);
	}
	return out;
}

/**
 * Compiles the rules of one journey (all the rules given when `journeyId` is omitted), sorted by
 * `order`. Throws a `MappingRuleError` naming the first unusable rule (invalid regular expression,
 * empty pattern, unknown kind, empty state).
 */
export function compileRules(rules: readonly MappingRule[], journeyId?: string): CompiledRules {
	const kept = rules
		.map((rule, index) => ({ rule, index }))
		.filter(({ rule }) => journeyId === undefined || rule.journeyId === journeyId)
		.sort((a, b) => (a.rule.order ?? 0) - (b.rule.order ?? 0) || a.index - b.index)
		.map(({ rule }) => rule);
	const states: string[] = [];
	const stateIndex = new Map<string, number>();
	const stateOfRule = new Int32Array(kept.length);
	const contact: (CompiledContactRule | null)[] = [];
	const page: (((page: string) => boolean) | null)[] = [];
	kept.forEach((rule, r) => {
		const id = typeof rule.id === 'string' && rule.id ? rule.id : `#${r + 1}`;
		if (typeof rule.stateId !== 'string' || !rule.stateId.trim()) {
			throw new MappingRuleError(id, `Mapping rule "${id}" has no target state`);
		}
		let s = stateIndex.get(rule.stateId);
		if (s === undefined) {
			s = states.length;
			states.push(rule.stateId);
			stateIndex.set(rule.stateId, s);
		}
		stateOfRule[r] = s;
		if (rule.kind === 'contact') {
			contact.push(compileContact({ ...rule, id }));
			page.push(null);
		} else if (rule.kind === 'web') {
			contact.push(null);
			page.push(compilePage({ ...rule, id }));
		} else {
			throw new MappingRuleError(
				id,
				`Mapping rule "${id}" has kind "${String((rule as { kind?: unknown }).kind)}": expected contact or web`
			);
		}
	});
	return { rules: kept, states, stateOfRule, contact, page };
}

/** One unmapped value and how many events carry it, with the rule that would map it. */
export interface UnmappedValue<M> {
	value: string;
	count: number;
	match: M;
}

export interface ContactMapping {
	/** Per row: the index of the rule that maps it (in `CompiledRules.rules`), -1 when unmapped. */
	ruleOfRow: Int32Array;
	/** Per rule: the rows it maps (0 for web rules). */
	matched: number[];
	mapped: number;
	unmapped: number;
	/** Unmapped rows by motive and by channel, largest first (at most `top` each). */
	unmappedMotives: UnmappedValue<ContactMatch>[];
	unmappedChannels: UnmappedValue<ContactMatch>[];
}

export interface PageMapping {
	ruleOfRow: Int32Array;
	/** Per rule: the page views it maps (0 for contact rules). */
	matched: number[];
	mapped: number;
	unmapped: number;
	/** Unmapped page views by page, largest first (at most `top`). */
	unmappedPages: UnmappedValue<PageMatch>[];
}

/** Optional row filter: rows where `keep[row]` is 0 are neither mapped nor counted. */
export interface MapOptions {
	keep?: Uint8Array;
	/** How many unmapped values to list. @default 20 */
	top?: number;
}

/** The first contact rule matching a channel, motive and category (already folded), or -1. */
function firstContactRule(
	compiled: CompiledRules,
	channel: string,
	motive: string,
	category: string
): number {
	const { contact } = compiled;
	for (let r = 0; r < contact.length; r++) {
		const rule = contact[r];
		if (!rule) continue;
		if (rule.channel !== undefined && rule.channel !== channel) continue;
		if (rule.motive !== undefined && rule.motive !== motive) continue;
		if (rule.category !== undefined && rule.category !== category) continue;
		return r;
	}
	return -1;
}

function topValues<M>(
	counts: Float64Array,
	names: readonly string[],
	top: number,
	match: (value: string) => M
): UnmappedValue<M>[] {
	const codes: number[] = [];
	for (let c = 0; c < counts.length; c++) if (counts[c] > 0) codes.push(c);
	codes.sort((a, b) => counts[b] - counts[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
	return codes.slice(0, top).map((c) => ({ value: names[c], count: counts[c], match: match(names[c]) }));
}

/**
 * Maps every contact row to its rule. `categories` is motive → category (the analysis settings');
 * an uncatalogued motive is its own category. Distinct (channel, motive) pairs are matched once.
 */
export function mapContacts(
	compiled: CompiledRules,
	table: ContactColumns,
	categories: Readonly<Record<string, string>> = {},
	options: MapOptions = {}
): ContactMapping {
	const { length, channel, motive, channels, motives } = table;
	const ruleOfRow = new Int32Array(length).fill(-1);
	const matched = new Array<number>(compiled.rules.length).fill(0);
	const unmappedByMotive = new Float64Array(motives.length);
	const unmappedByChannel = new Float64Array(channels.length);
	const top = options.top ?? 20;
	const hasContactRules = compiled.contact.some((rule) => rule !== null);
	const keep = options.keep;
	let mapped = 0;
	let unmapped = 0;
	if (hasContactRules) {
		const channelText = channels.map(fold);
		const motiveText = motives.map(fold);
		// Catalogue codes are compared trimmed and case-insensitively (METRICS.md §1).
		const categoryOf = new Map<string, string>();
		for (const [code, category] of Object.entries(categories)) if (!categoryOf.has(fold(code))) categoryOf.set(fold(code), category);
		const categoryText = motives.map((m) => fold(categoryOf.get(fold(m)) ?? m));
		const pairs = channels.length * motives.length;
		// Pairs already matched: rule + 2 (0 = not yet matched, 1 = no rule).
		const dense = pairs <= 1 << 24 ? new Int32Array(pairs) : null;
		const sparse = dense ? null : new Map<number, number>();
		const ruleCount = new Float64Array(compiled.rules.length);
		const m = motives.length;
		for (let row = 0; row < length; row++) {
			if (keep && keep[row] === 0) continue;
			const ch = channel[row];
			const mo = motive[row];
			const pair = ch * m + mo;
			let cached = dense ? dense[pair] : (sparse as Map<number, number>).get(pair) ?? 0;
			if (cached === 0) {
				cached = firstContactRule(compiled, channelText[ch], motiveText[mo], categoryText[mo]) + 2;
				if (dense) dense[pair] = cached;
				else (sparse as Map<number, number>).set(pair, cached);
			}
			const rule = cached - 2;
			ruleOfRow[row] = rule;
			if (rule >= 0) ruleCount[rule]++;
			else {
				unmappedByMotive[mo]++;
				unmappedByChannel[ch]++;
			}
		}
		for (let r = 0; r < ruleCount.length; r++) {
			matched[r] = ruleCount[r];
			mapped += ruleCount[r];
		}
	} else {
		for (let row = 0; row < length; row++) {
			if (keep && keep[row] === 0) continue;
			unmappedByMotive[motive[row]]++;
			unmappedByChannel[channel[row]]++;
		}
	}
	for (let c = 0; c < unmappedByChannel.length; c++) unmapped += unmappedByChannel[c];
	return {
		ruleOfRow,
		matched,
		mapped,
		unmapped,
		unmappedMotives: topValues(unmappedByMotive, motives, top, (value) => ({ motive: value })),
		unmappedChannels: topValues(unmappedByChannel, channels, top, (value) => ({ channel: value }))
	};
}

/** The rule index per distinct page (-1: no rule). */
export function rulesOfPages(compiled: CompiledRules, pages: readonly string[]): Int32Array {
	const out = new Int32Array(pages.length).fill(-1);
	const tests = compiled.page;
	for (let p = 0; p < pages.length; p++) {
		for (let r = 0; r < tests.length; r++) {
			const test = tests[r];
			if (test && test(pages[p])) {
				out[p] = r;
				break;
			}
		}
	}
	return out;
}

/** Maps every page view to its rule; each distinct page is matched once. */
export function mapPages(compiled: CompiledRules, table: PageColumns, options: MapOptions = {}): PageMapping {
	const { length, page, pages } = table;
	const ruleOfPage = rulesOfPages(compiled, pages);
	const ruleOfRow = new Int32Array(length).fill(-1);
	const ruleCount = new Float64Array(compiled.rules.length);
	const unmappedByPage = new Float64Array(pages.length);
	const keep = options.keep;
	for (let row = 0; row < length; row++) {
		if (keep && keep[row] === 0) continue;
		const rule = ruleOfPage[page[row]];
		ruleOfRow[row] = rule;
		if (rule >= 0) ruleCount[rule]++;
		else unmappedByPage[page[row]]++;
	}
	let mapped = 0;
	let unmapped = 0;
	for (let r = 0; r < ruleCount.length; r++) mapped += ruleCount[r];
	for (let p = 0; p < unmappedByPage.length; p++) unmapped += unmappedByPage[p];
	return {
		ruleOfRow,
		matched: Array.from(ruleCount),
		mapped,
		unmapped,
		unmappedPages: topValues(unmappedByPage, pages, options.top ?? 20, (value) => ({
			page: pagePath(value),
			syntax: 'glob' as const
		}))
	};
}

/** A page test from a pattern typed by a user (a glob, or a regular expression); throws when invalid. */
export function pagePattern(match: PageMatch): (page: string) => boolean {
	return compilePage({
		id: 'pattern',
		workspaceId: '',
		journeyId: '',
		order: 0,
		stateId: '-',
		kind: 'web',
		match
	});
}
