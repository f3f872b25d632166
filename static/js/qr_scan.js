/* Ticket check-in by camera: a page with
 *   <form data-qr-scan> ... <video data-qr-video></video> <input name="code" data-qr-target> ...
 * starts the back camera, decodes frames with jsQR and submits the form with the code.
 * Without a camera (or on plain HTTP, where browsers refuse it) the code is typed instead.
 */
(function () {
  "use strict";
  function start(form) {
    var video = form.querySelector("[data-qr-video]");
    var target = form.querySelector("[data-qr-target]");
    var status = form.querySelector("[data-qr-status]");
    if (!video || !target || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      if (video) video.hidden = true;
      return;
    }
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var busy = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.setAttribute("playsinline", "");
        video.hidden = false;
        video.play();
        requestAnimationFrame(tick);
      })
      .catch(function () {
        video.hidden = true;
        if (status) status.hidden = false;
      });
    function tick() {
      if (!busy && video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (found && found.data) {
          busy = true;
          target.value = found.data;
          form.requestSubmit ? form.requestSubmit() : form.submit();
          return;
        }
      }
      requestAnimationFrame(tick);
    }
  }
  document.querySelectorAll("form[data-qr-scan]").forEach(start);
})();
