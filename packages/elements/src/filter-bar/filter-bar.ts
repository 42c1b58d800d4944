import { defineElement } from '../define.js';
import { KineoFilterBar } from './filter-bar.component.js';

defineElement('kineo-filter-bar', KineoFilterBar);

export { KineoFilterBar };
