import type { SceneItem } from 'vega-scenegraph';
import type { ChartTooltip } from './chart-tooltip.js';
import type { ItemBox } from './scene-items.js';
import { tooltipSentence, type TooltipContent } from './tooltip-content.js';

/** Space between a data item and the focus ring drawn around it. */
const RING_GAP = 2;

export interface KeyboardNavigationOptions {
  /** The focusable chart root that receives the keys. */
  root: HTMLElement;
  focusRing: HTMLElement;
  liveRegion: HTMLElement;
  tooltip: ChartTooltip;
  /** The data items to walk, in order. */
  items(): SceneItem[];
  /** Where an item is, in the root's coordinates. */
  boxOf(item: SceneItem): ItemBox;
  /** What the tooltip shows and the live region says for an item. */
  contentOf(item: SceneItem): TooltipContent;
  /** Enter or Space on the active item; absent: the chart is not selectable. */
  select?(item: SceneItem, event: KeyboardEvent): void;
}

/**
 * Keyboard access to a chart's data: arrow keys (and Home/End) move an active item through the
 * data items in row order, which is also the order of the chart's table view; the active item gets
 * a focus ring and its tooltip, and is announced through a polite live region ("Course: Fire
 * safety, Completion rate: 82.5%, 3 of 12"). Enter or Space selects it, Escape lets go of it.
 */
export class KeyboardNavigation {
  readonly #options: KeyboardNavigationOptions;
  #items: SceneItem[] = [];
  #active = -1;

  constructor(options: KeyboardNavigationOptions) {
    this.#options = options;
    this.#items = options.items();
    options.root.addEventListener('keydown', this.#onKeyDown);
    options.root.addEventListener('focus', this.#onFocus);
    options.root.addEventListener('blur', this.#onBlur);
  }

  /** The item the keyboard is on, if any. */
  get activeItem(): SceneItem | undefined {
    return this.#items[this.#active];
  }

  /** The data changed: forget the active item. */
  reset(): void {
    this.#items = this.#options.items();
    this.#active = -1;
    this.#hide();
  }

  /** The layout changed (a resize): same items, new places. */
  refresh(): void {
    const active = this.activeItem;
    this.#items = this.#options.items();
    this.#active = active ? this.#items.indexOf(active) : -1;
    if (this.#active >= 0 && this.#hasFocus()) this.#show(false);
    else this.#hide();
  }

  dispose(): void {
    const { root } = this.#options;
    root.removeEventListener('keydown', this.#onKeyDown);
    root.removeEventListener('focus', this.#onFocus);
    root.removeEventListener('blur', this.#onBlur);
    this.#hide();
  }

  #hasFocus(): boolean {
    const root = this.#options.root;
    return (root.getRootNode() as Document | ShadowRoot).activeElement === root;
  }

  #moveTo(index: number): void {
    if (this.#items.length === 0) {
      this.#announce('No data points.');
      return;
    }
    this.#active = Math.min(this.#items.length - 1, Math.max(0, index));
    this.#show(true);
  }

  #show(announce: boolean): void {
    const item = this.activeItem;
    if (!item) return;
    const { focusRing, tooltip } = this.#options;
    const box = this.#options.boxOf(item);
    Object.assign(focusRing.style, {
      left: `${box.x - RING_GAP}px`,
      top: `${box.y - RING_GAP}px`,
      width: `${box.width + 2 * RING_GAP}px`,
      height: `${box.height + 2 * RING_GAP}px`,
    });
    focusRing.hidden = false;
    focusRing.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    const content = this.#options.contentOf(item);
    tooltip.show(content, box.x + box.width, box.y);
    if (announce) this.#announce(`${tooltipSentence(content)}, ${this.#active + 1} of ${this.#items.length}`);
  }

  #hide(): void {
    this.#options.focusRing.hidden = true;
    this.#options.tooltip.hide();
  }

  #announce(text: string): void {
    this.#options.liveRegion.textContent = text;
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const last = this.#items.length - 1;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        this.#moveTo(this.#active < 0 ? 0 : this.#active + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        this.#moveTo(this.#active < 0 ? 0 : this.#active - 1);
        break;
      case 'Home':
        this.#moveTo(0);
        break;
      case 'End':
        this.#moveTo(last);
        break;
      case 'Enter':
      case ' ': {
        const item = this.activeItem;
        if (!item || !this.#options.select) return;
        this.#options.select(item, event);
        break;
      }
      case 'Escape':
        if (this.#active < 0 && !this.#options.tooltip.visible) return;
        this.#active = -1;
        this.#hide();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  readonly #onFocus = (): void => {
    if (this.activeItem) this.#show(false);
  };

  readonly #onBlur = (): void => {
    this.#hide();
  };
}
