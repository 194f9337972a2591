// The console's only script: the CSRF header on every htmx request, and instance countdowns.
document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="csrf"]');
    if (meta && meta.content) {
        e.detail.headers['X-XSRF-TOKEN'] = meta.content;
    }
});

// A countdown carries the seconds left when the server rendered it; the browser's clock only measures
// the time since, so a wrong clock on the phone does not matter.
function arenaTick() {
    document.querySelectorAll('.countdown[data-left]').forEach(function (el) {
        if (!el.dataset.until) {
            el.dataset.until = String(Date.now() + Number(el.dataset.left) * 1000);
        }
        var left = Math.max(0, Math.round((Number(el.dataset.until) - Date.now()) / 1000));
        var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
        el.textContent = (h > 0 ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(s).padStart(2, '0');
    });
}
setInterval(arenaTick, 1000);
document.addEventListener('DOMContentLoaded', arenaTick);
document.addEventListener('htmx:afterSwap', arenaTick);
