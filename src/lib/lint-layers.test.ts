/**
 * The import rules of eslint.config.js keep DESIGN.md's layers: a forbidden import fails the
 * lint, so a change to the configuration cannot let the rules stop working unnoticed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The layer rule's complaints about `code` were it the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer imports', { timeout: 60_000 }, () => {
	it('refuses the store in the domain, by alias and by relative path', async () => {
		expect(await layerErrors('src/lib/domain/example.ts', "import { db } from '$lib/db';\nexport const x = db;\n")).toEqual([
			expect.stringContaining('not db/')
		]);
		expect(await layerErrors('src/lib/domain/example.ts', "import { db } from '../db/index';\nexport const x = db;\n")).toHaveLength(1);
	});

	it('refuses components in state and the store in components', async () => {
		expect(
			await layerErrors('src/lib/state/example.svelte.ts', "import { x } from '$lib/components/shell/thing';\nexport const y = x;\n")
		).toEqual([expect.stringContaining('not components/')]);
		const svelte = "<script lang=\"ts\">\n\timport { journeyRepo } from '../../db';\n\tconsole.log(journeyRepo);\n</script>\n";
		expect(await layerErrors('src/lib/components/journey/Example.svelte', svelte)).toEqual([expect.stringContaining('not db/')]);
	});

	it('keeps the team server on the domain only, and the app away from the server', async () => {
		expect(await layerErrors('src/server/example.ts', "import { db } from '../lib/db';\nexport const x = db;\n")).toEqual([
			expect.stringContaining('not db/')
		]);
		expect(await layerErrors('src/server/example.ts', "import { ENTITY_KINDS } from '../lib/domain/entity-fields';\nexport const x = ENTITY_KINDS;\n")).toEqual([]);
		expect(await layerErrors('src/lib/state/example.ts', "import { startServer } from '../../server/serve';\nexport const x = startServer;\n")).toHaveLength(1);
		expect(await layerErrors('src/cli/example.ts', "import { startServer } from '../server/serve';\nexport const x = startServer;\n")).toEqual([]);
	});

	it('refuses dexie outside db/', async () => {
		expect(await layerErrors('src/lib/state/example.ts', "import Dexie from 'dexie';\nexport const x = Dexie;\n")).toHaveLength(1);
	});

	it('lets a layer import what the table allows', async () => {
		const code = "import type { Motive } from '$lib/domain/types';\nimport { db } from '$lib/db';\nexport const x: Motive[] = [];\nexport const y = db;\n";
		expect(await layerErrors('src/lib/state/example.ts', code)).toEqual([]);
		expect(await layerErrors('src/lib/components/example.ts', "import type { OverlayAnswer } from '$lib/workers/protocol';\nexport type X = OverlayAnswer;\n")).toEqual([]);
	});
});
