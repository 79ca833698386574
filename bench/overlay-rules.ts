/**
 * `npx tsx bench/overlay-rules.ts`: the cost of the mapping rules in the overlay — the demo
 * workspace's rules (globs) and as many regular expressions, matched over distinct pages (the
 * overlay matches each distinct page once), then the demo's whole overlay over a generated log.
 * Best of `--runs` (default 5) in milliseconds.
 *
 *   npx tsx bench/overlay-rules.ts              100 000 distinct pages, 20 000 contacts
 *   npx tsx bench/overlay-rules.ts --pages 20000 --contacts 5000
 */
import { createDemoWorkspace } from '../src/lib/domain/demo';
import { compileRules, rulesOfPages } from '../src/lib/domain/mapping';
import type { MappingRule } from '../src/lib/domain/types';
import { overlay } from '../src/lib/analysis/overlay';
import { journeyModel } from '../src/lib/analysis/overlay-model';
import { generatedLogs } from '../tests/fixtures/contacts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = argv.indexOf(`--${name}`);
	return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const runs = option('runs', 5);
const pageCount = option('pages', 100_000);
const contactCount = option('contacts', 20_000);

function best(label: string, run: () => void): number {
	let min = Infinity;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		run();
		min = Math.min(min, performance.now() - started);
	}
	console.log(`${label}: ${min.toFixed(1)} ms`);
	return min;
}

const workspace = createDemoWorkspace(new Date('2026-07-01T00:00:00Z'));
const journey = workspace.journeys[0];
const globs = workspace.rules.filter((r) => r.journeyId === journey.id);
// The same pages written as regular expressions, anchored, to time the regex path too.
const regexes: MappingRule[] = globs
	.filter((r) => r.kind === 'web')
	.map((r, i) => ({
		...r,
		id: `${r.id}-re`,
		order: 1000 + i,
		match: { page: `^${(r.match as { page: string }).page.replace(/\*\*/g, '.*').replace(/(?<!\.)\*/g, '[^/]*')}$`, syntax: 'regex' as const }
	}));
const sections = ['aide', 'compte', 'facture', 'contrat', 'offres', 'espace-client', 'demenagement', 'contact'];
const pages: string[] = [];
for (let i = 0; i < pageCount; i++) {
	pages.push(`https://www.example.fr/${sections[i % sections.length]}/${(i * 7919) % 1000}/article-${i}?utm=${i % 13}`);
}

const compiledGlobs = compileRules(globs, journey.id);
const compiledRegexes = compileRules(regexes, journey.id);
const results: Record<string, number> = {};
results.compileRules = best('compile the rules (globs and regexes)', () => void compileRules([...globs, ...regexes], journey.id));
results.globPages = best(`${globs.length} demo rules over ${pageCount} distinct pages`, () => void rulesOfPages(compiledGlobs, pages));
results.regexPages = best(`${regexes.length} regex rules over ${pageCount} distinct pages`, () => void rulesOfPages(compiledRegexes, pages));

const { contacts, web } = generatedLogs(contactCount, 3);
results.overlay = best(`demo overlay, ${contactCount} contacts and ${web.length} page views`, () => {
	for (const j of workspace.journeys) {
		overlay({ contacts, web, rules: workspace.rules, journeyId: j.id, model: journeyModel(j.machine) });
	}
});
console.log(JSON.stringify(results));
