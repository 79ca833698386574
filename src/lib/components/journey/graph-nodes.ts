/**
 * What the journey graph's stage boxes and step boxes share: their accessible name, and the
 * keyboard on them (Enter or Space selects, an arrow goes to the nearest state that way).
 */
import type { LayoutNode } from '$lib/analysis/journey-layout';
import { localized, t } from '$lib/i18n/locale.svelte';
import type { JourneyEditor } from '$lib/state/journey-editor.svelte';
import type { GraphViewport } from '$lib/state/graph-viewport.svelte';
import type { GraphOverlay } from '$lib/state/overlay-view.svelte';
import { isArrowKey, nearestBox } from '$lib/view/journey-viewport';

/** What the stage layer and the step layer are both given. */
export interface NodeLayerProps {
	stages: LayoutNode[];
	/** Every state, for the arrow keys. */
	nodes: readonly LayoutNode[];
	editor: JourneyEditor;
	viewport: GraphViewport;
	overlay: GraphOverlay | undefined;
	/** The state the walk is on. */
	current: string | null;
	/** The states (by id) whose texts are drawn. */
	written: Set<string>;
	/** The state the keyboard is on, or null when it leaves. */
	onfocuschange: (id: string | null) => void;
}

function kindLabel(node: LayoutNode): string {
	if (node.step) return t(`guide.step.${node.step}`);
	return t(node.kind === 'stage' ? 'journey.kind.stage' : 'journey.kind.step');
}

/** What a step's box says under its label: how a guide ends there, the touchpoint, the kind. */
export function stateNote(node: LayoutNode): string {
	if (node.outcome) return t(`guide.outcome.${node.outcome}`);
	if (node.step) return t(`guide.step.${node.step}`);
	if (node.final) return t('journey.state.final');
	if (node.touchpoint) return t(`journey.touchpoint.${node.touchpoint}`);
	return t(node.kind === 'stage' ? 'journey.kind.stage' : `journey.kind.${node.kind}`);
}

/** A state's accessible name: kind, label, channel, touchpoint, final, problem. */
export function stateAria(node: LayoutNode, problem: boolean): string {
	const label = localized(node.label);
	let text = node.channel
		? t('journey.state.ariaChannel', { kind: kindLabel(node), label, channel: t(`journey.channel.${node.channel}`) })
		: t('journey.state.aria', { kind: kindLabel(node), label });
	if (node.touchpoint) text += `, ${t(`journey.touchpoint.${node.touchpoint}`)}`;
	if (node.outcome) text += `, ${t(`guide.outcome.${node.outcome}`)}`;
	else if (node.final) text += `, ${t('journey.state.final')}`;
	if (problem) text += `, ${t('journey.state.issue')}`;
	return text;
}

/** Focuses a state's box in the graph. */
export function focusState(viewport: GraphViewport, id: string) {
	viewport.element?.querySelector<SVGGElement>(`[data-state-id="${CSS.escape(id)}"]`)?.focus();
}

interface Graph {
	editor: JourneyEditor;
	viewport: GraphViewport;
	/** Every state drawn, for the arrow keys. */
	nodes: readonly LayoutNode[];
}

/** The keys and clicks on a state's box; `graph` is read at each event. */
export function stateHandlers(graph: () => Graph) {
	return {
		onkey(event: KeyboardEvent, node: LayoutNode) {
			const { editor, viewport, nodes } = graph();
			if (event.key === 'Enter' || event.key === ' ') {
				event.preventDefault();
				event.stopPropagation();
				editor.select(node.id);
			} else if (event.key.startsWith('Arrow')) {
				event.preventDefault();
				const next = isArrowKey(event.key) ? nearestBox(node, nodes, event.key) : undefined;
				if (next) {
					editor.select(next.id);
					viewport.reveal(next);
					focusState(viewport, next.id);
				}
			}
		},
		onclick(event: MouseEvent, node: LayoutNode) {
			event.stopPropagation();
			graph().editor.select(node.id);
		}
	};
}
