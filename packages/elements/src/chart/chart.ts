import { defineElement } from '../define.js';
import { KineoChart } from './chart.component.js';

defineElement('kineo-chart', KineoChart);

export { KineoChart };
