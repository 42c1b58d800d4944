// Type-checks the published declarations as an application would see them: `@kineo/elements`
// resolved through package.json `exports` to dist/types (after `npm run build`), with skipLibCheck
// off so an error inside the declarations fails too. Run by `npm run typecheck`.
import { KineoDashboard, type ChartHandle, type KineoDrillDetail } from '@kineo/elements';
import '@kineo/elements/elements.js';

const dashboard: KineoDashboard = document.createElement('kineo-dashboard');
dashboard.setFilters({ category: ['Compliance'] });
dashboard.addEventListener('kineo-drill', (event) => {
  const detail: KineoDrillDetail = event.detail;
  console.log(detail.panel, detail.path.join(' › '));
});
const chart = document.querySelector('kineo-chart');
const handle: ChartHandle | undefined = chart?.chartHandle;
void handle?.toImageURL('png');
