/**
 * The Stages list beside the map: every stage by its headline, in the story's order, each a
 * button that opens it. The server's picture of the map (MapPicture) draws it without `onSelect`.
 */
import type { Stage } from '../../../src/model/index.ts';

export function StageList({ stages, onSelect }: { stages: readonly Stage[]; onSelect?: (id: string) => void }) {
  return (
    <nav aria-label="Stages">
      <h2>Stages</h2>
      {stages.length === 0 && <p>No stages yet. Add the first one.</p>}
      <ol className="stage-list">
        {stages.map((stage) => (
          <li key={stage.id}>
            <button type="button" onClick={onSelect && (() => onSelect(stage.id))}>
              {stage.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
