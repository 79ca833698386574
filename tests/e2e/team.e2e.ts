/**
 * Two people, two browsers, one team server (the real one, on its embedded database, serving the
 * built app): the administrator sets the server up and shares the demo workspace; a colleague
 * joins by invitation, watches an edit arrive live, edits offline and comes back; a viewer sees no
 * edit control and cannot force a write; the history says who changed what, and restores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/serve';
import { TEST_SCRYPT } from '../fixtures/team-server';
import { screenshot, useApp, type App } from './browser';
import { JOURNEY_FACTURE_ID } from '../../src/lib/domain/demo';

const { open } = useApp();
let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ host: '127.0.0.1', port: 0, data: null, appDir: 'build', scrypt: TEST_SCRYPT });
}, 60_000);
afterAll(() => server?.close());

async function fillAccount(page: Page, labels: { name: string; email: string; password: string }, who: { name: string; email: string }) {
	await page.getByLabel(labels.name).fill(who.name);
	await page.getByLabel(labels.email).fill(who.email);
	await page.getByLabel(labels.password, { exact: true }).fill('un mot de passe assez long');
}

/** The demo motive « Contestation du montant » or the first motive's id, read from the catalogue. */
async function firstMotiveHref(app: App, workspaceId: string): Promise<string> {
	await app.goto(`/w/${workspaceId}/motives`);
	const link = app.page.getByRole('link', { name: /Ouvrir la fiche du motif|Open the motive sheet/ }).first();
	const tree = app.page.getByRole('treeitem').nth(2);
	await tree.waitFor();
	await tree.click();
	await link.waitFor();
	return (await link.getAttribute('href')) ?? '';
}

