import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';
import { createDemoWorkspace, JOURNEY_EMMENAGEMENT_ID } from '../../src/lib/domain/demo';
import { stateIds } from '../../src/lib/domain/journey';
import { exportMachineJson } from '../../src/lib/domain/journey-interop';
import { bigJourney } from '../../bench/journey-big';

const { open } = useApp();
const demoMachine = createDemoWorkspace().journeys.find((j) => j.id === JOURNEY_EMMENAGEMENT_ID)!.machine;

async function openJourney(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	const path = `/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`;
	await app.goto(path);
	await app.page.locator('[data-state-id]').first().waitFor();
	return path;
}

const states = (app: App) => app.page.locator('[data-state-id]');

describe('journey page', () => {
	test('draws, edits with undo and redo, saves, walks and exports the demo journey', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		const path = await openJourney(app);

		// Every state is drawn, with an accessible name.
		const ids = stateIds(demoMachine);
		expect(await states(app).count()).toBe(ids.length);
		expect(await page.locator('[data-state-id="souscription.enLigne"]').getAttribute('aria-label')).toBe(
			'Étape Souscrire en ligne, canal web, Selfcare'
		);
		expect(await page.locator('[data-transition]').count()).toBeGreaterThan(10);
		await screenshot(page, 'journey-fr');

		// Select a step with the keyboard and add a step to its stage.
		await page.locator('[data-state-id="souscription.enLigne"]').focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();
		await page.getByRole('button', { name: 'Ajouter une étape' }).click();
		await page.locator('[data-state-id="souscription.nouvelle_etape"]').waitFor();
		expect(await states(app).count()).toBe(ids.length + 1);

		// Rename it and add a transition from it to the e-signature.
		const fr = page.getByLabel('Libellé (français)');
		await fr.fill('Vérifier son éligibilité');
		await fr.press('Enter');
		await page.getByRole('heading', { name: 'Vérifier son éligibilité' }).waitFor();
		// Leaving the label gives the new step the key its label makes; once it is drawn under that
		// key, the panel no longer changes under the transition form (on a slow start it did).
		await page.getByLabel('Action (français)').last().focus();
		await page.locator('[data-state-id="souscription.verifier_son_eligibilite"]').waitFor();
		await page.getByLabel('Action (français)').last().fill('Confirmer');
		await page.getByLabel('Mène à').last().selectOption('souscription.signature');
		await page.getByRole('button', { name: 'Ajouter une transition' }).click();
		const added = page.locator('[data-transition="souscription.verifier_son_eligibilite:verifier_son_eligibilite.confirmer"]');
		await added.waitFor();

		// Undo removes the transition, redo brings it back (focus off the form fields).
		await page.locator('[data-state-id="souscription.verifier_son_eligibilite"]').focus();
		await page.keyboard.press('Control+z');
		await added.waitFor({ state: 'detached' });
		await page.keyboard.press('Control+Shift+z');
		await added.waitFor();

		// The change is saved: it is still there after a reload.
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await page.locator('[data-state-id="souscription.verifier_son_eligibilite"]').waitFor();
		await added.waitFor();
		expect(await page.locator('[data-state-id="souscription.verifier_son_eligibilite"]').getAttribute('aria-label')).toContain(
			'Vérifier son éligibilité'
		);

		// Walk the journey a few steps with the action buttons.
		await page.getByRole('button', { name: 'Parcourir le parcours' }).first().click();
		await page.getByText('Vous êtes à : Comparer les offres').waitFor();
		await page.locator('[data-event="offre.simuler"]').click();
		await page.getByText('Vous êtes à : Simulateur de consommation').waitFor();
		await page.locator('[data-event="souscription.enLigne"]').click();
		await page.getByText('Vous êtes à : Souscrire en ligne').waitFor();
		expect(await page.locator('.trail li').count()).toBe(3);
		expect(await page.getByText(/chemins? simples?/).textContent()).toMatch(/\d+ chemin/);
		await screenshot(page, 'journey-fr-walk');

		// Export the JSON: XState accepts it, and it holds the new step.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Exporter en JSON' }).click()
		]);
		const file = await download.path();
		const machine = JSON.parse(await readFile(file, 'utf8'));
		expect(machine.states.souscription.states.verifier_son_eligibilite.meta.label.fr).toBe('Vérifier son éligibilité');
		const actor = createActor(createMachine(machine)).start();
		expect(actor.getSnapshot().value).toEqual({ decouverte: 'comparer' });
		actor.stop();

		expect(app.errors).toEqual([]);
		expect(path).toContain(JOURNEY_EMMENAGEMENT_ID);
	});

	test('keeps a label typed without leaving its field once the page says saved', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		await openJourney(app);
		await page.locator('[data-state-id="souscription.enLigne"]').click();
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();
		// Typed, the field still focused: no change event before the reload.
		await page.getByLabel('Libellé (français)').fill('Souscrire sur le site');
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		const step = page.locator('[data-state-id="souscription.enLigne"]');
		await step.waitFor();
		expect(await step.getAttribute('aria-label')).toContain('Souscrire sur le site');
		expect(app.errors).toEqual([]);
	});

	test('keeps a transition label typed without leaving its field, and undoes it after a reload', async () => {
		const app = await open({ viewport: { width: 1366, height: 768 } });
		const { page } = app;
		await openJourney(app);
		const step = page.locator('[data-state-id="souscription.enLigne"]');
		await step.click();
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();
		const action = page.getByLabel('Action (français)').first();
		const before = await action.inputValue();
		expect(before).not.toBe('');
		// Typed, the field still focused: no change event before the reload.
		await action.fill('Signer le contrat en ligne');
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await step.click();
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();
		expect(await page.getByLabel('Action (français)').first().inputValue()).toBe('Signer le contrat en ligne');

		// The undo history survived the reload: one undo brings the label back.
		await step.focus();
		await page.keyboard.press('Control+z');
		await expect.poll(() => page.getByLabel('Action (français)').first().inputValue()).toBe(before);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await step.click();
		expect(await page.getByLabel('Action (français)').first().inputValue()).toBe(before);
		await screenshot(page, 'journey-transition-label');
		expect(app.errors).toEqual([]);
	});

	test('leaves the English label of a step created and named in French empty, showing the French', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		await openJourney(app);
		await page.locator('[data-state-id="souscription.enLigne"]').click();
		await page.getByRole('button', { name: 'Ajouter une étape' }).click();
		await page.locator('[data-state-id="souscription.nouvelle_etape"]').waitFor();
		const en = page.getByLabel('Libellé (anglais)');
		expect(await en.inputValue()).toBe('');
		await page.getByLabel('Libellé (français)').fill('Vérifier son éligibilité');
		expect(await en.inputValue()).toBe('');
		expect(await en.getAttribute('placeholder')).toBe('Vérifier son éligibilité');
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await page.locator('[data-state-id="souscription.nouvelle_etape"]').click();
		await page.getByRole('heading', { name: 'Vérifier son éligibilité' }).waitFor();
		expect(await page.getByLabel('Libellé (anglais)').inputValue()).toBe('');
		expect(app.errors).toEqual([]);
	});

	test('renames the journey and edits its description and English name from its page', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		await openJourney(app);
		await page.getByText('Nom et description').click();
		await page.getByLabel('Nom (français)').fill('Emménager chez nous');
		await page.getByLabel('Nom (anglais)').fill('Moving in with us');
		await page.getByLabel('Description', { exact: true }).fill('Du premier contact à la première facture.');
		await page.getByRole('heading', { name: 'Emménager chez nous' }).waitFor();
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await page.getByRole('heading', { name: 'Emménager chez nous' }).waitFor();
		await page.getByText('Nom et description').click();
		expect(await page.getByLabel('Nom (anglais)').inputValue()).toBe('Moving in with us');
		expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('Du premier contact à la première facture.');
		expect(app.errors).toEqual([]);
	});

	test('refuses to import a machine that fails the checks, naming the problem, and keeps the journey', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		await openJourney(app);
		const count = await states(app).count();
		const broken = { id: 'broken', initial: 'start', states: { start: { on: { 'start.go': 'nowhere' } }, done: { type: 'final' } } };
		await page.locator('input[type="file"]').setInputFiles({
			name: 'broken.machine.json',
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(broken))
		});
		const alert = page.getByRole('alert').filter({ hasText: 'broken.machine.json' });
		await alert.waitFor();
		expect(await alert.textContent()).toContain('ne passe pas les vérifications');
		expect(await alert.textContent()).toContain('nowhere');
		expect(await states(app).count()).toBe(count);
		await page.locator('[data-state-id="souscription.enLigne"]').waitFor();
		await page.reload();
		await page.locator('[data-state-id="souscription.enLigne"]').waitFor();
		expect(await states(app).count()).toBe(count);
		expect(app.errors).toEqual([]);
	});

	test('shows the journey in English, with Delete undoable and the checks panel', async () => {
		const app = await open({ locale: 'en-GB', viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		await openJourney(app);
		expect(await page.locator('[data-state-id="decouverte"]').getAttribute('aria-label')).toBe('Stage Discovery');
		await screenshot(page, 'journey-en');

		const count = await states(app).count();
		// Selected from the keyboard: at the readable fit, this state is a pan away.
		await page.locator('[data-state-id="premiereFacture.espaceClient"]').focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Open the customer account' }).or(page.locator('#state-panel-title')).first().waitFor();
		await page.keyboard.press('Delete');
		await expect.poll(() => states(app).count()).toBe(count - 1);
		await page.getByRole('tab', { name: /Checks/ }).click();
		await page.keyboard.press('Control+z');
		await expect.poll(() => states(app).count()).toBe(count);
		expect(await page.getByText('No problem found').count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('creates a journey from the list, builds, walks, exports and re-imports it, then deletes it', async () => {
		const app = await open({ viewport: { width: 1600, height: 1000 } });
		const { page } = app;
		const workspaceId = await demoWorkspaceId(app);
		await app.goto(`/w/${workspaceId}/journeys`);

		// Create it through the dialog: one name is enough.
		await page.getByRole('button', { name: 'Nouveau parcours' }).click();
		const dialog = page.getByRole('dialog', { name: 'Nouveau parcours' });
		await dialog.getByLabel('Nom (français)').fill('Résiliation');
		await dialog.getByLabel('Description').fill('Le client met fin à son contrat.');
		expect(await checkA11y(page)).toEqual([]);
		await dialog.getByRole('button', { name: 'Créer le parcours' }).click();
		await page.waitForURL(/\/journeys\/journey-/);
		await page.locator('[data-state-id="phase1.etape1"]').waitFor();
		expect(await states(app).count()).toBe(3);

		// Three states: two steps in the first stage, and a final stage.
		const rename = async (label: string) => {
			const fr = page.getByLabel('Libellé (français)');
			await fr.fill(label);
			await fr.press('Enter');
			await page.getByRole('heading', { name: label }).waitFor();
		};
		await page.locator('[data-state-id="phase1.etape1"]').click();
		await page.getByRole('button', { name: 'Ajouter une étape' }).click();
		await page.locator('[data-state-id="phase1.nouvelle_etape"]').waitFor();
		await rename('Vérifier le contrat');
		await page.getByRole('button', { name: 'Ajouter une étape' }).click();
		await page.locator('[data-state-id="phase1.nouvelle_etape"]').waitFor();
		await rename('Proposer une offre');
		await page.getByRole('button', { name: 'Ajouter une phase' }).click();
		await page.locator('[data-state-id="nouvelle_phase"]').waitFor();
		await page.locator('[data-state-id="nouvelle_phase"]').click();
		await rename('Contrat résilié');
		await page.getByLabel('Termine le parcours').check();

		// Two transitions: first step → check, check → the new end.
		const addAction = async (from: string, label: string, to: string) => {
			await page.locator(`[data-state-id="${from}"]`).click();
			await page.getByLabel('Action (français)').last().fill(label);
			await page.getByLabel('Mène à').last().selectOption(to);
			await page.getByRole('button', { name: 'Ajouter une transition' }).click();
		};
		await addAction('phase1.etape1', 'Vérifier', 'phase1.verifier_le_contrat');
		await page.locator('[data-transition="phase1.etape1:etape1.verifier"]').waitFor();
		await addAction('phase1.verifier_le_contrat', 'Résilier', 'contrat_resilie');
		await page.locator('[data-transition="phase1.verifier_le_contrat:verifier_le_contrat.resilier"]').waitFor();

		// Saved: all of it is there after a reload.
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await page.locator('[data-transition="phase1.verifier_le_contrat:verifier_le_contrat.resilier"]').waitFor();
		expect(await states(app).count()).toBe(6);

		// Walk it to the new end with the action buttons.
		await page.getByRole('button', { name: 'Parcourir le parcours' }).first().click();
		await page.getByText('Vous êtes à : Étape 1').waitFor();
		await page.locator('[data-event="etape1.verifier"]').click();
		await page.getByText('Vous êtes à : Vérifier le contrat').waitFor();
		await page.locator('[data-event="verifier_le_contrat.resilier"]').click();
		await page.getByText('Vous êtes à : Contrat résilié').waitFor();
		await page.getByText('Fin du parcours atteinte.').waitFor();

		// Export: XState runs it to the same end.
		const exportJson = async () => {
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('button', { name: 'Exporter en JSON' }).click()
			]);
			return readFile(await download.path(), 'utf8');
		};
		const exported = await exportJson();
		const machine = JSON.parse(exported);
		const actor = createActor(createMachine(machine)).start();
		expect(actor.getSnapshot().value).toEqual({ phase1: 'etape1' });
		actor.send({ type: 'etape1.verifier' });
		actor.send({ type: 'verifier_le_contrat.resilier' });
		expect(actor.getSnapshot().status).toBe('done');
		actor.stop();

		// Change the stored journey (delete a step), then re-import the file: once saved and
		// reloaded, exporting again gives the same file.
		await page.getByRole('button', { name: 'Arrêter' }).click();
		await page.locator('[data-state-id="phase1.proposer_une_offre"]').click();
		await page.keyboard.press('Delete');
		await expect.poll(() => states(app).count()).toBe(5);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		expect(await exportJson()).not.toBe(exported);
		await page.locator('input[type="file"]').setInputFiles({
			name: 'resiliation.machine.json',
			mimeType: 'application/json',
			buffer: Buffer.from(exported)
		});
		await page.getByText('Parcours importé depuis resiliation.machine.json').waitFor();
		expect(await states(app).count()).toBe(6);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await page.reload();
		await page.locator('[data-transition="phase1.verifier_le_contrat:verifier_le_contrat.resilier"]').waitFor();
		expect(await exportJson()).toBe(exported);

		// Duplicate it, then delete the original after confirming.
		await app.goto(`/w/${workspaceId}/journeys`);
		await page.getByRole('button', { name: 'Dupliquer le parcours Résiliation' }).click();
		await page.getByRole('link', { name: 'Résiliation (copie)' }).waitFor();
		await page.getByRole('button', { name: 'Supprimer le parcours Résiliation', exact: true }).click();
		const confirm = page.getByRole('alertdialog', { name: 'Supprimer le parcours « Résiliation » ?' });
		expect(await checkA11y(page)).toEqual([]);
		await confirm.getByRole('button', { name: 'Supprimer' }).click();
		await page.getByRole('link', { name: 'Résiliation', exact: true }).waitFor({ state: 'detached' });
		expect(await page.getByRole('link', { name: 'Résiliation (copie)' }).count()).toBe(1);
		await screenshot(page, 'journeys-list-fr');
		expect(app.errors).toEqual([]);
	});

	test('draws a large journey opened afresh as a sketch, then as ELK lays it out; texts only where readable', async () => {
		const app = await open({ viewport: { width: 1366, height: 768 } });
		const { page } = app;
		await openJourney(app);
		const machine = bigJourney(12, 7);
		const count = stateIds(machine).length;
		await page.locator('input[type="file"]').setInputFiles({
			name: 'large.machine.json',
			mimeType: 'application/json',
			buffer: Buffer.from(exportMachineJson(machine))
		});
		await page.waitForFunction((n) => document.querySelectorAll('[data-state-id]').length === n, count);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		// Imported in place of the demo journey, it is fitted: too large to read whole, it is shown
		// from its start at a readable scale (its first state in view), the phases only a click away.
		const view = (await page.locator('svg[role="group"]').boundingBox())!;
		await expect
			.poll(async () => {
				const first = (await page.locator('[data-state-id="phase1.etape1"]').boundingBox())!;
				return first.x >= view.x && first.y >= view.y && first.x + first.width <= view.x + view.width && first.y + first.height <= view.y + view.height;
			})
			.toBe(true);

		// Opened with no layout known: a sketch first, replaced by ELK's layout.
		await page.evaluate(() => {
			for (const key of Object.keys(localStorage)) if (key.startsWith('parcours.layout.')) localStorage.removeItem(key);
		});
		await page.reload();
		await page.waitForFunction(() => performance.getEntriesByName('journey-refined').length === 1, undefined, { timeout: 30_000 });
		expect(await page.evaluate(() => performance.getEntriesByName('journey-drawn').length)).toBe(1);
		expect(await states(app).count()).toBe(count);
		await expect.poll(() => page.getByText('Esquisse : mise en page du parcours en cours…').count()).toBe(0);

		// Fitted readably, only the labels of the states in and near the view are drawn; the map exported has them all.
		await expect.poll(() => page.locator('text.state-label').count()).toBeGreaterThan(0);
		const near = await page.locator('text.state-label').count();
		expect(near).toBeLessThan(count);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Carte (SVG)' }).click()]);
		const map = await readFile(await download.path(), 'utf8');
		for (const label of ['Étape 1.1 du', 'Étape 12.7 du', 'Phase 12']) expect(map).toContain(label);
		await expect.poll(() => page.locator('text.state-label').count()).toBe(near);

		// Zoomed out until labels would be under 4 px, none is drawn; the selected state shows its label at any zoom.
		for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Dézoomer', exact: true }).click();
		await expect.poll(() => page.locator('text.state-label').count()).toBe(0);
		await page.locator('[data-state-id="phase1.etape1"]').click();
		await expect.poll(() => page.locator('[data-state-id="phase1.etape1"] text.state-label').count()).toBeGreaterThan(0);

		// Zoomed in, the labels of the states in view are drawn.
		for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Zoomer', exact: true }).click();
		await expect.poll(() => page.locator('text.state-label').count()).toBeGreaterThan(0);
		const drawn = await page.evaluate(() => new Set([...document.querySelectorAll('text.state-label')].map((t) => t.closest('[data-state-id]')?.getAttribute('data-state-id'))).size);
		expect(drawn).toBeLessThan(count);
		// The accessible names stay, drawn or not.
		expect(await page.locator('[data-state-id="phase12.etape7"]').getAttribute('aria-label')).toMatch(/Étape 12\.7 du parcours client/);
		await screenshot(page, 'journey-large-zoomed');
	});

	test('lays journeys out in the page when ELK\'s worker cannot start', async () => {
		const app = await open();
		const { page } = app;
		let refused = 0;
		await page.context().route(/elk-worker/, (route) => {
			refused++;
			return route.fulfill({ status: 404, body: '' });
		});
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`);
		await page.locator('[data-state-id]').first().waitFor({ timeout: 30_000 });
		expect(await states(app).count()).toBe(stateIds(demoMachine).length);
		expect(await page.locator('[data-transition]').count()).toBeGreaterThan(10);
		expect(refused).toBeGreaterThan(0);
	});
});
