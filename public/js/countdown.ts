// Live time left on every <time data-countdown datetime="…">: "9:58", then "0:00".
const tick = (root: ParentNode) => {
  for (const element of root.querySelectorAll<HTMLTimeElement>('time[data-countdown]')) {
    const left = Date.parse(element.dateTime) - Date.now();
    if (Number.isNaN(left)) continue;
    const seconds = Math.max(0, Math.round(left / 1000));
    element.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }
};

/** Keeps the countdowns under `root` current; answers a function that updates them now. */
export function startCountdowns(root: ParentNode = document): () => void {
  tick(root);
  setInterval(() => tick(root), 1000);
  return () => tick(root);
}

// Loaded on its own (the checkout page), it starts by itself; bundled into the seat map,
// the seat map starts it.
if (document.currentScript?.getAttribute('src')?.includes('/js/countdown.js')) startCountdowns();
