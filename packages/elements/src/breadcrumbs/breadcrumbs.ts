import { defineElement } from '../define.js';
import { KineoBreadcrumbs } from './breadcrumbs.component.js';

defineElement('kineo-breadcrumbs', KineoBreadcrumbs);

export { KineoBreadcrumbs };
