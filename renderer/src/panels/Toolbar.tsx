/** Top bar: heatmap metric and switch, camera presets, help. */
import { METRICS, type MetricId } from '../../../electron/common/metrics';
import { requestCamera, useUi } from '../state/uiStore';

export function Toolbar() {
  const metricId = useUi((s) => s.metric);
  const heatmap = useUi((s) => s.heatmap);
  return (
    <header className="toolbar">
      <h1>Twinscope</h1>
      <label>
        Heatmap
        <select
          aria-label="heatmap metric"
          value={metricId}
          onChange={(e) => useUi.setState({ metric: e.target.value as MetricId })}
        >
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={heatmap}
          onChange={(e) => useUi.setState({ heatmap: e.target.checked })}
          aria-label="show heatmap"
        />
        show
      </label>
      <div role="group" aria-label="camera" className="camera-buttons">
        <button type="button" onClick={() => requestCamera('top')} title="Top view (1)">
          Top
        </button>
        <button type="button" onClick={() => requestCamera('perspective')} title="Perspective (2)">
          Perspective
        </button>
        <button type="button" onClick={() => requestCamera('fit')} title="Fit the site (3)">
          Fit
        </button>
      </div>
      <button
        type="button"
        className="help-button"
        aria-label="keyboard shortcuts"
        onClick={() => useUi.setState({ help: true })}
      >
        ?
      </button>
    </header>
  );
}
