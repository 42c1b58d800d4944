import { defineElement } from '../define.js';
import { KineoPanel } from './panel.component.js';

defineElement('kineo-panel', KineoPanel);

export { KineoPanel };
