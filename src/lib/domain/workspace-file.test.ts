import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemoWorkspace } from './demo';
import { content, motive, text } from './test-factories';
import {
	describeWorkspaceFileError,
	endsEarly,
	importedName,
	parseWorkspaceFile,
	serializeWorkspace,
	serializeWorkspaceParts,
	WORKSPACE_FILE_FORMAT,
	WORKSPACE_FILE_VERSION,
	type WorkspaceFileError
} from './workspace-file';

const NOW = new Date('2026-03-01T10:00:00.000Z');

/** A serialised workspace with some of its fields changed. */
function fileWith(change: (file: Record<string, unknown>) => void): string {
	const file = JSON.parse(serializeWorkspace(content(), NOW)) as Record<string, unknown>;
	change(file);
	return JSON.stringify(file);
}

function errorOf(textOfFile: string): WorkspaceFileError {
	const result = parseWorkspaceFile(textOfFile);
	if (result.ok) throw new Error('expected the file to be refused');
	return result.error;
}

describe('serializeWorkspace', () => {
	it('writes the format, the version and the export time before the content, as pretty JSON', () => {
		const written = serializeWorkspace(content(), NOW);
		expect(written.split('\n').length).toBeGreaterThan(10);
		const file = JSON.parse(written);
		expect(Object.keys(file).slice(0, 4)).toEqual(['format', 'version', 'exportedAt', 'workspace']);
		expect(file.format).toBe(WORKSPACE_FILE_FORMAT);
		expect(file.version).toBe(WORKSPACE_FILE_VERSION);
		expect(file.exportedAt).toBe('2026-03-01T10:00:00.000Z');
	});
});