describe('team server with two people', () => {
	it('shares a workspace, syncs live and offline, keeps viewers read-only and history restorable', async () => {
		// The administrator, in French.
		const ada = await open({ baseUrl: server.url, locale: 'fr-FR' });
		await ada.goto(new URL(server.setupLink ?? '').pathname + new URL(server.setupLink ?? '').search);
		await fillAccount(ada.page, { name: 'Votre nom', email: 'Adresse e-mail', password: 'Mot de passe' }, { name: 'Ada', email: 'ada@example.org' });
		await ada.page.getByRole('button', { name: 'Créer le compte' }).click();
		await ada.page.getByText('Connecté en tant que Ada (ada@example.org)').waitFor();
		await screenshot(ada.page, 'team-page-fr');

		await ada.goto('/');
		const demoCard = ada.page.getByRole('article', { name: /démo/i }).first();
		await demoCard.getByRole('button', { name: 'Partager sur le serveur d’équipe' }).click();
		await ada.page.getByRole('heading', { name: 'Partagés avec l’équipe' }).waitFor();
		await ada.page.getByText(/est partagé/).waitFor();
		const workspaceHref = await ada.page.getByRole('heading', { name: 'Partagés avec l’équipe' }).locator('xpath=following-sibling::ul[1]').getByRole('link').first().getAttribute('href');
		const workspaceId = workspaceHref?.split('/')[2] ?? '';
		expect(workspaceId).not.toBe('');
		await screenshot(ada.page, 'team-home-shared-fr');

		// An invitation for Bob, editor, who speaks English.
		await ada.goto('/team');
		await ada.page.getByText(/^Membres de /).click();
		await ada.page.getByRole('button', { name: /^Inviter dans / }).click();
		const link = await ada.page.getByLabel('Lien d’invitation (usage unique, valable 7 jours)').inputValue();
		const bob = await open({ baseUrl: server.url, locale: 'en-US' });
		await bob.goto(new URL(link).pathname + new URL(link).search);
		await bob.page.getByText(/You are invited to the workspace/).waitFor();
		await fillAccount(bob.page, { name: 'Your name', email: 'Email', password: 'Password' }, { name: 'Bob', email: 'bob@example.org' });
		await bob.page.getByRole('button', { name: 'Create your account and join' }).click();
		await bob.page.waitForURL(`**/w/${workspaceId}`);
		await bob.page.getByText('Synced live').waitFor();

		// Ada edits a motive's procedure; Bob, on its sheet, sees it within 2 s.
		const sheet = await firstMotiveHref(ada, workspaceId);
		const motiveId = decodeURIComponent(sheet.split('/').pop() ?? '');
		await bob.goto(sheet);
		await bob.page.getByText('Synced live').waitFor();
		await ada.goto(`/w/${workspaceId}/motives?edit=${encodeURIComponent(motiveId)}`);
		await ada.page.getByLabel('Procédure').fill('Vérifier la facture puis rappeler le client sous 24 h');
		await ada.page.getByRole('button', { name: 'Enregistrer' }).click();
		const saved = Date.now();
		await bob.page.getByText('Vérifier la facture puis rappeler le client sous 24 h').waitFor({ timeout: 2000 });
		expect(Date.now() - saved).toBeLessThan(2000);
		await bob.page.getByText(/Here now: Ada/).waitFor();
		await screenshot(bob.page, 'team-live-edit-en');

		// Bob opens the motive's editor and an article's, then loses the network.
		await bob.goto(`/w/${workspaceId}/motives?edit=${encodeURIComponent(motiveId)}`);
		const bobEditor = bob.page.getByRole('region', { name: 'Editor' });
		await bobEditor.getByLabel('Owner').waitFor();
		const articlePage = await bob.context.newPage();
		await articlePage.goto(new URL(`/w/${workspaceId}/knowledge`, server.url).href);
		const editArticle = articlePage.getByRole('button', { name: /^Edit the article “/ }).first();
		await editArticle.waitFor();
		const articleTitle = (await editArticle.getAttribute('aria-label'))?.match(/“(.*)”/)?.[1] ?? '';
		await editArticle.click();
		await bob.context.setOffline(true);
		await bob.page.getByText(/^Offline/).waitFor();
		await bobEditor.getByLabel('Owner').fill('Bob, hors ligne');
		await bobEditor.getByRole('button', { name: 'Save' }).click();
		await bob.page.getByRole('status').filter({ hasText: /saved\./ }).waitFor();
		await articlePage.getByLabel('Title').fill(`${articleTitle} (revu hors ligne)`);
		await articlePage.getByRole('button', { name: 'Save' }).click();
		await bob.page.getByText(/^Offline: \d+ edits waiting/).waitFor();
		await screenshot(bob.page, 'team-offline-en');

		// Meanwhile Ada changes the description; neither sees the other's edit yet.
		await ada.goto(`/w/${workspaceId}/motives?edit=${encodeURIComponent(motiveId)}`);
		const adaEditor = ada.page.getByRole('region', { name: 'Édition' });
		await adaEditor.getByLabel('Description', { exact: true }).fill('Décrit pendant que Bob était hors ligne');
		await adaEditor.getByRole('button', { name: 'Enregistrer' }).click();
		await ada.page.getByRole('status').filter({ hasText: /enregistré\./ }).waitFor();
		await ada.goto(sheet);
		await ada.page.getByText('Décrit pendant que Bob était hors ligne').waitFor();
		expect(await ada.page.getByText('Bob, hors ligne').count()).toBe(0);

		// Bob is back: both see both edits, and the article's.
		await bob.context.setOffline(false);
		await bob.page.getByText('Synced live').waitFor();
		await ada.page.getByText('Bob, hors ligne').waitFor({ timeout: 5000 });
		await bob.goto(sheet);
		await bob.page.getByText('Décrit pendant que Bob était hors ligne').waitFor();
		await bob.page.getByText('Bob, hors ligne').waitFor();
		await ada.goto(`/w/${workspaceId}/knowledge`);
		await ada.page.getByText(`${articleTitle} (revu hors ligne)`).first().waitFor();

		// The history says who changed what; Ada restores the owner the motive had before.
		await ada.goto(sheet);
		await ada.page.getByText('Historique', { exact: true }).click();
		const bobsRow = ada.page.getByRole('row').filter({ hasText: 'Bob' }).filter({ hasText: 'Responsable' });
		await bobsRow.first().waitFor();
		await screenshot(ada.page, 'team-history-fr');
		const original = ada.page.getByRole('row').filter({ hasText: 'Ada' }).filter({ hasText: 'Responsable' }).last();
		await original.getByRole('button', { name: /^Restaurer cette valeur/ }).click();
		const owner = (app: App) => app.page.getByRole('definition').filter({ hasText: 'Bob, hors ligne' });
		await owner(ada).waitFor({ state: 'detached' });
		await owner(bob).waitFor({ state: 'detached', timeout: 5000 });
		await screenshot(ada.page, 'team-history-restored-fr');

		// Ada publishes the demo dataset's figures; Bob, who holds no contact log, sees them.
		await ada.goto(`/w/${workspaceId}/analysis`);
		await ada.page.getByRole('button', { name: 'Publier ces chiffres à l’équipe' }).click();
		await ada.page.getByText(/^Chiffres de « .* » publiés/).waitFor();
		await bob.goto(`/w/${workspaceId}/analysis`);
		await bob.page.getByRole('heading', { name: 'Figures published to the team' }).waitFor();
		await bob.page.getByText(/published by Ada/).waitFor();
		await screenshot(bob.page, 'team-published-en');
		// With them came the measured overlay of each journey: Bob sees the bill journey measured.
		await bob.goto(`/w/${workspaceId}/journeys/${JOURNEY_FACTURE_ID}`);
		await bob.page.getByRole('switch', { name: 'Measured overlay' }).click();
		await bob.page.getByTestId('overlay-from-team').filter({ hasText: /published to the team by Ada/ }).waitFor();
		await bob.page.locator('g.state[data-volume]:not([data-volume="0"])').first().waitFor();
		await screenshot(bob.page, 'team-published-overlay-en');

		// Carol joins as a viewer: she reads everything, sees no edit control, and a forced write is refused.
		await ada.goto('/team');
		await ada.page.getByText(/^Membres de /).click();
		await ada.page.getByLabel('Rôle de la personne invitée').selectOption('viewer');
		await ada.page.getByRole('button', { name: /^Inviter dans / }).click();
		const viewerLink = await ada.page.getByLabel('Lien d’invitation (usage unique, valable 7 jours)').inputValue();
		const carol = await open({ baseUrl: server.url, locale: 'fr-FR' });
		await carol.goto(new URL(viewerLink).pathname + new URL(viewerLink).search);
		await fillAccount(carol.page, { name: 'Votre nom', email: 'Adresse e-mail', password: 'Mot de passe' }, { name: 'Carol', email: 'carol@example.org' });
		await carol.page.getByRole('button', { name: 'Créer votre compte et rejoindre' }).click();
		await carol.page.waitForURL(`**/w/${workspaceId}`);
		await carol.goto(sheet);
		await carol.page.getByText(/Vous êtes lecteur de cet espace partagé/).waitFor();
		await carol.page.getByRole('heading', { level: 2 }).first().waitFor();
		expect(await carol.page.getByRole('link', { name: 'Modifier' }).count()).toBe(0);
		await carol.goto(`/w/${workspaceId}/motives`);
		await carol.page.getByRole('tree').waitFor();
		expect(await carol.page.getByRole('button', { name: 'Nouveau thème' }).count()).toBe(0);
		await screenshot(carol.page, 'team-viewer-fr');
		expect(carol.errors).toEqual([]);
		const forced = await carol.page.evaluate(async (id) => {
			const response = await fetch(`/api/workspaces/${id}/changes`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ changes: [{ entity: 'workspace', id, field: 'name', value: 'Piraté', hlc: '9999999999999-000000-carol' }] })
			});
			return response.status;
		}, workspaceId);
		expect(forced).toBe(403);
		expect(ada.errors).toEqual([]);
		expect(bob.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e))).toEqual([]);
	}, 180_000);
});
