// Progressive only: every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A claim's remaining seconds count down, so a reviewer sees it run out before deciding.
  for (const el of document.querySelectorAll(".countdown")) {
    let left = parseInt(el.dataset.seconds, 10);
    const tick = () => { el.textContent = String(Math.max(0, left)); left -= 1; };
    tick();
    setInterval(tick, 1000);
  }
  // The open queue refreshes itself unless the reviewer is typing in the filters.
  const queue = document.querySelector("table.queue[data-refresh]");
  const every = queue ? parseInt(queue.dataset.refresh, 10) : 0;
  if (every > 0) {
    setInterval(() => {
      const active = document.activeElement;
      if (!active || !active.closest || !active.closest("form")) location.reload();
    }, every * 1000);
  }
  // One click decides: a second click on the same form while it is sent does nothing.
  for (const form of document.querySelectorAll("form.decide-form, form.appeal-form")) {
    form.addEventListener("submit", () => {
      setTimeout(() => { for (const b of form.querySelectorAll("button")) b.disabled = true; }, 0);
    });
  }
});
