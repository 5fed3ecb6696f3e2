/** The heatmap's legend: the metric, its unit, and the colour scale with its range. */
import { viridisCss } from '../../../electron/common/colormap';
import { metric } from '../../../electron/common/metrics';
import { useUi } from '../state/uiStore';

const STOPS = Array.from({ length: 11 }, (_, i) => viridisCss(i / 10));

export function Legend() {
  const m = metric(useUi((s) => s.metric));
  const on = useUi((s) => s.heatmap);
  if (!on) return null;
  return (
    <figure className="legend" data-testid="legend" aria-label={`heatmap legend: ${m.label} in ${m.unit}`}>
      <figcaption>
        {m.label} ({m.unit})
      </figcaption>
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${STOPS.join(', ')})` }} />
      <div className="legend-range">
        <span>{m.range[0]}</span>
        <span>{(m.range[0] + m.range[1]) / 2}</span>
        <span>{m.range[1]}</span>
      </div>
    </figure>
  );
}
