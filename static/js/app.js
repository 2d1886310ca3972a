// Idle timeout: log out after the configured minutes without activity (the server enforces it too).
(function () {
  const body = document.body;
  const seconds = parseInt(body.dataset.idleTimeout || "0", 10);
  if (!seconds) return;
  let last = Date.now();
  ["click", "keydown", "scroll", "touchstart"].forEach((ev) => document.addEventListener(ev, () => { last = Date.now(); }, { passive: true }));
  setInterval(() => {
    if (Date.now() - last > seconds * 1000) window.location.reload();
  }, 30000);
})();
// Confirm before irreversible actions: <button data-confirm="...">
document.addEventListener("click", (e) => {
  const el = e.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) { e.preventDefault(); e.stopPropagation(); }
});