describe('parseWorkspaceFile', () => {
	it('opens a file of version 1, written before guides and feedback, with none of them', () => {
		const older = fileWith((f) => {
			f.version = 1;
			delete f.guides;
			delete f.feedback;
		});
		const result = parseWorkspaceFile(older);
		expect(result.ok && result.content.guides).toEqual([]);
		expect(result.ok && result.content.feedback).toEqual([]);
		expect(result.ok && result.content.motives).toEqual(content().motives);
	});

	it('opens a file of version 3, written before files carried logs, with none', () => {
		const result = parseWorkspaceFile(fileWith((f) => (f.version = 3)));
		expect(result.ok && result.content.motives).toEqual(content().motives);
		expect(result.ok && result.datasets).toBeUndefined();
	});

	it('puts the datasets’ parts in the file’s "datasets" list, after the model, as valid JSON', () => {
		const logs = [['{"dataset": {"id": "d1"}, ', '"chunks": [', '{"column": "time"}', ']}'], ['{"dataset": {"id": "d2"}, "chunks": []}']];
		const parts = serializeWorkspaceParts(content(), NOW, {}, logs);
		const file = JSON.parse(parts.join(''));
		expect(file.version).toBe(4);
		expect(file.motives).toEqual(content().motives);
		expect(file.datasets).toEqual([{ dataset: { id: 'd1' }, chunks: [{ column: 'time' }] }, { dataset: { id: 'd2' }, chunks: [] }]);
		const result = parseWorkspaceFile(parts.join(''));
		expect(result.ok && result.datasets).toEqual(file.datasets);
		expect(parseWorkspaceFile(fileWith((f) => (f.datasets = {}))).ok).toBe(false);
		// Without logs, the file is the model alone.
		expect(serializeWorkspaceParts(content(), NOW, {}, []).join('')).toBe(serializeWorkspace(content(), NOW));
	});

	it('refuses a guide whose motive, source or article is not in the file, naming the step', () => {
		const lost = fileWith((f) => {
			const [guide] = f.guides as { machine: { states: Record<string, { meta: { step: Record<string, string> } }> } }[];
			guide.machine.states.read.meta.step.articleId = 'gone';
		});
		expect(errorOf(lost)).toMatchObject({ code: 'invalid', path: 'guides[0].machine.states.read.meta.step.articleId' });
		expect(errorOf(fileWith((f) => ((f.guides as { motiveId: string }[])[0].motiveId = 'gone')))).toMatchObject({ path: 'guides[0].motiveId' });
		expect(errorOf(fileWith((f) => ((f.feedback as { articleId: string }[])[0].articleId = 'gone')))).toMatchObject({ path: 'feedback[0].articleId' });
	});

	it('refuses a guide with a state key that cannot be used, naming it', () => {
		const bad = fileWith((f) => {
			const [guide] = f.guides as { machine: { states: Record<string, unknown> } }[];
			guide.machine.states['a.b'] = guide.machine.states.read;
		});
		expect(errorOf(bad)).toMatchObject({ code: 'state-key', key: 'a.b', path: 'guides[0].machine.states["a.b"]' });
	});

	it('reads back exactly what was written', () => {
		const original = content();
		expect(parseWorkspaceFile(serializeWorkspace(original))).toStrictEqual({ ok: true, content: original });
	});

	it('reads back any valid catalogue of motives', () => {
		const motiveFields = fc.record({
			label: fc.record(
				{ fr: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), en: fc.constant('x') },
				{ noNullPrototype: true }
			),
			crmCodes: fc.array(fc.string()),
			// JSON has no negative zero; a prevalence of −0 comes back as 0.
			prevalence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }).filter((x) => !Object.is(x, -0)), { nil: undefined }),
			complex: fc.boolean(),
			description: fc.string()
		}, { noNullPrototype: true });
		fc.assert(
			fc.property(fc.array(motiveFields, { maxLength: 5 }), (fields) => {
				const original = content();
				// The guide's motive is replaced too.
				original.guides = [];
				original.motives = fields.map((f, i) => {
					const m = motive({ ...f, id: `m${i}`, themeId: 'theme-billing' });
					if (f.prevalence === undefined) delete m.prevalence;
					return m;
				});
				expect(parseWorkspaceFile(serializeWorkspace(original))).toStrictEqual({ ok: true, content: original });
			}),
			{ numRuns: 50 }
		);
	});

	it('reads back the demo workspace', () => {
		const demo = createDemoWorkspace(NOW);
		expect(parseWorkspaceFile(serializeWorkspace(demo))).toStrictEqual({ ok: true, content: demo });
	});

	it('carries the workspace costs and currency', () => {
		const original = content();
		original.workspace.costs = { currency: 'CHF', costPerChannel: { phone: 7.25, email: 0 } };
		const result = parseWorkspaceFile(serializeWorkspace(original));
		expect(result.ok && result.content.workspace.costs).toStrictEqual({ currency: 'CHF', costPerChannel: { phone: 7.25, email: 0 } });
	});

	it('still reads a file written before workspaces had costs', () => {
		const older = fileWith((f) => delete (f.workspace as Record<string, unknown>).costs);
		const result = parseWorkspaceFile(older);
		expect(result.ok).toBe(true);
		expect(result.ok && result.content.workspace.costs).toBeUndefined();
	});

	it('refuses a currency it does not know and a negative cost', () => {
		const withCosts = (costs: unknown) => fileWith((f) => ((f.workspace as Record<string, unknown>).costs = costs));
		expect(errorOf(withCosts({ currency: 'XYZ', costPerChannel: {} }))).toMatchObject({ code: 'invalid', path: 'workspace.costs.currency' });
		expect(errorOf(withCosts({ currency: 'EUR', costPerChannel: { phone: -1 } }))).toMatchObject({ code: 'invalid', path: 'workspace.costs.costPerChannel.phone' });
	});

	it('carries the workspace time zone; a file without one still reads, a name the platform does not know is refused', () => {
		const original = content();
		original.workspace.timeZone = 'America/New_York';
		const result = parseWorkspaceFile(serializeWorkspace(original));
		expect(result.ok && result.content.workspace.timeZone).toBe('America/New_York');
		const older = fileWith((f) => delete (f.workspace as Record<string, unknown>).timeZone);
		const read = parseWorkspaceFile(older);
		expect(read.ok).toBe(true);
		expect(read.ok && read.content.workspace.timeZone).toBeUndefined();
		const withZone = (timeZone: unknown) => fileWith((f) => ((f.workspace as Record<string, unknown>).timeZone = timeZone));
		expect(errorOf(withZone('Europe/Pariss'))).toMatchObject({ code: 'invalid', path: 'workspace.timeZone' });
		expect(errorOf(withZone('+02:00'))).toMatchObject({ code: 'invalid', path: 'workspace.timeZone' });
		// Another browser's spelling of a zone this platform knows under another name still opens.
		for (const zone of ['Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev']) {
			expect(parseWorkspaceFile(withZone(zone)).ok, zone).toBe(true);
		}
	});

	it('tolerates a UTF-8 byte order mark', () => {
		const result = parseWorkspaceFile('\uFEFF' + serializeWorkspace(content()));
		expect(result.ok).toBe(true);
	});

	it('refuses an empty file', () => {
		expect(errorOf('')).toEqual({ code: 'empty' });
		expect(errorOf(' \n\t')).toEqual({ code: 'empty' });
		expect(errorOf('\uFEFF')).toEqual({ code: 'empty' });
	});

	it('tells a file cut short from a file that is not JSON', () => {
		const whole = serializeWorkspace(content());
		expect(errorOf(whole.slice(0, whole.length / 2)).code).toBe('truncated');
		expect(errorOf(whole.slice(0, whole.indexOf('Energy') + 3)).code).toBe('truncated');
		expect(errorOf(whole.slice(0, -1)).code).toBe('truncated');
		expect(errorOf('format;version\nparcours;1').code).toBe('not-json');
		expect(errorOf('{"format": "parcours-workspace",, }').code).toBe('not-json');
		expect(errorOf('<html></html>').code).toBe('not-json');
	});

	it('calls every cut of a workspace file truncated', () => {
		const whole = serializeWorkspace(content());
		fc.assert(
			fc.property(fc.integer({ min: 1, max: whole.length - 1 }), (cut) => {
				expect(errorOf(whole.slice(0, cut)).code).toBe('truncated');
			}),
			{ numRuns: 200 }
		);
	});

	it('refuses JSON that is not a workspace file', () => {
		expect(errorOf('[1, 2]').code).toBe('not-workspace');
		expect(errorOf('"hello"').code).toBe('not-workspace');
		expect(errorOf('{"name": "x"}')).toMatchObject({ code: 'not-workspace', detail: expect.stringContaining('format') });
		expect(errorOf(fileWith((f) => (f.format = 'other-app'))).code).toBe('not-workspace');
	});

	it('refuses a file from a newer Parcours, saying which version', () => {
		const error = errorOf(fileWith((f) => (f.version = WORKSPACE_FILE_VERSION + 1)));
		expect(error).toEqual({ code: 'newer-version', version: WORKSPACE_FILE_VERSION + 1 });
		expect(describeWorkspaceFileError(error)).toMatch(new RegExp(`version ${WORKSPACE_FILE_VERSION + 1}.*newer Parcours`));
	});

	it('refuses a file without a usable version', () => {
		expect(errorOf(fileWith((f) => delete f.version))).toMatchObject({ code: 'invalid', path: 'version' });
		expect(errorOf(fileWith((f) => (f.version = '1')))).toMatchObject({ code: 'invalid', path: 'version' });
	});

	it('names the first failing path of invalid content', () => {
		const error = errorOf(
			fileWith((f) => {
				const motives = f.motives as Record<string, unknown>[];
				motives[0].label = { fr: '', en: 'Amount' };
			})
		);
		expect(error).toMatchObject({ code: 'invalid', path: 'motives[0].label.fr' });
		expect(describeWorkspaceFileError(error)).toContain('motives[0].label.fr');
		expect(errorOf(fileWith((f) => delete f.themes))).toMatchObject({ code: 'invalid', path: 'themes' });
	});

	it('checks that every entity belongs to the workspace and every motive has its theme', () => {
		expect(
			errorOf(fileWith((f) => ((f.actions as Record<string, unknown>[])[0].workspaceId = 'elsewhere')))
		).toMatchObject({ code: 'invalid', path: 'actions[0].workspaceId' });
		expect(
			errorOf(fileWith((f) => ((f.motives as Record<string, unknown>[])[0].themeId = 'gone')))
		).toMatchObject({ code: 'invalid', path: 'motives[0].themeId' });
	});

	it('drops fields it does not know rather than storing them', () => {
		const result = parseWorkspaceFile(fileWith((f) => ((f.workspace as Record<string, unknown>).secret = 1)));
		expect(result.ok && 'secret' in result.content.workspace).toBe(false);
	});
});

