import { defineElement } from '../define.js';
import { KineoKpi } from './kpi.component.js';

defineElement('kineo-kpi', KineoKpi);

export { KineoKpi };
