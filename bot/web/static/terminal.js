// The browser terminal: xterm.js over a websocket to a shell in the learner's container.
// No inline script (the page's Content-Security-Policy forbids it); the ticket is on <body>.
(function () {
  "use strict";
  var body = document.body;
  var status = document.getElementById("status");
  var term = new Terminal({ cursorBlink: true, cols: 100, rows: 30, fontSize: 14 });
  term.open(document.getElementById("terminal"));
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + location.host + "/terminal/ws");
  socket.binaryType = "arraybuffer";
  var decoder = new TextDecoder();

  socket.onopen = function () {
    socket.send(JSON.stringify({ ticket: body.dataset.ticket }));
    socket.send(JSON.stringify({ resize: [term.rows, term.cols] }));
    status.textContent = "connected";
    body.dataset.state = "connected";
    term.focus();
  };
  socket.onmessage = function (event) {
    if (typeof event.data === "string") {
      term.write(event.data);
    } else {
      term.write(decoder.decode(new Uint8Array(event.data), { stream: true }));
    }
  };
  socket.onclose = function () {
    term.write("\r\n[session ended]\r\n");
    status.textContent = "session ended";
    body.dataset.state = "ended";
  };
  term.onData(function (data) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ input: data }));
    }
  });
  term.onResize(function (size) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ resize: [size.rows, size.cols] }));
    }
  });
})();