describe('describeWorkspaceFileError', () => {
	it('gives one sentence per problem', () => {
		const errors: WorkspaceFileError[] = [
			{ code: 'empty' },
			{ code: 'not-json', detail: 'Unexpected token' },
			{ code: 'truncated' },
			{ code: 'not-workspace' },
			{ code: 'newer-version', version: 3 },
			{ code: 'invalid', path: 'motives[2].label', detail: 'must not be empty' }
		];
		const sentences = errors.map(describeWorkspaceFileError);
		expect(new Set(sentences).size).toBe(errors.length);
		for (const sentence of sentences) expect(sentence).toMatch(/^The .*\.$/);
		expect(sentences[5]).toBe('The workspace file is not valid at motives[2].label: it must not be empty.');
	});
});

describe('endsEarly', () => {
	it('is true only for beginnings of JSON', () => {
		expect(endsEarly('{"a": [1, tr')).toBe(true);
		expect(endsEarly('{"a": "\\u00')).toBe(true);
		expect(endsEarly('{"a": 1}')).toBe(false);
		expect(endsEarly('{"a" 1')).toBe(false);
		expect(endsEarly('{"a": tx')).toBe(false);
		expect(endsEarly(JSON.stringify({ label: text('é') }) + '}')).toBe(false);
	});
});

