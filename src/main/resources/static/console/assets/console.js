// The console's only script: the CSRF header on every htmx request, instance countdowns, and marking the
// field a form's problem names.
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

// A problem shown next to a form names the field it is about: mark that input (Pico shows it red), and
// only that one.
document.addEventListener('htmx:afterSwap', function (e) {
    var form = e.detail.target.closest('form');
    if (!form) {
        return;
    }
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    var problem = e.detail.target.querySelector('.problem[data-field]');
    var input = problem && form.querySelector('[name="' + CSS.escape(problem.dataset.field) + '"]');
    if (input) {
        input.setAttribute('aria-invalid', 'true');
    }
});
