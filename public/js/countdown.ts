// Live "time left" on every <time data-countdown datetime="…">: minutes and seconds,
// "time is up" once it passes.
export function startCountdowns(root: ParentNode = document): void {
  const tick = () => {
    for (const element of root.querySelectorAll<HTMLTimeElement>('time[data-countdown]')) {
      const left = Date.parse(element.dateTime) - Date.now();
      if (Number.isNaN(left)) continue;
      const seconds = Math.max(0, Math.round(left / 1000));
      element.textContent =
        seconds > 0
          ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} from now`
          : 'now: time is up';
    }
  };
  tick();
  setInterval(tick, 1000);
}

if (document.currentScript?.getAttribute('src')?.includes('/js/countdown.js')) startCountdowns();