describe('deeply nested files', () => {
	/** A machine whose states nest `depth` levels deep, as JSON text. */
	function deepStates(depth: number): string {
		return '{"initial":"s","states":{"s":'.repeat(depth) + '{}' + '}}'.repeat(depth);
	}
	const workspaceWith = (machine: string) =>
		`{"format":"parcours-workspace","version":1,"workspace":{"id":"w","name":"W"},"journeys":[{"id":"j","machine":${machine}}]}`;

	it('refuses a file nested thousands of levels deep with a sentence, without a stack overflow', () => {
		for (const text of [workspaceWith(deepStates(5000)), '['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(50_000)]) {
			const result = parseWorkspaceFile(text);
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.error.code).toBe('too-deep');
			expect(describeWorkspaceFileError(result.error)).toMatch(/nested more than 100 levels deep/);
		}
	});

	it('still reads the nesting of a real journey', () => {
		const result = parseWorkspaceFile(workspaceWith(deepStates(3)));
		expect(result.ok || result.error.code).not.toBe('too-deep');
	});
});

describe('state keys', () => {
	/** The demo workspace's file with a state of its first journey renamed to `key`. */
	function demoWithStateKey(key: string, nested = false): string {
		const file = JSON.parse(serializeWorkspace(createDemoWorkspace(NOW), NOW));
		const machine = file.journeys[0].machine;
		const [first] = Object.keys(machine.states);
		const holder = nested ? (Object.values(machine.states).find((s) => (s as { states?: object }).states) as { states: Record<string, unknown> }).states : machine.states;
		const [old] = Object.keys(holder);
		// Built as text: an object literal would not keep a "__proto__" key.
		const text = JSON.stringify(file).replace(JSON.stringify(holder), JSON.stringify(holder).replace(`"${old}":`, `${JSON.stringify(key)}:`));
		expect(text, first).not.toBe(JSON.stringify(file));
		return text;
	}

	it('refuses a state key with a dot, or named like a property of every object, naming the key', () => {
		for (const key of ['a.b', '__proto__', 'constructor', 'prototype', 'valueOf']) {
			for (const nested of [false, true]) {
				const error = errorOf(demoWithStateKey(key, nested));
				expect(error.code, key).toBe('state-key');
				expect(error.key).toBe(key);
				expect(error.path).toMatch(/^journeys\[0\]\.machine\.states/);
				expect(describeWorkspaceFileError(error)).toContain(`"${key}"`);
			}
		}
	});
});

