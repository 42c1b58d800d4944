import { defineElement } from '../define.js';
import { KineoTable } from './table.component.js';

defineElement('kineo-table', KineoTable);

export { KineoTable };
