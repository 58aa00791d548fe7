// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// Combobox measures its text on a canvas and virtualises its menu: give jsdom a canvas that measures
// text and elements with a size, so menus render their options.
HTMLCanvasElement.prototype.getContext = () => ({ measureText: (text) => ({ width: text.length * 7 }) });
Element.prototype.getBoundingClientRect = () => ({
  x: 0,
  y: 0,
  top: 0,
  left: 0,
  bottom: 300,
  right: 300,
  width: 300,
  height: 300,
  toJSON: () => ({}),
});
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver ?? NoopObserver;
global.ResizeObserver = global.ResizeObserver ?? NoopObserver;
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 300 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 300 });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 300 });