describe('the pseudonymisation key', () => {
	const KEY = 'ab'.repeat(32);
	const keyed = () => {
		const c = content();
		return { ...c, workspace: { ...c.workspace, pseudonymKey: KEY } };
	};

	it('stays out of an exported file unless the user asks for it', () => {
		const plain = serializeWorkspace(keyed(), NOW);
		expect(plain).not.toContain(KEY);
		expect(JSON.parse(plain).workspace).not.toHaveProperty('pseudonymKey');
		const withKey = JSON.parse(serializeWorkspace(keyed(), NOW, { includeKey: true }));
		expect(withKey.workspace.pseudonymKey).toBe(KEY);
	});

	it('never writes the salt of the older, reversible function', () => {
		const c = content();
		const file = serializeWorkspace({ ...c, workspace: { ...c.workspace, pseudonymSalt: 'f00d'.repeat(8) } as typeof c.workspace }, NOW, { includeKey: true });
		expect(file).not.toContain('f00d');
	});

	it('is set aside when a received file carries it: the workspace read from the file has none', () => {
		const result = parseWorkspaceFile(serializeWorkspace(keyed(), NOW, { includeKey: true }));
		if (!result.ok) throw new Error(describeWorkspaceFileError(result.error));
		expect(result.content.workspace).not.toHaveProperty('pseudonymKey');
		expect(result.carriedKey).toEqual({ function: 'hmac-sha256', key: KEY });
	});

	it('drops an older salt from a received file, and says so', () => {
		const result = parseWorkspaceFile(fileWith((file) => ((file.workspace as Record<string, unknown>).pseudonymSalt = 'f00d'.repeat(8))));
		if (!result.ok) throw new Error(describeWorkspaceFileError(result.error));
		expect(result.content.workspace).not.toHaveProperty('pseudonymSalt');
		expect(result.carriedKey).toEqual({ function: 'legacy-mix' });
	});

	it('refuses a key that is not 256 bits in hex', () => {
		expect(errorOf(fileWith((file) => ((file.workspace as Record<string, unknown>).pseudonymKey = 'short')))).toMatchObject({
			code: 'invalid',
			path: 'workspace.pseudonymKey'
		});
	});

	it('is absent from a file without one', () => {
		const result = parseWorkspaceFile(serializeWorkspace(content(), NOW));
		expect(result.ok && result.carriedKey).toBeUndefined();
	});

	describe('what the file keeps, chosen on export', () => {
		const full = content();
		full.workspace = {
			...full.workspace,
			pseudonymKey: 'ab'.repeat(32),
			costs: { currency: 'GBP', costPerChannel: { phone: 4.5 } },
			deck: [{ id: 'slide-1', kind: 'frictions', title: 'Where it hurts', top: 3 }]
		};
		const settings = { dashboard: { window: '14d', scope: 'category' }, frictionTarget: 0.8 };
		const read = (options: Parameters<typeof serializeWorkspace>[2]) => {
			const result = parseWorkspaceFile(serializeWorkspace(full, NOW, options));
			if (!result.ok) throw new Error(describeWorkspaceFileError(result.error));
			return result;
		};

		it('keeps the settings, the deck and no key by default', () => {
			const result = read({ settings });
			expect(result.content.workspace.costs).toEqual(full.workspace.costs);
			expect(result.content.workspace.deck).toEqual(full.workspace.deck);
			expect(result.settings).toEqual(settings);
			expect(result.carriedKey).toBeUndefined();
			expect(result.content.motives).toEqual(full.motives);
		});

		it('leaves out the settings, the deck, or both, and carries the key only when asked', () => {
			const bare = read({ settings, includeSettings: false, includeDeck: false });
			expect(bare.content.workspace.costs).toBeUndefined();
			expect(bare.content.workspace.deck).toBeUndefined();
			expect(bare.settings).toBeUndefined();
			expect(bare.content.journeys).toEqual(full.journeys);
			const withKey = read({ includeKey: true, includeDeck: false });
			expect(withKey.carriedKey).toEqual({ function: 'hmac-sha256', key: 'ab'.repeat(32) });
			expect(withKey.content.workspace.deck).toBeUndefined();
			expect(withKey.content.workspace.costs).toEqual(full.workspace.costs);
		});

		it('drops carried settings it cannot use, and reads a file of version 2 without any', () => {
			const odd = fileWith((f) => (f.settings = { dashboard: [1], frictionTarget: 7 }));
			const result = parseWorkspaceFile(odd);
			expect(result.ok && result.settings).toBeUndefined();
			const older = parseWorkspaceFile(fileWith((f) => (f.version = 2)));
			expect(older.ok && older.content.motives).toEqual(content().motives);
		});
	});

	it('names a re-imported copy after the original, as a copy, until the name is free', () => {
		const copy = (name: string) => `${name} (copie)`;
		expect(importedName('Audit', ['Other'], copy)).toBe('Audit');
		expect(importedName('Audit', ['Audit'], copy)).toBe('Audit (copie)');
		expect(importedName('Audit', ['Audit', 'Audit (copie)'], copy)).toBe('Audit (copie) (copie)');
	});
});
