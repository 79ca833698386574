import { describe, expect, it } from 'vitest';
import { freshStore } from '$lib/db/test-store';
import { content } from '$lib/domain/test-factories';
import { putEdit } from './edit-rebase';

describe('saving a form over what is stored now', () => {
	it('keeps an edit that reached the store while the form was open', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.importContent(content());
		const [base] = await store.motiveRepo.list(workspace.id);
		await store.motiveRepo.put({ ...base, description: 'A teammate’s description' });
		await putEdit('motives', store.motiveRepo, { ...base, owner: 'Form owner' }, base);
		expect(await store.motiveRepo.get(workspace.id, base.id)).toMatchObject({ owner: 'Form owner', description: 'A teammate’s description' });
	});

	it('writes the form as it is without a base (a new entity)', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.importContent(content());
		const [motive] = await store.motiveRepo.list(workspace.id);
		await putEdit('motives', store.motiveRepo, { ...motive, id: 'motive-new', crmCodes: ['NEW'] });
		expect((await store.motiveRepo.get(workspace.id, 'motive-new'))?.crmCodes).toEqual(['NEW']);
	});
});
