import type { MessageKey } from '$lib/i18n/messages';

/** The sections of a workspace, in the order of the navigation. */
export const SECTIONS = ['journeys', 'motives', 'knowledge', 'data', 'analysis', 'frictions', 'anticipation'] as const;
export type Section = (typeof SECTIONS)[number];

export const sectionNavKey = (section: Section): MessageKey => `nav.${section}`;
export const sectionTitleKey = (section: Section): MessageKey => `ws.section.${section}`;
export const sectionComingKey = (section: Section): MessageKey => `ws.coming.${section}`;
