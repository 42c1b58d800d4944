import { defineElement } from '../define.js';
import '../filter-bar/filter-bar.js';
import '../panel/panel.js';
import { KineoDashboard } from './dashboard.component.js';

defineElement('kineo-dashboard', KineoDashboard);

export { KineoDashboard };
