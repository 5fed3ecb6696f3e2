/** Wires the API's event streams into the stores and loads what the UI starts from (site, sources, stats). */
import type { WsApi } from '../api/wsApi';
import { onProgress } from '../panels/replayControl';
import { addProblem, applyFrame, upsertSource, useTwin } from './twinStore';

export function bootstrap(api: WsApi): () => void {
  const load = async (): Promise<void> => {
    try {
      const [site, sources] = await Promise.all([api.call('site.get', undefined), api.call('sources.list', undefined)]);
      useTwin.setState({ site, sources });
    } catch (e) {
      addProblem({ severity: 'error', message: `could not load the site: ${(e as Error).message}` });
    }
  };
  const offs = [
    api.on('frame', applyFrame),
    api.on('status', upsertSource),
    api.on('problem', addProblem),
    api.on('stats', (stats) => useTwin.setState({ stats })),
    api.on('progress', onProgress),
    api.onLink((link) => {
      useTwin.setState({ link });
      if (link === 'open') void load();
    }),
  ];
  return () => offs.forEach((off) => off());
}
