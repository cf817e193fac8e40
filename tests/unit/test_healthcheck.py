"""The image's HEALTHCHECK (`python -m bot.healthcheck`) against a real HTTP server."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from bot.healthcheck import check, readyz_url


class Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        code = self.status if self.path == "/readyz" else 404
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b'{"ready": false, "checks": {"engine": {"ok": false}}}')

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[http.server.HTTPServer]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    Health.status = 200


def port_of(httpd: http.server.HTTPServer) -> str:
    return str(httpd.server_address[1])


def test_healthy_when_readyz_answers_200(server: http.server.HTTPServer) -> None:
    assert check({"PORT": port_of(server)}) == 0


def test_unhealthy_when_readyz_answers_503_and_says_why(
    server: http.server.HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    Health.status = 503
    assert check({"PORT": port_of(server)}) == 1
    assert '"engine": {"ok": false}' in capsys.readouterr().err


def test_unhealthy_when_nothing_listens() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = str(probe.getsockname()[1])
    assert check({"PORT": closed}) == 1


def test_socket_mode_is_probed_on_health_port(server: http.server.HTTPServer) -> None:
    assert readyz_url({"SLACK_APP_TOKEN": "xapp-1", "PORT": "80", "HEALTH_PORT": "9100"}) == (
        "http://127.0.0.1:9100/readyz"
    )
    assert readyz_url({"SLACK_APP_TOKEN": "", "PORT": "80"}) == "http://127.0.0.1:80/readyz"
    assert check({"SLACK_APP_TOKEN": "xapp-1", "HEALTH_PORT": port_of(server)}) == 0


def test_a_bad_port_is_unhealthy_with_a_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert check({"PORT": "http"}) == 1
    assert "PORT" in capsys.readouterr().err
